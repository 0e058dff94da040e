import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type AlarmCatalog, AlarmStateChangeSchema, type AlarmTarget, alarmReport, parseAlarmCatalog } from "../../src/alarms";
import { assertValidReport, formatChatbotMessage, formatEmailMessage } from "../../src/notify";

/** AWS's sample "CloudWatch Alarm State Change" (test/fixtures/events/README.md), renamed to one of Caretaker's alarms. */
function stateChange(alarmName: string, change: { state?: string; previous?: string } = {}) {
  const event = JSON.parse(readFileSync(new URL("../../../../test/fixtures/events/eventbridge-cloudwatch-alarm-state-change.json", import.meta.url), "utf8"));
  event.detail.alarmName = alarmName;
  event.resources = [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`];
  if (change.state) event.detail.state.value = change.state;
  if (change.previous) event.detail.previousState.value = change.previous;
  return AlarmStateChangeSchema.parse(event);
}

const drainFunction = { role: "drain", name: "caretaker-prod-DrainFunction-a1b2c3", logGroup: "/aws/lambda/caretaker-prod-DrainFunction-a1b2c3" } as const;
const CATALOG: AlarmCatalog = parseAlarmCatalog({
  "caretaker-prod-drain-dead-letters": {
    type: "dead-letters",
    queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/DrainDeadLetters-9f8e7d",
    queueArn: "arn:aws:sqs:us-east-1:123456789012:DrainDeadLetters-9f8e7d",
    sourceQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/DrainQueue-1a2b3c",
    consumer: drainFunction,
  },
  "caretaker-prod-drain-stalled": { type: "queue-stalled", queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/DrainQueue-1a2b3c", consumer: drainFunction },
  "caretaker-prod-drain-errors": { type: "function-errors", function: drainFunction },
  "caretaker-prod-drain-throttles": { type: "function-throttles", function: drainFunction },
  "caretaker-prod-image-gc-errors": { type: "function-errors", function: { role: "image-gc", name: "caretaker-prod-ImageGcFunction-x", logGroup: "/aws/lambda/caretaker-prod-ImageGcFunction-x" } },
  "caretaker-prod-alarm-deliveries": {
    type: "event-deliveries",
    ruleName: "AlarmStateChangeRule-0a1b2c",
    function: { role: "alarm", name: "caretaker-prod-AlarmFunction-y", logGroup: "/aws/lambda/caretaker-prod-AlarmFunction-y" },
  },
});

function reportFor(alarmName: string, change?: { state?: string; previous?: string }) {
  return alarmReport(stateChange(alarmName, change), CATALOG[alarmName]);
}

describe("alarm reports", () => {
  it("reads AWS's sample event", () => {
    // Act
    const event = stateChange("ServerCpuTooHigh");
    // Assess
    expect(event.detail).toMatchObject({ alarmName: "ServerCpuTooHigh", state: { value: "ALARM" }, previousState: { value: "OK" } });
    expect(event.resources).toEqual(["arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh"]);
  });

  it("turns dead letters into an error with how to inspect, redrive or discard them", () => {
    // Act
    const report = reportFor("caretaker-prod-drain-dead-letters");
    // Assess
    expect(report).toMatchObject({
      kind: "alarm",
      severity: "error",
      title: "Drain requests were dead-lettered (caretaker-prod-drain-dead-letters)",
      account: "123456789012",
      region: "us-east-1",
      occurredAt: new Date("2019-10-02T17:04:40.989Z"),
      fingerprint: "alarm/caretaker-prod-drain-dead-letters/ALARM/2019-10-02T17:04:40.989+0000",
    });
    const steps = report?.nextSteps?.join("\n") ?? "";
    expect(steps).toContain("aws sqs receive-message --queue-url https://sqs.us-east-1.amazonaws.com/123456789012/DrainDeadLetters-9f8e7d");
    expect(steps).toContain("aws sqs start-message-move-task --source-arn arn:aws:sqs:us-east-1:123456789012:DrainDeadLetters-9f8e7d");
    expect(steps).toContain("aws sqs purge-queue");
    // The logs from before the alarm fired, not from whenever someone reads the message.
    expect(steps).toContain("aws logs tail /aws/lambda/caretaker-prod-DrainFunction-a1b2c3 --since 2019-10-02T16:34:40Z");
    expect(report?.facts).toContainEqual({ label: "Reason", value: expect.stringContaining("Threshold Crossed") });
    expect(report?.relatedResources).toContain("https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#alarmsV2:alarm/caretaker-prod-drain-dead-letters");
  });

  it.each([
    ["caretaker-prod-drain-stalled", "error", "Drain requests are not being picked up", "aws lambda list-event-source-mappings --function-name caretaker-prod-DrainFunction-a1b2c3"],
    ["caretaker-prod-drain-errors", "error", "Drain function failed", "aws logs tail /aws/lambda/caretaker-prod-DrainFunction-a1b2c3"],
    ["caretaker-prod-drain-throttles", "warning", "Drain function throttled", "aws lambda get-account-settings"],
    ["caretaker-prod-image-gc-errors", "error", "Image GC function failed", "caretaker -- gc plan --remote --function caretaker-prod-ImageGcFunction-x"],
    ["caretaker-prod-alarm-deliveries", "error", "EventBridge cannot invoke the alarm notification function", "aws cloudwatch describe-alarms --state-value ALARM"],
  ])("explains %s (%s) and what to do", (name, severity, title, step) => {
    // Act
    const report = reportFor(name);
    // Assess
    expect(report).toMatchObject({ severity, title: `${title} (${name})` });
    expect(report?.nextSteps?.join("\n")).toContain(step);
  });

  it("reports recovery from ALARM, to OK or to INSUFFICIENT_DATA, as a success without next steps", () => {
    // Act
    const ok = reportFor("caretaker-prod-drain-dead-letters", { state: "OK", previous: "ALARM" });
    const noData = reportFor("caretaker-prod-drain-errors", { state: "INSUFFICIENT_DATA", previous: "ALARM" });
    // Assess
    expect(ok).toMatchObject({ severity: "success", title: "Drain dead-letter queue is empty again (caretaker-prod-drain-dead-letters)", nextSteps: [] });
    expect(ok?.fingerprint).toBe("alarm/caretaker-prod-drain-dead-letters/OK/2019-10-02T17:04:40.989+0000");
    expect(ok?.facts).toContainEqual({ label: "State", value: "OK since 2019-10-02T17:04:40.989Z (ALARM since 2019-10-01T13:56:40.987Z)" });
    expect(noData).toMatchObject({ severity: "success", title: "Drain function runs without errors again (caretaker-prod-drain-errors)" });
  });

  it.each([
    ["OK", "INSUFFICIENT_DATA"],
    ["INSUFFICIENT_DATA", "OK"],
    ["OK", "OK"],
  ])("has nothing to say about %s after %s", (state, previous) => {
    expect(reportFor("caretaker-prod-drain-errors", { state, previous })).toBeUndefined();
  });

  it("still reports an alarm the catalog does not know, with its description", () => {
    // Act
    const report = alarmReport(stateChange("caretaker-prod-something-new"), undefined);
    // Assess
    expect(report).toMatchObject({
      kind: "alarm",
      severity: "error",
      title: "CloudWatch alarm caretaker-prod-something-new is in ALARM",
      summary: "Goes into alarm when server CPU utilization is too high!",
    });
  });

  it("produces reports the notifier accepts and fits in both formats", () => {
    const names = [...Object.keys(CATALOG), "unknown"];
    for (const name of names) {
      for (const change of [{}, { state: "OK", previous: "ALARM" }]) {
        // Act
        const report = reportFor(name, change);
        // Assess
        assertValidReport(report);
        expect(JSON.parse(formatChatbotMessage(report))).toMatchObject({ version: "1.0", source: "custom", metadata: { threadId: "alarm", eventType: "caretaker.alarm" } });
        expect(formatEmailMessage(report).subject).toMatch(/^\[Caretaker\] /);
      }
    }
  });

  it("refuses a catalog entry it could not explain, naming the field", () => {
    expect(() => parseAlarmCatalog({ x: { type: "function-errors", function: { role: "cron", name: "f", logGroup: "g" } } })).toThrow(/x\.function\.role/);
    expect(() => parseAlarmCatalog({ x: { type: "disk-full" } as unknown as AlarmTarget })).toThrow(/x\.type/);
    expect(parseAlarmCatalog()).toEqual({});
  });
});
