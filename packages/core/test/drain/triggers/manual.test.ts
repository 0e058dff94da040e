import { describe, expect, it } from "vitest";
import { parseDrainTrigger, parseManualDrainRequest, parseSqsMessageBody } from "../../../src/drain/triggers";
import { invalidTriggerFrom } from "./events";

describe("manual drain requests", () => {
  it("name a node and default to a real drain with no options", () => {
    // Prepare
    const request = { cluster: "prod", node: "ip-10-0-1-5.ec2.internal" };

    // Act
    const trigger = parseDrainTrigger(request);

    // Assess
    expect(trigger).toStrictEqual({ kind: "manual", cluster: "prod", node: "ip-10-0-1-5.ec2.internal", dryRun: false, options: {} });
  });

  it("name an instance and pass dryRun, options and requestId through", () => {
    // Prepare
    const request = { instanceId: "i-0123456789abcdef0", dryRun: true, options: { timeoutSeconds: 600, podSelector: "app=web" }, requestId: "cli-42" };

    // Act
    const trigger = parseDrainTrigger(request);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "manual",
      instanceId: "i-0123456789abcdef0",
      dryRun: true,
      options: { timeoutSeconds: 600, podSelector: "app=web" },
      requestId: "cli-42",
    });
  });

  it.each([
    ["neither node nor instanceId", {}, "node, instanceId: one is required: the Kubernetes node name or the EC2 instance id"],
    ["both node and instanceId", { node: "web-1", instanceId: "i-0123456789abcdef0" }, "node, instanceId: give one of them, not both"],
  ])("are refused with %s", (_, request, problem) => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(request));

    // Assess
    expect(error.problems).toEqual([problem]);
    expect(error.message).toBe(`Invalid manual drain request: ${problem}. Nothing was drained.`);
  });

  it.each(["Web-1", "web_1", "-web", "web.", "a".repeat(254)])("refuse the node name %j, which is not a DNS-1123 subdomain", (node) => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger({ node }));

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^node: must be /);
  });

  it.each(["i-123", "i-0123456789ABCDEF0", "0123456789abcdef0", "i-0123456789abcdef01"])("refuse the instance id %j", (instanceId) => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger({ instanceId }));

    // Assess
    expect(error.problems).toEqual(['instanceId: must be an EC2 instance id such as "i-0123456789abcdef0" ("i-" and 8 or 17 hex digits)']);
  });

  it.each([
    ["a list", ["timeoutSeconds=600"], "options: must be an object, not an array"],
    ["null", null, "options: must be an object, not null"],
    ["a string", "timeoutSeconds=600", "options: must be an object, not a string"],
  ])("refuse options given as %s", (_, options, problem) => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger({ node: "web-1", options }));

    // Assess
    expect(error.problems).toEqual([problem]);
  });

  it("check the options' values as the drain would, before anything is done, and still pass them on as given", () => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger({ node: "web-1", options: { gracePeriodSeconds: 0, timeoutSecs: 600, onDeadline: "kill" } }));
    const trigger = parseDrainTrigger({ node: "web-1", options: { timeoutSeconds: 600 } });

    // Assess
    expect(error.problems).toEqual([
      "options.gracePeriodSeconds: 0 would kill pods without a chance to stop; use -1 (the pod's own) or ≥ 1",
      'options.onDeadline: must be "stop" or "force-delete", not "kill"',
      expect.stringMatching(/^options\.timeoutSecs: is not a recognised field \(allowed: ignoreDaemonSets, .*timeoutSeconds/),
    ]);
    expect(trigger).toStrictEqual({ kind: "manual", node: "web-1", dryRun: false, options: { timeoutSeconds: 600 } });
  });

  it("are the only thing parseManualDrainRequest takes", () => {
    // Prepare: an AWS event parseDrainTrigger would accept.
    const spot = { "detail-type": "EC2 Spot Instance Interruption Warning", source: "aws.ec2", detail: { "instance-id": "i-0123456789abcdef0", "instance-action": "terminate" } };

    // Act
    const notManual = invalidTriggerFrom(() => parseManualDrainRequest(spot));
    const notObject = invalidTriggerFrom(() => parseManualDrainRequest(["web-1"]));

    // Assess
    expect(notManual.problems).toContain('detail-type: is not a recognised field (allowed: cluster, node, instanceId, dryRun, options, requestId)');
    expect(notObject.problems).toEqual(["(input): must be an object, not an array"]);
    expect(parseManualDrainRequest({ cluster: "prod", node: "web-1", dryRun: true })).toStrictEqual({ kind: "manual", cluster: "prod", node: "web-1", dryRun: true, options: {} });
  });

  it("refuse unknown fields, listing the allowed ones", () => {
    // Prepare: a typo that, if ignored, would drain a different target than meant.
    const request = { node: "web-1", instanceID: "i-0123456789abcdef0" };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(request));

    // Assess
    expect(error.problems).toEqual(["instanceID: is not a recognised field (allowed: cluster, node, instanceId, dryRun, options, requestId)"]);
  });

  it("list every problem with its path", () => {
    // Prepare
    const request = { cluster: "prod cluster", node: "Web_1", dryRun: "yes", options: [], requestId: "", force: true };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(request));

    // Assess
    expect(error.problems.map((problem) => problem.slice(0, problem.indexOf(":")))).toEqual(["cluster", "node", "dryRun", "options", "requestId", "force"]);
    expect(error.problems).toContain("dryRun: must be true or false, not a string");
    expect(error.problems).toContain("requestId: must not be empty");
  });

  it("are not taken from a queue, where anyone who may send could ask for drains", () => {
    // Act
    const error = invalidTriggerFrom(() => parseSqsMessageBody(JSON.stringify({ node: "web-1" })));

    // Assess
    expect(error.message).toContain("manual drain requests are accepted by direct invocation only");
  });

  it("are not taken from inside an SNS notification either", () => {
    // Prepare
    const notification = { Type: "Notification", MessageId: "m-1", TopicArn: "arn:aws:sns:eu-west-1:123456789012:t", Message: JSON.stringify({ node: "web-1" }) };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(notification));

    // Assess
    expect(error.problems).toEqual(["an SNS notification whose Message is neither an EventBridge event nor an Auto Scaling message"]);
  });
});
