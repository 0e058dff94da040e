import type { WatchedFunction } from "@caretaker/core/alarms";
import type { EventPattern } from "./drain-rules";

/**
 * Caretaker's CloudWatch alarms and the paths that notify them, as plain data over any reference type (strings in
 * tests, Pulumi outputs in infra).
 *
 * How an alarm notifies. Every subscription of the Alerts topic filters on the `format` message attribute, and a
 * CloudWatch alarm action publishes the alarm's own JSON with no attributes, which every subscription would drop. So
 * no alarm has actions. CloudWatch sends every state change to EventBridge (delivery guaranteed, actions or not), and:
 *
 * - "handler": a rule on the default bus for Caretaker's alarms → the alarm function → core's notifier, both
 *   variants, with what broke and what to do. It depends on nothing it reports on: not the drain queue, not the other
 *   functions, not their VPC (it runs outside any VPC), not the EKS or Kubernetes clients (not in its bundle).
 * - "fallback": the alarm function cannot report its own failure. Its Errors alarm and its rule's FailedInvocations
 *   alarm also go to a second rule → an Express Step Functions workflow that publishes two fixed messages with the
 *   `format` attributes itself (alarm-fallback.ts). No Lambda, no code of Caretaker's: it fails only with SNS.
 *
 * Which alarms, and how each treats missing data:
 *
 * - drain-dead-letters: any message visible on the DLQ. Missing data is ignored: SQS stops publishing for an inactive
 *   queue, which says nothing about whether messages are still there; the alarm turns OK only on a datapoint of 0.
 * - drain-stalled: requests visible on the drain queue at every minute for 5 minutes, i.e. nobody receives them (the
 *   event source mapping disabled, concurrency 0, the function failing before it starts). Not the age of the oldest
 *   message: a long drain hands its message back to the queue between runs, so its age legitimately grows to the
 *   hook's global timeout (hours), and an age alarm would fire hours late or falsely. Missing data ignored, as above.
 * - <function>-errors for every function: any Errors in 5 minutes (1 minute for the alarm function, whose failures
 *   hide others). Missing data is ignored: a scheduled function runs once a day, so the alarm stays in ALARM until the
 *   function has run again without an error, and "OK" means exactly that.
 * - drain-throttles: any Throttles in 5 minutes. A throttled drain request waits a whole visibility timeout (about
 *   15 minutes) for its next try, which a Spot drain (two minutes' notice) cannot afford. Missing data is "not
 *   breaching": no invocations, no throttles. The other functions run on schedules with async retries; not alarmed.
 * - alarm-deliveries: any FailedInvocations of the alarm rule (EventBridge could not invoke the alarm function). Not
 *   breaching when missing.
 */

/** Every alarm, in the order they are declared. */
const ALARM_KEYS = [
  "drain-dead-letters",
  "drain-stalled",
  "drain-errors",
  "image-gc-errors",
  "drift-errors",
  "probe-errors",
  "alarm-errors",
  "drain-throttles",
  "alarm-deliveries",
] as const;
type AlarmKey = (typeof ALARM_KEYS)[number];

/** The path that notifies an alarm's state change (see above). */
type NotificationPath = "handler" | "fallback";

/** What can fail: each alarm watches one of these, and each notification path needs some of them to work. */
type Component = WatchedFunction | "drain-queue" | "alarm-rule" | "fallback-workflow" | "fallback-rule";

interface MetricAlarmPlan<R> {
  key: AlarmKey;
  /** alarmName(): `<app>-<stage>-<key>`. */
  name: string;
  description: string;
  watches: Component;
  namespace: "AWS/SQS" | "AWS/Lambda" | "AWS/Events";
  metricName: string;
  dimensions: Record<string, R>;
  statistic: "Maximum" | "Minimum" | "Sum";
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  comparisonOperator: "GreaterThanThreshold";
  treatMissingData: "ignore" | "notBreaching";
}

interface FunctionRefs<R> {
  name: R;
  logGroup: R;
}

interface AlarmResources<R> {
  app: string;
  stage: string;
  functions: Record<WatchedFunction, FunctionRefs<R>>;
  drainQueue: { name: R; url: R };
  deadLetters: { name: R; url: R; arn: R };
  /** The EventBridge rule that invokes the alarm function ("handler" path). */
  alarmRuleName: R;
}

/** CARETAKER_ALARMS: what each alarm watches (core's AlarmCatalog, with R for the names infra only knows at deploy). */
type CatalogEntry<R> =
  | { type: "dead-letters"; queueUrl: R; queueArn: R; sourceQueueUrl: R; consumer: FunctionRef<R> }
  | { type: "queue-stalled"; queueUrl: R; consumer: FunctionRef<R> }
  | { type: "function-errors"; function: FunctionRef<R> }
  | { type: "function-throttles"; function: FunctionRef<R> }
  | { type: "event-deliveries"; ruleName: R; function: FunctionRef<R> };
type FunctionRef<R> = { role: WatchedFunction; name: R; logGroup: R };

interface AlarmsPlan<R> {
  alarms: MetricAlarmPlan<R>[];
  catalog: Record<string, CatalogEntry<R>>;
  rules: Record<NotificationPath, { description: string; pattern: EventPattern }>;
  /** What each path needs to work; no alarm may be notified only by a path that needs what it watches. */
  pathNeeds: Record<NotificationPath, Component[]>;
}

/** Period and missing-data treatment of the function alarms, by what the function is. */
const ERRORS: Pick<MetricAlarmPlan<unknown>, "namespace" | "metricName" | "statistic" | "evaluationPeriods" | "datapointsToAlarm" | "threshold" | "comparisonOperator" | "treatMissingData"> = {
  namespace: "AWS/Lambda",
  metricName: "Errors",
  statistic: "Sum",
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 0,
  comparisonOperator: "GreaterThanThreshold",
  treatMissingData: "ignore",
};

/** The alarms of the handler path itself: only the fallback can report them. */
const FALLBACK_ALARMS: readonly AlarmKey[] = ["alarm-errors", "alarm-deliveries"];

/** `<app>-<stage>-<key>`: set, not generated, so that the rules (created first) can name exactly Caretaker's alarms. */
function alarmName(app: string, stage: string, key: AlarmKey): string {
  return `${app}-${stage}-${key}`;
}

/**
 * The alarm function's name, set rather than generated: its own alarms are in the catalog it is given, so the name
 * must be known before the function exists. Lambda allows 64 characters.
 */
function alarmFunctionName(app: string, stage: string): string {
  const base = `${app}-${stage}`;
  return `${base.length > 58 ? base.slice(0, 58) : base}-alarm`;
}

/** The two rules on the default bus, from the alarm names alone (they exist before the alarms and the function). */
function alarmRules(app: string, stage: string): Record<NotificationPath, { description: string; pattern: EventPattern }> {
  const stateChange = { source: ["aws.cloudwatch"], "detail-type": ["CloudWatch Alarm State Change"] };
  return {
    handler: {
      description: "Caretaker: state changes of Caretaker's alarms, to the alarm function",
      // Every state: the function tells news (into or out of ALARM) from the rest, and is tested for it.
      pattern: { ...stateChange, detail: { alarmName: ALARM_KEYS.map((key) => alarmName(app, stage, key)) } },
    },
    fallback: {
      description: "Caretaker: the alarm function's own alarms, to the fallback workflow (no Lambda)",
      pattern: { ...stateChange, detail: { alarmName: FALLBACK_ALARMS.map((key) => alarmName(app, stage, key)), state: { value: ["ALARM"] } } },
    },
  };
}

function alarmsPlan<R>(resources: AlarmResources<R>): AlarmsPlan<R> {
  const name = (key: AlarmKey) => alarmName(resources.app, resources.stage, key);
  const fn = (role: WatchedFunction): FunctionRef<R> => ({ role, ...resources.functions[role] });
  const byKey: Record<AlarmKey, MetricAlarmPlan<R> & { entry: CatalogEntry<R> }> = {
    "drain-dead-letters": {
      key: "drain-dead-letters",
      name: name("drain-dead-letters"),
      description: "Caretaker: drain requests dead-lettered (any message visible on the drain dead-letter queue)",
      watches: "drain",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: resources.deadLetters.name },
      statistic: "Maximum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "ignore",
      entry: { type: "dead-letters", queueUrl: resources.deadLetters.url, queueArn: resources.deadLetters.arn, sourceQueueUrl: resources.drainQueue.url, consumer: fn("drain") },
    },
    "drain-stalled": {
      key: "drain-stalled",
      name: name("drain-stalled"),
      description: "Caretaker: drain requests waiting on the drain queue for 5 minutes with no run receiving them",
      watches: "drain-queue",
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: resources.drainQueue.name },
      statistic: "Minimum",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "ignore",
      entry: { type: "queue-stalled", queueUrl: resources.drainQueue.url, consumer: fn("drain") },
    },
    "drain-errors": functionErrors("drain"),
    "image-gc-errors": functionErrors("image-gc"),
    "drift-errors": functionErrors("drift"),
    "probe-errors": functionErrors("probe"),
    "alarm-errors": functionErrors("alarm"),
    "drain-throttles": {
      key: "drain-throttles",
      name: name("drain-throttles"),
      description: "Caretaker: drain runs throttled (Lambda Throttles)",
      watches: "drain",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions: { FunctionName: resources.functions.drain.name },
      statistic: "Sum",
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      entry: { type: "function-throttles", function: fn("drain") },
    },
    "alarm-deliveries": {
      key: "alarm-deliveries",
      name: name("alarm-deliveries"),
      description: "Caretaker: EventBridge failed to invoke the alarm function (FailedInvocations of its rule)",
      watches: "alarm-rule",
      namespace: "AWS/Events",
      metricName: "FailedInvocations",
      dimensions: { RuleName: resources.alarmRuleName },
      statistic: "Sum",
      periodSeconds: 60,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "notBreaching",
      entry: { type: "event-deliveries", ruleName: resources.alarmRuleName, function: fn("alarm") },
    },
  };

  function functionErrors(role: WatchedFunction): MetricAlarmPlan<R> & { entry: CatalogEntry<R> } {
    const key = `${role}-errors` as const;
    return {
      ...ERRORS,
      key,
      name: name(key),
      description: `Caretaker: the ${role} function failed (Lambda Errors)`,
      watches: role,
      dimensions: { FunctionName: resources.functions[role].name },
      // The alarm function's failures hide everyone else's: its alarm looks at every minute.
      periodSeconds: role === "alarm" ? 60 : 300,
      entry: { type: "function-errors", function: fn(role) },
    };
  }

  const alarms = ALARM_KEYS.map((key) => byKey[key]);
  return {
    alarms: alarms.map(({ entry: _entry, ...alarm }) => alarm),
    catalog: Object.fromEntries(alarms.map((alarm) => [alarm.name, alarm.entry])),
    rules: alarmRules(resources.app, resources.stage),
    pathNeeds: { handler: ["alarm", "alarm-rule"], fallback: ["fallback-workflow", "fallback-rule"] },
  };
}

export { ALARM_KEYS, alarmFunctionName, alarmRules, alarmsPlan, FALLBACK_ALARMS };
export type { AlarmKey, AlarmResources, AlarmsPlan, CatalogEntry, Component, MetricAlarmPlan, NotificationPath };
