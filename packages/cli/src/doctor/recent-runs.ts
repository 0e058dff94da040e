import { type CloudWatchClient, GetMetricDataCommand, type MetricDataQuery, type MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { DeployedSchedule, Deployment, FunctionRef } from "@caretaker/core/deployment";
import { type CheckResult, couldNotCheck } from "./check";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Errors and throttles count over the last day. */
const RECENT_MS = DAY;
/** The first request's window: errors, throttles and the last run of a function scheduled at least weekly. */
const LOOKBACK_MS = 8 * DAY;
/** Lambda's hourly metrics are kept 455 days: a schedule rarer than that cannot be checked from them. */
const RETENTION_MS = 455 * DAY;
/** A run is due within its schedule's longest interval, plus the hour buckets' width and an hour of slack. */
const SCHEDULE_SLACK_MS = 2 * HOUR;
const METRICS = ["Invocations", "Errors", "Throttles"] as const;

interface FunctionUnderCheck {
  key: "drain" | "imageGc" | "drift" | "probe";
  label: string;
  ref: FunctionRef;
  /** For image GC and drift: their schedule as deployed. */
  schedule?: DeployedSchedule;
}

function functionsOf(deployment: Deployment): FunctionUnderCheck[] {
  return [
    { key: "drain", label: "drain", ref: deployment.functions.drain },
    { key: "imageGc", label: "image GC", ref: deployment.functions.imageGc, schedule: deployment.imageGc.schedule },
    { key: "drift", label: "drift", ref: deployment.functions.drift, schedule: deployment.drift.schedule },
    { key: "probe", label: "probe", ref: deployment.functions.probe },
  ];
}

/** How long a run may be awaited before it is overdue; undefined when no run is expected (none, or one at most). */
function dueWithinMs(fn: FunctionUnderCheck): number | undefined {
  const longest = fn.schedule?.longestIntervalSeconds;
  return longest === undefined || longest === null ? undefined : longest * 1000 + SCHEDULE_SLACK_MS;
}

/** "7 days", "1 day 12 hours", "15 minutes". */
function duration(seconds: number): string {
  const parts: Array<[number, string]> = [
    [Math.floor(seconds / 86_400), "day"],
    [Math.floor((seconds % 86_400) / 3600), "hour"],
    [Math.round((seconds % 3600) / 60), "minute"],
  ];
  const text = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value} ${unit}${value === 1 ? "" : "s"}`);
  return text.length > 0 ? text.join(" ") : `${seconds} seconds`;
}

/** The schedule a verdict was judged by, e.g. "schedule cron(0 3 ? * SUN *) runs it at least every 7 days". */
function judgedBy(schedule: DeployedSchedule): string {
  if (schedule.longestIntervalSeconds === null) return `schedule ${schedule.expression} runs it at most once from the deploy on`;
  const every = duration(schedule.longestIntervalSeconds).replace(/^1 (day|hour|minute)$/, "$1");
  return `schedule ${schedule.expression} runs it at least every ${every}`;
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

function lastRunIn(result: MetricDataResult | undefined): number | undefined {
  return (result?.Timestamps ?? [])
    .filter((_, index) => (result?.Values?.[index] ?? 0) > 0)
    .map((t) => new Date(t).getTime())
    .sort((a, b) => b - a)[0];
}

/** What a verdict is based on: the metric series of the last 8 days, and the last run found in `searchedMs`. */
interface RunHistory {
  series: (metric: (typeof METRICS)[number]) => MetricDataResult | undefined;
  lastRun: number | undefined;
  searchedMs: number;
}

function verdict(fn: FunctionUnderCheck, { series, lastRun, searchedMs }: RunHistory, now: number): CheckResult {
  const since = now - RECENT_MS;
  const sumSince = (result: MetricDataResult | undefined) =>
    (result?.Timestamps ?? []).reduce((sum, timestamp, index) => (new Date(timestamp).getTime() >= since ? sum + (result?.Values?.[index] ?? 0) : sum), 0);
  const invocations = sumSince(series("Invocations"));
  const errors = sumSince(series("Errors"));
  const throttles = sumSince(series("Throttles"));
  const name = `${fn.label} (${fn.ref.name})`;
  const counts = `${invocations} invocation(s), ${errors} error(s), ${throttles} throttle(s) in the last 24 h`;
  if (errors > 0) {
    return { area: "runs", name, status: "fail", detail: `${errors} of ${invocations} invocation(s) in the last 24 h failed`, fix: `Read the errors: ${logsCommand(fn, "24h")}` };
  }
  const schedule = fn.schedule;
  const due = schedule ? dueWithinMs(fn) : undefined;
  if (schedule && due !== undefined && due > RETENTION_MS) {
    return {
      area: "runs",
      name,
      status: "warn",
      unchecked: true,
      detail: `${counts}; not checked whether it runs on schedule: its ${judgedBy(schedule)}, longer than the 455 days CloudWatch keeps Lambda's metrics`,
      fix: `See its runs in its logs: ${logsCommand(fn, "455d").replace(/ --filter-pattern .*$/, "")}`,
    };
  }
  if (schedule && due !== undefined && (lastRun === undefined || now - lastRun > due)) {
    return {
      area: "runs",
      name,
      status: "fail",
      detail: `${lastRun === undefined ? `no run in the last ${Math.round(searchedMs / DAY)} days` : `last ran ${hoursAgo(now - lastRun)}`}, although its ${judgedBy(schedule)}`,
      fix: [
        `Check that its EventBridge Scheduler schedule exists and is ENABLED: aws scheduler list-schedules --query "Schedules[?contains(Target.Arn, '${fn.ref.name}')]"`,
        `and read its last logs: ${logsCommand(fn, `${Math.ceil(searchedMs / DAY)}d`)}`,
        `(Deployed less than ${duration(schedule.longestIntervalSeconds as number)} ago? Its first scheduled run may still be to come.)`,
      ].join("\n"),
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
  const last = schedule ? `; ${lastRun !== undefined ? `last run ${hoursAgo(now - lastRun)}` : "no run yet"} (${judgedBy(schedule)})` : "";
  return { area: "runs", name, status: "ok", detail: `${counts}${last}` };
}

/**
 * Recent runs of every function, from AWS/Lambda metrics: no errors in the last 24 h, no throttles, and the scheduled
 * functions (image GC, drift) ran within their schedule's longest interval between runs (from the descriptor) plus
 * slack. One GetMetricData request (hourly sums over 8 days) covers schedules of up to a week; a second one reads the
 * invocations of rarer schedules over up to twice their interval (at most the 455 days CloudWatch keeps).
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
  const series = (fn: FunctionUnderCheck, metric: (typeof METRICS)[number]) => results.find((result) => result.Id === `${fn.key}_${metric.toLowerCase()}`);
  const lastRuns = new Map(functions.map((fn) => [fn.key, lastRunIn(series(fn, "Invocations"))]));
  // Rarer schedules whose last run is older than the first window: look further back, for their invocations only.
  const rare = functions.filter((fn) => {
    const due = dueWithinMs(fn);
    return due !== undefined && due > LOOKBACK_MS && due <= RETENTION_MS && lastRuns.get(fn.key) === undefined;
  });
  let failed: unknown;
  const window = Math.min(Math.max(0, ...rare.map((fn) => 2 * (dueWithinMs(fn) as number))), RETENTION_MS);
  if (rare.length > 0) {
    try {
      const answer = await cloudwatch.send(new GetMetricDataCommand({ StartTime: new Date(now - window), EndTime: new Date(now), MetricDataQueries: rare.map((fn) => query(fn, "Invocations")) }));
      for (const fn of rare) lastRuns.set(fn.key, lastRunIn(answer.MetricDataResults?.find((result) => result.Id === `${fn.key}_invocations`)));
    } catch (error) {
      failed = error ?? new Error("GetMetricData failed");
    }
  }
  return functions.map((fn) =>
    failed !== undefined && rare.includes(fn)
      ? couldNotCheck("runs", `${fn.label} (${fn.ref.name})`, "cloudwatch:GetMetricData", failed)
      : verdict(fn, { series: (metric) => series(fn, metric), lastRun: lastRuns.get(fn.key), searchedMs: rare.includes(fn) ? window : LOOKBACK_MS }, now),
  );
}

export { recentRunChecks };
