import { describe, expect, it } from "vitest";
import { parseDrainTrigger, parseSqsMessageBody } from "../../../src/drain/triggers";
import { invalidTriggerFrom, loadBody, loadEvent, withDetail } from "./events";

describe("EventBridge terminate lifecycle actions", () => {
  it("become a lifecycle trigger carrying everything CompleteLifecycleAction needs", () => {
    // Prepare
    const event = loadEvent("eventbridge-lifecycle-terminate");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "lifecycle",
      source: "eventbridge",
      eventId: "782d5b4c-0f6f-1fd6-9d62-ecf6aed0a470",
      time: "2020-07-01T22:19:58Z",
      region: "us-east-1",
      account: "123456789012",
      action: {
        autoScalingGroupName: "nth-test1",
        lifecycleHookName: "node-termination-handler",
        instanceId: "i-0633ac2b0d9769723",
        token: "0befcbdb-6ecd-498a-9ff7-ae9b54447cd6",
      },
    });
  });

  it("keep the notification metadata and the warm-pool origin and destination", () => {
    // Prepare
    const event = loadEvent("eventbridge-lifecycle-terminate-warm-pool");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({
      kind: "lifecycle",
      notificationMetadata: "additional-info",
      origin: "AutoScalingGroup",
      destination: "WarmPool",
      action: { autoScalingGroupName: "my-asg", lifecycleHookName: "my-termination-lifecycle-hook", instanceId: "i-1234567890abcdef0" },
    });
  });

  it.each(["LifecycleActionToken", "AutoScalingGroupName", "LifecycleHookName", "EC2InstanceId"])("are refused without detail.%s, naming it", (field) => {
    // Prepare
    const event = withDetail("eventbridge-lifecycle-terminate", { [field]: undefined });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual([`detail.${field}: is required`]);
    expect(error.message).toContain('Invalid "EC2 Instance-terminate Lifecycle Action" event');
  });

  it("report every bad field at once, envelope and detail together", () => {
    // Prepare
    const event = { ...withDetail("eventbridge-lifecycle-terminate", { EC2InstanceId: "web-1", LifecycleHookName: "" }), id: undefined };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual([
      "id: is required",
      "detail.LifecycleHookName: must not be empty",
      'detail.EC2InstanceId: must be an EC2 instance id such as "i-0123456789abcdef0" ("i-" and 8 or 17 hex digits)',
    ]);
  });

  it("are refused for a transition other than terminating, naming the one expected", () => {
    // Prepare
    const event = withDetail("eventbridge-lifecycle-terminate", { LifecycleTransition: "autoscaling:EC2_INSTANCE_REPLACEME" });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(['detail.LifecycleTransition: must be "autoscaling:EC2_INSTANCE_TERMINATING", not "autoscaling:EC2_INSTANCE_REPLACEME"']);
  });
});

describe("launch lifecycle actions", () => {
  it("are acknowledged without a drain, with a reason that warns the hook will time out", () => {
    // Prepare
    const event = loadEvent("eventbridge-lifecycle-launch");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({ kind: "ignored", source: "eventbridge", eventId: "12345678-1234-1234-1234-123456789012", instanceId: "i-1234567890abcdef0" });
    expect(trigger.kind === "ignored" && trigger.reason).toMatch(/not completed .* HeartbeatTimeout .* DefaultResult/);
  });

  it("are acknowledged the same way under a terminate detail-type or straight from the hook", () => {
    // Prepare
    const underTerminate = withDetail("eventbridge-lifecycle-terminate", { LifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING" });
    const direct = { ...loadEvent("asg-direct-lifecycle-terminate"), LifecycleTransition: "autoscaling:EC2_INSTANCE_LAUNCHING" };

    // Act
    const triggers = [parseDrainTrigger(underTerminate), parseDrainTrigger(direct)];

    // Assess
    expect(triggers.map((trigger) => [trigger.kind, "source" in trigger && trigger.source])).toEqual([
      ["ignored", "eventbridge"],
      ["ignored", "asg-direct"],
    ]);
  });
});

describe("Auto Scaling test notifications", () => {
  it("are a no-op test-notification straight from the hook (Event)", () => {
    // Prepare
    const message = loadEvent("asg-direct-test-notification");

    // Act
    const trigger = parseDrainTrigger(message);

    // Assess
    expect(trigger).toStrictEqual({ kind: "test-notification", source: "asg-direct" });
  });

  it("are a no-op test-notification in aws-node-termination-handler's EventBridge form", () => {
    // Prepare
    const event = loadEvent("eventbridge-lifecycle-test-notification");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({ kind: "test-notification", source: "eventbridge" });
  });

  it("are a no-op from an SQS body too", () => {
    // Prepare
    const body = loadBody("asg-direct-test-notification");

    // Act
    const trigger = parseSqsMessageBody(body);

    // Assess
    expect(trigger).toStrictEqual({ kind: "test-notification", source: "asg-direct" });
  });
});

describe("lifecycle messages sent straight to SQS or SNS", () => {
  const expected = {
    kind: "lifecycle",
    source: "asg-direct",
    eventId: "6d182a89-b489-4116-b810-f73d3db5b477",
    time: "2018-05-08T16:59:35.661Z",
    account: "01234567890",
    action: {
      autoScalingGroupName: "testing-ECSAutoScalingGroup-J80BFBLVR4ZJ",
      lifecycleHookName: "testing-ASGTerminateHook-11414UVQ4RWSR",
      instanceId: "i-01234567890abcdef",
      token: "86799385-e46d-40b9-a393-6ff3da981d7e",
    },
  };

  it("become a lifecycle trigger identified by the message's RequestId and Time", () => {
    // Prepare
    const body = loadBody("asg-direct-lifecycle-terminate");

    // Act
    const trigger = parseSqsMessageBody(body);

    // Assess
    expect(trigger).toStrictEqual(expected);
  });

  it("are unwrapped from an SNS notification's Message, from SQS or handed over as an object", () => {
    // Prepare
    const notification = loadEvent("sns-notification-lifecycle-terminate");

    // Act
    const triggers = [parseSqsMessageBody(JSON.stringify(notification)), parseDrainTrigger(notification)];

    // Assess
    expect(triggers).toStrictEqual([expected, expected]);
  });

  it("accept aws-node-termination-handler's re-marshalled form, whose Event is empty", () => {
    // Prepare: NTH sqs-monitor_test.go asgLifecycleEventFromSQS, as Go's json.Marshal writes the LifecycleDetail struct.
    const body =
      '{"LifecycleActionToken":"b4dd0f5b-0ef2-4479-9dad-6c55f027000e","AutoScalingGroupName":"my-asg","LifecycleHookName":"test-nth-asg-to-sqs","EC2InstanceId":"i-040107f6ba000e5ee","LifecycleTransition":"autoscaling:EC2_INSTANCE_TERMINATING","Event":"","RequestId":"3775fac9-93c3-7ead-8713-159816566000","Time":"2022-01-31T23:07:47.872Z"}';

    // Act
    const trigger = parseSqsMessageBody(body);

    // Assess
    expect(trigger).toMatchObject({ kind: "lifecycle", eventId: "3775fac9-93c3-7ead-8713-159816566000", action: { instanceId: "i-040107f6ba000e5ee" } });
  });

  it("read a null NotificationMetadata as none", () => {
    // Prepare
    const message = { ...loadEvent("asg-direct-lifecycle-terminate"), NotificationMetadata: null };

    // Act
    const trigger = parseDrainTrigger(message);

    // Assess
    expect(trigger).not.toHaveProperty("notificationMetadata");
  });

  it("name the missing field inside the SNS Message", () => {
    // Prepare
    const notification = loadEvent("sns-notification-lifecycle-terminate");
    const message = JSON.parse(notification.Message as string) as Record<string, unknown>;
    delete message.LifecycleActionToken;
    notification.Message = JSON.stringify(message);

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(notification));

    // Assess
    expect(error.problems).toEqual(["Message.LifecycleActionToken: is required"]);
    expect(error.message).toMatch(/^Invalid Auto Scaling lifecycle message: Message\.LifecycleActionToken: is required\. Nothing was drained\.$/);
  });

  it("acknowledge Auto Scaling's scaling notifications on a shared topic without a drain", () => {
    // Prepare
    const notification = loadEvent("sns-notification-asg-instance-terminate");

    // Act
    const trigger = parseSqsMessageBody(JSON.stringify(notification));

    // Assess
    expect(trigger).toMatchObject({
      kind: "ignored",
      source: "asg-direct",
      event: "autoscaling:EC2_INSTANCE_TERMINATE",
      eventId: "f753f11f-5d66-41f1-bcf6-f2db8aa09930",
      instanceId: "i-01234567890abcdef",
    });
  });
});
