import { describe, expect, it } from "vitest";
import { parseDrainTrigger, parseSqsMessageBody } from "../../../src/drain/triggers";
import { invalidTriggerFrom, loadBody, loadEvent, withDetail } from "./events";

describe("Spot interruption warnings", () => {
  it("become a spot-interruption trigger with the instance and the action", () => {
    // Prepare
    const event = loadEvent("eventbridge-spot-interruption");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "spot-interruption",
      eventId: "1e5527d7-bb36-4607-3370-4164db56a40e",
      time: "1970-01-01T00:00:00Z",
      region: "us-east-1",
      account: "123456789012",
      instanceId: "i-0b662ef9931388ba0",
      instanceAction: "terminate",
    });
  });

  it.each(["stop", "hibernate"])("accept the %s action", (action) => {
    // Prepare
    const event = withDetail("eventbridge-spot-interruption", { "instance-action": action });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({ kind: "spot-interruption", instanceAction: action });
  });

  it("refuse an action AWS does not send, listing the three it does", () => {
    // Prepare: AWS's documentation example literally says "action".
    const event = withDetail("eventbridge-spot-interruption", { "instance-action": "action" });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(['detail.instance-action: must be "terminate" or "stop" or "hibernate", not "action"']);
  });

  it("arrive through SQS when an EventBridge rule targets a queue", () => {
    // Prepare
    const body = loadBody("eventbridge-spot-interruption");

    // Act
    const trigger = parseSqsMessageBody(body);

    // Assess
    expect(trigger).toMatchObject({ kind: "spot-interruption", instanceId: "i-0b662ef9931388ba0" });
  });
});

describe("rebalance recommendations", () => {
  it("become a rebalance-recommendation trigger", () => {
    // Prepare
    const event = loadEvent("eventbridge-rebalance-recommendation");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "rebalance-recommendation",
      eventId: "5d5555d5-dd55-5555-5555-5555dd55d55d",
      time: "2020-10-26T14:14:14Z",
      region: "us-east-1",
      account: "123456789012",
      instanceId: "i-0b662ef9931388ba0",
    });
  });

  it("are refused without an instance id, naming detail.instance-id", () => {
    // Prepare
    const event = withDetail("eventbridge-rebalance-recommendation", { "instance-id": undefined });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(["detail.instance-id: is required"]);
  });
});

describe("instance state-change notifications", () => {
  it.each(["stopping", "stopped", "shutting-down", "terminated"])("drain when the instance is %s", (state) => {
    // Prepare
    const event = withDetail("eventbridge-state-change-pending", { state });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "state-change",
      eventId: "7bf73129-1428-4cd3-a780-95db273d1602",
      time: "2021-11-11T21:29:54Z",
      region: "us-east-1",
      account: "123456789012",
      instanceId: "i-1234567890abcdef0",
      state,
    });
  });

  it.each(["pending", "running"])("are acknowledged without a drain when the instance is %s", (state) => {
    // Prepare: AWS's own example (state "pending", and no "version" field).
    const event = withDetail("eventbridge-state-change-pending", { state });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({
      kind: "ignored",
      source: "eventbridge",
      event: `EC2 Instance State-change Notification (${state})`,
      eventId: "7bf73129-1428-4cd3-a780-95db273d1602",
      instanceId: "i-1234567890abcdef0",
    });
  });

  it("do not take a prefix of a drain state for one, as NTH's substring match does", () => {
    // Prepare
    const event = withDetail("eventbridge-state-change-pending", { state: "stop" });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger.kind).toBe("ignored");
  });

  it("are refused without a state", () => {
    // Prepare
    const event = withDetail("eventbridge-state-change-pending", { state: undefined });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(["detail.state: is required"]);
  });
});
