import { type AlarmCatalog, AlarmCatalogSchema, AlarmStateChangeSchema, alarmReport, WATCHED_FUNCTIONS } from "@caretaker/core/alarms";
import { formatEmailMessage } from "@caretaker/core/notify";
import { describe, expect, it } from "vitest";
import { fallbackDefinition, fallbackTexts } from "../../infra/alarm-fallback";
import { type AlarmResources, alarmsPlan, FALLBACK_ALARMS, type NotificationPath } from "../../infra/alarms-plan";
import { MAX_PATTERN_LENGTH } from "../../infra/drain-rules";
import { assertValidPattern, matchesPattern } from "./event-pattern";
import { eventFixture } from "./fixtures";
import { type Json, runWorkflow, type Workflow } from "./states-language";

const ACCOUNT = "123456789012";
const fn = (role: string) => ({ name: `caretaker-prod-${role}Function-a1b2c3`, logGroup: `/aws/lambda/caretaker-prod-${role}Function-a1b2c3` });
const RESOURCES: AlarmResources<string> = {
  app: "caretaker",
  stage: "prod",
  functions: { drain: fn("Drain"), "image-gc": fn("ImageGc"), drift: fn("Drift"), probe: fn("Probe"), alarm: fn("Alarm") },
  drainQueue: { name: "DrainQueue-1a2b3c", url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainQueue-1a2b3c` },
  deadLetters: { name: "DrainDeadLetters-9f8e7d", url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainDeadLetters-9f8e7d`, arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:DrainDeadLetters-9f8e7d` },
  alarmRuleName: "AlarmStateChangeRule-0a1b2c",
};
const plan = alarmsPlan(RESOURCES);

/** AWS's sample state change (test/fixtures/events), for one of the plan's alarms. */
function stateChange(alarmName: string, state = "ALARM", previous = "OK") {
  const event = eventFixture("eventbridge-cloudwatch-alarm-state-change.json") as Record<string, Json> & { detail: Record<string, Json> };
  event.detail = { ...event.detail, alarmName, state: { ...(event.detail.state as object), value: state }, previousState: { ...(event.detail.previousState as object), value: previous } };
  event.resources = [`arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:${alarmName}`];
  return event;
}

function pathsTaking(event: unknown): NotificationPath[] {
  return (Object.entries(plan.rules) as Array<[NotificationPath, { pattern: unknown }]>).filter(([, rule]) => matchesPattern(rule.pattern, event)).map(([path]) => path);
}

describe("Caretaker's alarms", () => {
  it("watch the drain DLQ and queue, every function's errors and the drain's throttles, each named for its stage", () => {
    expect(plan.alarms.map((alarm) => alarm.name)).toEqual([
      "caretaker-prod-drain-dead-letters",
      "caretaker-prod-drain-stalled",
      "caretaker-prod-drain-errors",
      "caretaker-prod-image-gc-errors",
      "caretaker-prod-drift-errors",
      "caretaker-prod-probe-errors",
      "caretaker-prod-alarm-errors",
      "caretaker-prod-drain-throttles",
      "caretaker-prod-alarm-deliveries",
    ]);
    const errors = plan.alarms.filter((alarm) => alarm.metricName === "Errors");
    expect(errors.map((alarm) => alarm.dimensions.FunctionName).sort()).toEqual(WATCHED_FUNCTIONS.map((role) => RESOURCES.functions[role].name).sort());
  });

  it("fire on the first bad datapoint: any dead letter, any error, any throttle, any failed delivery", () => {
    for (const alarm of plan.alarms) {
      expect(alarm).toMatchObject({ threshold: 0, comparisonOperator: "GreaterThanThreshold" });
      expect(alarm.datapointsToAlarm).toBe(alarm.evaluationPeriods);
    }
    expect(plan.alarms.find((alarm) => alarm.key === "drain-dead-letters")).toMatchObject({ metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum", periodSeconds: 60, evaluationPeriods: 1, dimensions: { QueueName: "DrainDeadLetters-9f8e7d" } });
  });

  it("call the drain queue stalled only when requests were visible at every minute for 5 minutes", () => {
    expect(plan.alarms.find((alarm) => alarm.key === "drain-stalled")).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "DrainQueue-1a2b3c" },
      statistic: "Minimum",
      periodSeconds: 60,
      evaluationPeriods: 5,
    });
  });

  it("never turn OK for lack of data on queues and errors; throttles and failed deliveries are quiet when absent", () => {
    const treatment = Object.fromEntries(plan.alarms.map((alarm) => [alarm.key, alarm.treatMissingData]));
    expect(treatment).toEqual({
      "drain-dead-letters": "ignore",
      "drain-stalled": "ignore",
      "drain-errors": "ignore",
      "image-gc-errors": "ignore",
      "drift-errors": "ignore",
      "probe-errors": "ignore",
      "alarm-errors": "ignore",
      "drain-throttles": "notBreaching",
      "alarm-deliveries": "notBreaching",
    });
  });

  it("describe each alarm to the alarm function in the shape core reads (CARETAKER_ALARMS)", () => {
    const catalog: AlarmCatalog = plan.catalog;
    expect(AlarmCatalogSchema.parse(catalog)).toEqual(catalog);
    expect(Object.keys(catalog).sort()).toEqual(plan.alarms.map((alarm) => alarm.name).sort());
    // Lambda allows 4 KB of environment variables in all; the catalog must leave room for the others.
    expect(JSON.stringify(catalog).length).toBeLessThan(3000);
  });

  it("each get a specific report from core, with next steps, when they fire", () => {
    for (const alarm of plan.alarms) {
      const report = alarmReport(AlarmStateChangeSchema.parse(stateChange(alarm.name)), plan.catalog[alarm.name]);
      expect(report?.title).toMatch(new RegExp(`\\(${alarm.name}\\)$`));
      expect(report?.nextSteps?.length).toBeGreaterThan(0);
    }
  });
});

describe("the notification paths", () => {
  it("are valid EventBridge patterns within the default size quota", () => {
    for (const rule of Object.values(plan.rules)) {
      assertValidPattern(rule.pattern);
      expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    }
  });

  it("take no sample event but Caretaker's own alarms (AWS's sample alarm is someone else's)", () => {
    expect(pathsTaking(eventFixture("eventbridge-cloudwatch-alarm-state-change.json"))).toEqual([]);
    for (const name of ["eventbridge-spot-interruption.json", "eventbridge-lifecycle-terminate.json", "eventbridge-health-eks-planned-lifecycle.json", "s3-put.json"]) {
      expect(pathsTaking(eventFixture(name))).toEqual([]);
    }
    expect(pathsTaking(stateChange("caretaker-staging-drain-errors"))).toEqual([]);
  });

  it("notify every alarm through a path that does not need what the alarm watches", () => {
    for (const alarm of plan.alarms) {
      const independent = pathsTaking(stateChange(alarm.name)).filter((path) => !plan.pathNeeds[path].includes(alarm.watches));
      expect({ alarm: alarm.key, independent: independent.length > 0 }).toEqual({ alarm: alarm.key, independent: true });
    }
  });

  it("send the alarm function's own alarms to the fallback too, and only when they fire", () => {
    const own = plan.alarms.filter((alarm) => FALLBACK_ALARMS.includes(alarm.key)).map((alarm) => alarm.name);
    expect(own).toEqual(["caretaker-prod-alarm-errors", "caretaker-prod-alarm-deliveries"]);
    for (const name of own) {
      expect(pathsTaking(stateChange(name))).toEqual(["handler", "fallback"]);
      expect(pathsTaking(stateChange(name, "OK", "ALARM"))).toEqual(["handler"]);
    }
    expect(pathsTaking(stateChange("caretaker-prod-drain-dead-letters"))).toEqual(["handler"]);
  });

  it("give the handler every transition: it tells news from the rest itself", () => {
    for (const [state, previous] of [["OK", "ALARM"], ["OK", "INSUFFICIENT_DATA"], ["INSUFFICIENT_DATA", "ALARM"]]) {
      expect(pathsTaking(stateChange("caretaker-prod-drift-errors", state, previous))).toEqual(["handler"]);
    }
  });
});

describe("the fallback workflow", () => {
  const args = { app: "caretaker", stage: "prod", partition: "aws", topicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:Alerts`, alarmFunction: RESOURCES.functions.alarm, alarmRuleName: RESOURCES.alarmRuleName };
  const event = stateChange("caretaker-prod-alarm-errors");
  const published = runWorkflow(fallbackDefinition(args) as unknown as Workflow, event as Json);

  it("publishes both variants with the attributes every subscription filters on", () => {
    expect(published.map((message) => message.MessageAttributes)).toEqual(
      ["chatbot", "email"].map((format) => ({
        format: { DataType: "String", StringValue: format },
        kind: { DataType: "String", StringValue: "alarm" },
        severity: { DataType: "String", StringValue: "error" },
        fingerprint: { DataType: "String", StringValue: "alarm-fallback/c4c1c1c9-6542-e61b-6ef0-8c4d36933a92" },
      })),
    );
    expect(published.map((message) => message.TopicArn)).toEqual([args.topicArn, args.topicArn]);
  });

  it("sends Chatbot a custom notification naming the alarm, why it fired and what to do", () => {
    const notification = JSON.parse(published[0]?.Message as string);
    expect(notification).toMatchObject({
      version: "1.0",
      source: "custom",
      id: "alarm-fallback/c4c1c1c9-6542-e61b-6ef0-8c4d36933a92",
      content: { textType: "client-markdown", title: ":rotating_light: Caretaker alarm notifications are failing (caretaker-prod-alarm-errors)", nextSteps: fallbackTexts(args).nextSteps },
      metadata: { threadId: "alarm", eventType: "caretaker.alarm", additionalContext: { kind: "alarm", severity: "error", occurredAt: "2019-10-02T17:04:40Z" } },
    });
    expect(notification.content.description).toContain("*Reason:* Threshold Crossed: 1 out of the last 1 datapoints");
    expect(notification.content.nextSteps.join("\n")).toContain("aws cloudwatch describe-alarms --alarm-name-prefix caretaker-prod- --state-value ALARM");
  });

  it("sends e-mail a valid subject and a plain-text body like the notifier's", () => {
    const email = published[1] as { Subject: string; Message: string };
    expect(email.Subject).toBe("[Caretaker] ERROR: alarm notifications are failing (caretaker-prod)");
    expect(email.Subject).toMatch(/^[\x20-\x7e]{1,99}$/);
    expect(email.Message).toContain("Alarm:  caretaker-prod-alarm-errors\nReason: Threshold Crossed");
    expect(email.Message).toContain(`1. See which of Caretaker's alarms are firing`);
    expect(email.Message).toContain(`aws logs tail ${RESOURCES.functions.alarm.logGroup}`);
    // The same subject style as core's formatter for an error report.
    expect(formatEmailMessage({ kind: "alarm", severity: "error", title: "alarm notifications are failing (caretaker-prod)", summary: "", fingerprint: "f", occurredAt: new Date() }).subject).toBe(email.Subject);
  });

  it("keeps long stage names within the subject limit", () => {
    const subject = fallbackTexts({ ...args, stage: "x".repeat(120) }).subject;
    expect(subject.length).toBeLessThanOrEqual(99);
    expect(subject.endsWith("...")).toBe(true);
  });

  it("uses the partition's SNS integration", () => {
    expect(JSON.stringify(fallbackDefinition({ ...args, partition: "aws-cn" }))).toContain('"Resource":"arn:aws-cn:states:::sns:publish"');
  });
});
