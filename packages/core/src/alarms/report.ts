import { FINGERPRINT_MAX_CHARS } from "../notify/constants";
import type { Fact, Report, Severity } from "../notify/report";
import type { AlarmTarget, WatchedFunction, WatchedFunctionRef } from "./catalog";
import type { AlarmStateChange } from "./event";

/** How each function is named in a sentence ("The drain function …"). */
const FUNCTION_LABEL: Readonly<Record<WatchedFunction, string>> = {
  drain: "drain",
  "image-gc": "image GC",
  drift: "drift",
  probe: "probe",
  alarm: "alarm notification",
};

/** Logs from a little before the alarm fired: an Errors alarm looks back one period, and it fires after it. */
const LOGS_LOOKBACK_MS = 30 * 60_000;

/** What a firing or recovered alarm means, and what to do about it. */
interface Explanation {
  severity: Severity;
  title: string;
  summary: string;
  facts: Fact[];
  nextSteps: string[];
  relatedResources: string[];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `2019-10-02T17:04:40.989+0000` (CloudWatch) or ISO 8601 → a Date; undefined when neither parses. */
function parseTime(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `2019-10-02T16:34:40Z`: what `aws logs tail --since` takes as an absolute time. */
function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The console page of one alarm, in the partitions whose console address is known. */
function consoleUrl(alarmArn: string | undefined, region: string, alarmName: string): string | undefined {
  const partition = alarmArn?.split(":")[1] ?? "aws";
  const host = { aws: `${region}.console.aws.amazon.com`, "aws-cn": "console.amazonaws.cn", "aws-us-gov": "console.amazonaws-us-gov.com" }[partition];
  if (!host) return undefined;
  return `https://${host}/cloudwatch/home?region=${region}#alarmsV2:alarm/${encodeURIComponent(alarmName)}`;
}

function logSteps(fn: WatchedFunctionRef, since: string): string[] {
  return [
    `Read the errors the ${FUNCTION_LABEL[fn.role]} function logged: aws logs tail ${fn.logGroup} --since ${since} --filter-pattern '{ $.level = "ERROR" }'`,
    `Timeouts and crashes are in Lambda's own lines; everything: aws logs tail ${fn.logGroup} --since ${since}`,
  ];
}

const FIRING_ALARMS_STEP = 'See which alarms are firing now: aws cloudwatch describe-alarms --state-value ALARM --query "MetricAlarms[].[AlarmName,StateReason]"';

/** What a failed run of each function means, and the one step beyond its logs that helps most. */
function functionErrors(fn: WatchedFunctionRef): { summary: string; step: string } {
  switch (fn.role) {
    case "drain":
      return {
        summary: "A drain run ended in an error. Its request stays on the drain queue and is tried again; a request that keeps failing ends in the dead-letter queue.",
        step: "Check that the function still reaches the clusters and is mapped to its group: npm exec caretaker -- probe --cluster <cluster>",
      };
    case "image-gc":
      return {
        summary: "An image GC run ended in an error and stopped where it failed. The next scheduled run starts again from a fresh scan.",
        step: `Try a run that deletes nothing: npm exec caretaker -- gc plan --remote --function ${fn.name}`,
      };
    case "drift":
      return {
        summary: "A drift run ended in an error, so version drift was not checked or not notified this time. The next scheduled run tries again.",
        step: "Run the same checks from your machine: npm exec caretaker -- drift",
      };
    case "probe":
      return {
        summary: "A probe invocation (caretaker doctor / probe) ended in an error.",
        step: "Invoke it again with the same payload: an invalid payload is explained field by field in the error",
      };
    case "alarm":
      return {
        summary: "The function that turns Caretaker's alarms into notifications failed, so an alarm may have gone unnoticed. (This message got through: the failure was passing, or only some alarms fail.)",
        step: FIRING_ALARMS_STEP,
      };
  }
}

function firing(target: AlarmTarget, since: string): Explanation {
  switch (target.type) {
    case "dead-letters":
      return {
        severity: "error",
        title: "Drain requests were dead-lettered",
        summary:
          "Drain requests failed every delivery they were given (or outlived the drain queue's retention) and were moved to the dead-letter queue, where they are kept for up to 14 days. " +
          "The nodes they name may not have been drained, and a lifecycle action they held may have timed out to its hook's default result.",
        facts: [
          { label: "Dead-letter queue", value: target.queueUrl },
          { label: "Drain function", value: target.consumer.name },
        ],
        nextSteps: [
          `Read them (reading leaves them on the queue): aws sqs receive-message --queue-url ${target.queueUrl} --max-number-of-messages 10 --visibility-timeout 30 --attribute-names All`,
          ...logSteps(target.consumer, since).slice(0, 1),
          "If a node they name is still there, drain it by hand: npm exec caretaker -- drain <instance-id> --cluster <cluster>",
          `Once the cause is fixed, move them back to the drain queue (a lifecycle action that has ended meanwhile counts as completed): aws sqs start-message-move-task --source-arn ${target.queueArn}`,
          `Or discard them: aws sqs purge-queue --queue-url ${target.queueUrl}`,
        ],
        relatedResources: [target.queueArn],
      };
    case "queue-stalled":
      return {
        severity: "error",
        title: "Drain requests are not being picked up",
        summary:
          "The drain queue keeps holding requests that no drain run receives. Nodes are not being drained: Spot interruptions (two minutes' notice) are missed and lifecycle actions wait for their hook's timeout.",
        facts: [
          { label: "Drain queue", value: target.queueUrl },
          { label: "Drain function", value: target.consumer.name },
        ],
        nextSteps: [
          `Check that the queue's event source mapping is Enabled: aws lambda list-event-source-mappings --function-name ${target.consumer.name} --query "EventSourceMappings[].[State,StateTransitionReason,LastProcessingResult]"`,
          `Check that the function may run: aws lambda get-function-concurrency --function-name ${target.consumer.name} (0 stops it) and aws lambda get-account-settings`,
          ...logSteps(target.consumer, since),
          "Nodes that must go now can be drained by hand: npm exec caretaker -- drain <instance-id> --cluster <cluster>",
        ],
        relatedResources: [],
      };
    case "function-errors": {
      const { summary, step } = functionErrors(target.function);
      return {
        severity: "error",
        title: `${capitalise(FUNCTION_LABEL[target.function.role])} function failed`,
        summary,
        facts: [{ label: "Function", value: target.function.name }],
        nextSteps: [...logSteps(target.function, since), step],
        relatedResources: [],
      };
    }
    case "function-throttles":
      return {
        severity: "warning",
        title: `${capitalise(FUNCTION_LABEL[target.function.role])} function throttled`,
        summary:
          "Lambda refused runs of the function for lack of concurrency. A refused drain request waits a visibility timeout before it is tried again, so drains start late and Spot drains may miss their two minutes.",
        facts: [{ label: "Function", value: target.function.name }],
        nextSteps: [
          `See whether the function's concurrency is limited: aws lambda get-function-concurrency --function-name ${target.function.name}`,
          "See the account's limit and what is left of it: aws lambda get-account-settings (ConcurrentExecutions, UnreservedConcurrentExecutions)",
          `Keep concurrency for it whatever else runs: aws lambda put-function-concurrency --function-name ${target.function.name} --reserved-concurrent-executions <n>`,
        ],
        relatedResources: [],
      };
    case "event-deliveries":
      return {
        severity: "error",
        title: `EventBridge cannot invoke the ${FUNCTION_LABEL[target.function.role]} function`,
        summary: `EventBridge failed to deliver events of rule ${target.ruleName} to the function (a missing invoke permission, a deleted function, or throttling beyond EventBridge's retries). The events it failed to deliver are lost.`,
        facts: [
          { label: "Rule", value: target.ruleName },
          { label: "Function", value: target.function.name },
        ],
        nextSteps: [
          `Check that the rule may invoke the function: aws lambda get-policy --function-name ${target.function.name}`,
          `Check the rule's target: aws events list-targets-by-rule --rule ${target.ruleName}`,
          ...(target.function.role === "alarm" ? [FIRING_ALARMS_STEP] : []),
        ],
        relatedResources: [],
      };
  }
}

function recovered(target: AlarmTarget): Pick<Explanation, "title" | "summary"> {
  switch (target.type) {
    case "dead-letters":
      return { title: "Drain dead-letter queue is empty again", summary: "The dead-letter queue holds no visible messages any more: they were moved back, deleted or expired." };
    case "queue-stalled":
      return { title: "Drain requests are picked up again", summary: "The drain queue no longer holds requests that wait for a run." };
    case "function-errors":
      return {
        title: `${capitalise(FUNCTION_LABEL[target.function.role])} function runs without errors again`,
        summary: "The function has run since without an error. That run may not have met the input that failed.",
      };
    case "function-throttles":
      return { title: `${capitalise(FUNCTION_LABEL[target.function.role])} function no longer throttled`, summary: "Lambda has run the function without refusing runs since." };
    case "event-deliveries":
      return { title: `EventBridge invokes the ${FUNCTION_LABEL[target.function.role]} function again`, summary: `Events of rule ${target.ruleName} are delivered again.` };
  }
}

/** An alarm of Caretaker's that the catalog does not describe (a stage deployed by another version): still reported. */
function unknownAlarm(event: AlarmStateChange, state: "firing" | "recovered"): Explanation {
  const { alarmName } = event.detail;
  return {
    severity: state === "firing" ? "error" : "success",
    title: state === "firing" ? `CloudWatch alarm ${alarmName} is in ALARM` : `CloudWatch alarm ${alarmName} is OK again`,
    summary: event.detail.configuration?.description ?? "",
    facts: [],
    nextSteps: state === "firing" ? [`Read the alarm's history: aws cloudwatch describe-alarm-history --alarm-name ${alarmName} --history-item-type StateUpdate`] : [],
    relatedResources: [],
  };
}

/**
 * The notification for one of Caretaker's alarms changing state: on ALARM, what is wrong, what it breaks and what to
 * do next (where the logs are, how to inspect and redrive dead letters, …); back from ALARM (to OK or to
 * INSUFFICIENT_DATA), that it recovered. Any other transition (an alarm's first evaluation, OK ⇄ INSUFFICIENT_DATA)
 * is not news: undefined. An alarm missing from the catalog is still reported, generically: never dropped.
 */
function alarmReport(event: AlarmStateChange, target: AlarmTarget | undefined): Report | undefined {
  const { alarmName, state, previousState } = event.detail;
  const phase = state.value === "ALARM" ? "firing" : previousState.value === "ALARM" ? "recovered" : undefined;
  if (!phase) return undefined;

  const occurredAt = parseTime(state.timestamp) ?? parseTime(event.time) ?? new Date();
  const since = isoSeconds(new Date(occurredAt.getTime() - LOGS_LOOKBACK_MS));
  let explanation: Explanation;
  if (!target) explanation = unknownAlarm(event, phase);
  else if (phase === "firing") explanation = firing(target, since);
  else explanation = { severity: "success", facts: firing(target, since).facts, nextSteps: [], relatedResources: [], ...recovered(target) };

  const alarmArn = event.resources[0];
  const stateFact =
    phase === "firing"
      ? `ALARM since ${occurredAt.toISOString()}`
      : `${state.value} since ${occurredAt.toISOString()}${previousState.timestamp ? ` (ALARM since ${parseTime(previousState.timestamp)?.toISOString() ?? previousState.timestamp})` : ""}`;
  const facts: Fact[] = [
    { label: "Alarm", value: alarmName },
    { label: "State", value: stateFact },
    ...(state.reason ? [{ label: "Reason", value: state.reason }] : []),
    ...(event.detail.configuration?.description && target ? [{ label: "Watches", value: event.detail.configuration.description }] : []),
    ...explanation.facts,
  ];
  const link = consoleUrl(alarmArn, event.region, alarmName);
  return {
    kind: "alarm",
    severity: explanation.severity,
    // The alarm name says which stage: several can share an account.
    title: target ? `${explanation.title} (${alarmName})` : explanation.title,
    summary: explanation.summary,
    account: event.account,
    region: event.region,
    facts,
    nextSteps: explanation.nextSteps,
    relatedResources: [...(alarmArn ? [alarmArn] : []), ...explanation.relatedResources, ...(link ? [link] : [])],
    // One notification per transition: a redelivered event has the same key, the next episode another.
    fingerprint: `alarm/${alarmName}/${state.value}/${state.timestamp ?? event.time}`.slice(0, FINGERPRINT_MAX_CHARS),
    occurredAt,
  };
}

export { alarmReport };
