import {
  AutoScalingClient,
  CompleteLifecycleActionCommand,
  DescribeAutoScalingInstancesCommand,
  RecordLifecycleActionHeartbeatCommand,
} from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, it } from "vitest";
import type { AwsAccountSpec } from "../../src/aws/account";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const GROUP = "eks-general-1a2b";
const HOOK = "caretaker-drain";
const SECOND = 1_000;

function spec(hook: { heartbeatTimeout?: number; defaultResult?: "CONTINUE" | "ABANDON" } = {}): AwsAccountSpec {
  return {
    autoscaling: {
      groups: [{ name: GROUP, cluster: "prod", nodegroup: "general", instances: 2, lifecycleHooks: [{ name: HOOK, heartbeatTimeout: 300, ...hook }] }],
    },
  };
}

function firstInstance(sandbox: TestSandbox): string {
  return sandbox.account.autoscaling.group(GROUP)?.Instances?.[0]?.InstanceId ?? "";
}

describe("lifecycle actions", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("puts a scaled-in instance into Terminating:Wait and returns the EventBridge event of drain.md §5.1", () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);

    // Act
    const event = sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Assess
    expect(event).toEqual({
      version: "0",
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      "detail-type": "EC2 Instance-terminate Lifecycle Action",
      source: "aws.autoscaling",
      account: "111122223333",
      time: "2025-06-02T09:00:00Z",
      region,
      resources: [expect.stringMatching(new RegExp(`^arn:aws:autoscaling:${region}:111122223333:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName/${GROUP}$`))],
      detail: {
        LifecycleActionToken: expect.stringMatching(/^[0-9a-f-]{36}$/),
        AutoScalingGroupName: GROUP,
        LifecycleHookName: HOOK,
        EC2InstanceId: instanceId,
        LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
        Origin: "AutoScalingGroup",
        Destination: "EC2",
      },
    });
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating:Wait");
    expect(sandbox.account.events.emitted({ source: "aws.autoscaling" })).toEqual([event]);
  });

  it("terminates the instance once the action is completed: Terminating:Proceed, then EC2 shutting-down and terminated", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    const event = sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);
    const autoscaling = new AutoScalingClient({ region });

    // Act
    await autoscaling.send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, LifecycleActionResult: "CONTINUE", LifecycleActionToken: event?.detail.LifecycleActionToken }));
    const during = sandbox.account.autoscaling.lifecycleState(instanceId);
    const ec2During = sandbox.account.ec2.state(instanceId);
    sandbox.clock.advance(60 * SECOND);

    // Assess
    expect([during, ec2During]).toEqual(["Terminating:Proceed", "shutting-down"]);
    expect(sandbox.account.ec2.state(instanceId)).toBe("terminated");
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBeUndefined();
    const { Reservations } = await new EC2Client({ region }).send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    expect(Reservations?.[0]?.Instances?.[0]?.State).toEqual({ Code: 48, Name: "terminated" });
  });

  it("completes by instance id as well as by token", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Act
    await new AutoScalingClient({ region }).send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, LifecycleActionResult: "ABANDON", InstanceId: instanceId }));

    // Assess
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId })).toEqual([expect.objectContaining({ status: "completed", result: "ABANDON", completedBy: "api" })]);
  });

  it("answers a second completion with ValidationError 'No active Lifecycle Action found' (by token and by instance id)", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    const token = sandbox.account.autoscaling.terminateInstance(GROUP, instanceId)?.detail.LifecycleActionToken ?? "";
    const autoscaling = new AutoScalingClient({ region, maxAttempts: 1 });
    const complete = (by: { LifecycleActionToken?: string; InstanceId?: string }) =>
      autoscaling.send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, LifecycleActionResult: "CONTINUE", ...by }));
    await complete({ LifecycleActionToken: token });

    // Act
    const byToken = await rejectionOf(complete({ LifecycleActionToken: token }));
    const byInstance = await rejectionOf(complete({ InstanceId: instanceId }));

    // Assess
    expect(byToken).toMatchObject({ name: "ValidationError", $fault: "client", message: `No active Lifecycle Action found with token ${token}`, $metadata: { httpStatusCode: 400 } });
    expect(byInstance.message).toBe(`No active Lifecycle Action found with instance ID ${instanceId}`);
  });

  it("completes exactly once when two completions race", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);
    const autoscaling = new AutoScalingClient({ region });
    const complete = () => autoscaling.send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, LifecycleActionResult: "CONTINUE", InstanceId: instanceId }));

    // Act
    const results = await Promise.allSettled([complete(), complete()]);

    // Assess
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId, status: "completed" })).toHaveLength(1);
    expect(sandbox.account.calls.count("autoscaling:CompleteLifecycleAction", "ok")).toBe(1);
  });

  it("answers an unknown instance or token with the same ValidationError", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const autoscaling = new AutoScalingClient({ region });

    // Act
    const error = await rejectionOf(autoscaling.send(new RecordLifecycleActionHeartbeatCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, InstanceId: "i-0123456789abcdef0" })));

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", message: "No active Lifecycle Action found with instance ID i-0123456789abcdef0" });
  });

  it("applies the hook's DefaultResult when the heartbeat timeout passes, and the action is then gone", async () => {
    // Prepare
    sandbox = startSandbox(spec({ defaultResult: "CONTINUE" }));
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Act
    sandbox.clock.advance(300 * SECOND);
    const late = await rejectionOf(new AutoScalingClient({ region }).send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, LifecycleActionResult: "CONTINUE", InstanceId: instanceId })));

    // Assess
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId })).toEqual([expect.objectContaining({ result: "CONTINUE", completedBy: "timeout" })]);
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating:Proceed");
    expect(late.name).toBe("ValidationError");
  });

  it("defaults to ABANDON on timeout when the hook does not say", () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: GROUP, instances: 1, lifecycleHooks: [{ name: HOOK, heartbeatTimeout: 30 }] }] } });
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Act
    sandbox.clock.advance(30 * SECOND);

    // Assess
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId })[0]).toMatchObject({ result: "ABANDON", completedBy: "timeout" });
  });

  it("extends the timeout by the heartbeat timeout from the moment of the heartbeat", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);
    const autoscaling = new AutoScalingClient({ region });
    sandbox.clock.advance(200 * SECOND);

    // Act
    await autoscaling.send(new RecordLifecycleActionHeartbeatCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, InstanceId: instanceId }));
    sandbox.clock.advance(299 * SECOND);
    const stillWaiting = sandbox.account.autoscaling.lifecycleState(instanceId);
    sandbox.clock.advance(2 * SECOND);

    // Assess: 200 s + 300 s from the heartbeat, not 300 s from the start.
    expect(stillWaiting).toBe("Terminating:Wait");
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId })[0]).toMatchObject({ heartbeats: 1, completedBy: "timeout" });
  });

  it("never extends past the global timeout of 100 × HeartbeatTimeout", async () => {
    // Prepare
    sandbox = startSandbox(spec({ heartbeatTimeout: 30 }));
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);
    const autoscaling = new AutoScalingClient({ region });
    const heartbeat = () => autoscaling.send(new RecordLifecycleActionHeartbeatCommand({ AutoScalingGroupName: GROUP, LifecycleHookName: HOOK, InstanceId: instanceId }));

    // Act: a heartbeat every 20 s keeps it alive until the 3000 s global timeout, and not a second longer.
    for (let elapsed = 20; elapsed < 3000; elapsed += 20) {
      sandbox.clock.advance(20 * SECOND);
      await heartbeat();
    }
    sandbox.clock.advance(20 * SECOND);
    const after = await rejectionOf(heartbeat());

    // Assess
    const [action] = sandbox.account.autoscaling.lifecycleActions({ instanceId });
    expect(action?.completedBy).toBe("timeout");
    expect((action?.completedAt?.getTime() ?? 0) - (action?.startedAt.getTime() ?? 0)).toBe(3000 * SECOND);
    expect(after.name).toBe("ValidationError");
  });

  it("shows the wait state in DescribeAutoScalingInstances", async () => {
    // Prepare
    sandbox = startSandbox(spec());
    const instanceId = firstInstance(sandbox);
    sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Act
    const { AutoScalingInstances } = await new AutoScalingClient({ region }).send(new DescribeAutoScalingInstancesCommand({ InstanceIds: [instanceId] }));

    // Assess
    expect(AutoScalingInstances).toEqual([expect.objectContaining({ InstanceId: instanceId, AutoScalingGroupName: GROUP, LifecycleState: "Terminating:Wait", HealthStatus: "HEALTHY" })]);
  });

  it("terminates at once without a terminate hook, and lowers the desired capacity", () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: GROUP, instances: 2 }] } });
    const instanceId = firstInstance(sandbox);

    // Act
    const event = sandbox.account.autoscaling.terminateInstance(GROUP, instanceId);

    // Assess
    expect(event).toBeUndefined();
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating");
    expect(sandbox.account.ec2.state(instanceId)).toBe("shutting-down");
    expect(sandbox.account.autoscaling.group(GROUP)?.DesiredCapacity).toBe(1);
  });
});
