import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { Deployment, FunctionRef } from "@caretaker/core/deployment";
import { type CheckResult, couldNotCheck } from "./check";

const HOUR = 3_600_000;
/** Errors and throttles count over the last day. */
const RECENT_MS = 24 * HOUR;
/** How far back to look for the last run of a scheduled function. */
const LOOKBACK_MS = 8 * 24 * HOUR;
/**
 * GC and drift run daily with Caretaker's default schedules (cron(0 3 * * ? *), cron(0 5 * * ? *)); the descriptor
 * does not carry the schedules, so a run is expected within a day, plus the hour buckets' width and an hour of slack.
 */
const SCHEDULE_PERIOD_MS = 24 * HOUR;
const SCHEDULE_SLACK_MS = 2 * HOUR;
const METRICS = ["Invocations", "Errors", "Throttles"] as const;

interface FunctionUnderCheck {
  key: "drain" | "imageGc" | "drift" | "probe";
  label: string;
  ref: FunctionRef;
  scheduled: boolean;
}

function functionsOf(deployment: Deployment): FunctionUnderCheck[] {
  return [
    { key: "drain", label: "drain", ref: deployment.functions.drain, scheduled: false },
    { key: "imageGc", label: "image GC", ref: deployment.functions.imageGc, scheduled: true },
    { key: "drift", label: "drift", ref: deployment.functions.drift, scheduled: true },
    { key: "probe", label: "probe", ref: deployment.functions.probe, scheduled: false },
  ];
}

function query(fn: FunctionUnderCheck, metric: (typeof METRICS)[number]): MetricDataQuery {
  return {
    Id: `${fn.key}_${metric.toLowerCase()}`,
    MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: metric, Dimensions: [{ Name: "FunctionName", Value: fn.ref.name }] }, Period: 3600, Stat: "Sum" },
  };
}

function hoursAgo(ms: number): string {
  const hours = Math.round(ms / HOUR);
  return hours < 1 ? "within the last hour" : hours < 48 ? `about ${hours} h ago` : `about ${Math.round(hours / 24)} days ago`;
}

function logsCommand(fn: FunctionUnderCheck, since: string): string {
  return `aws logs tail /aws/lambda/${fn.ref.name} --since ${since} --filter-pattern '{ $.level = "ERROR" }'`;
}

function verdict(fn: FunctionUnderCheck, series: (metric: (typeof METRICS)[number]) => MetricDataResult | undefined, now: number): CheckResult {
  const since = now - RECENT_MS;
  const sumSince = (result: MetricDataResult | undefined) =>
    (result?.Timestamps ?? []).reduce((sum, timestamp, index) => (new Date(timestamp).getTime() >= since ? sum + (result?.Values?.[index] ?? 0) : sum), 0);
  const invocations = sumSince(series("Invocations"));
  const errors = sumSince(series("Errors"));
  const throttles = sumSince(series("Throttles"));
  const runs = series("Invocations");
  const lastRun = (runs?.Timestamps ?? []).filter((_, index) => (runs?.Values?.[index] ?? 0) > 0).map((t) => new Date(t).getTime()).sort((a, b) => b - a)[0];
  const name = `${fn.label} (${fn.ref.name})`;
  const counts = `${invocations} invocation(s), ${errors} error(s), ${throttles} throttle(s) in the last 24 h`;
  if (errors > 0) {
    return { area: "runs", name, status: "fail", detail: `${errors} of ${invocations} invocation(s) in the last 24 h failed`, fix: `Read the errors: ${logsCommand(fn, "24h")}` };
  }
  if (fn.scheduled && (lastRun === undefined || now - lastRun > SCHEDULE_PERIOD_MS + SCHEDULE_SLACK_MS)) {
    return {
      area: "runs",
      name,
      status: "fail",
      detail: lastRun === undefined ? "no run in the last 8 days, although it runs on a schedule (daily by default)" : `last ran ${hoursAgo(now - lastRun)}, although it runs on a schedule (daily by default)`,
      fix: [`Check that its EventBridge Scheduler schedule exists and is ENABLED: aws scheduler list-schedules --query "Schedules[?contains(Target.Arn, '${fn.ref.name}')]"`, `and read its last logs: ${logsCommand(fn, "8d")}`].join("\n"),
    };
  }
  if (throttles > 0) {
    return {
      area: "runs",
      name,
      status: "warn",
      detail: `${throttles} invocation(s) throttled in the last 24 h (${invocations} ran)`,
      fix: `Lambda refused them for lack of concurrency: raise the account's concurrent executions quota (Service Quotas → AWS Lambda) or give ${fn.ref.name} reserved concurrency (aws lambda put-function-concurrency).`,
    };
  }
  const last = fn.scheduled && lastRun !== undefined ? `; last run ${hoursAgo(now - lastRun)}` : "";
  return { area: "runs", name, status: "ok", detail: `${counts}${last}` };
}

/**
 * Recent runs of every function, from AWS/Lambda metrics (one GetMetricData request, hourly sums over 8 days): no
 * errors in the last 24 h, no throttles, and the scheduled functions (image GC, drift) ran within their period.
 */
async function recentRunChecks(cloudwatch: CloudWatchClient, deployment: Deployment, now: number): Promise<CheckResult[]> {
  const functions = functionsOf(deployment);
  let results: MetricDataResult[];
  try {
    const answer = await cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(now - LOOKBACK_MS),
        EndTime: new Date(now),
        MetricDataQueries: functions.flatMap((fn) => METRICS.map((metric) => query(fn, metric))),
      }),
    );
    results = answer.MetricDataResults ?? [];
  } catch (error) {
    return [couldNotCheck("runs", "functions' recent runs", "cloudwatch:GetMetricData", error)];
  }
  return functions.map((fn) => verdict(fn, (metric) => results.find((result) => result.Id === `${fn.key}_${metric.toLowerCase()}`), now));
}

export { recentRunChecks };
