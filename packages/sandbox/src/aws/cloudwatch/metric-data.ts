import type { GetMetricDataInput, MetricDataQuery, MetricDataResult } from "@aws-sdk/client-cloudwatch";
import { SandboxUnsupportedOperationError } from "../core/unsupported";
import { missingParameter, validationError } from "./errors";

/** A stored data point, kept as a statistic set so that single values and PutMetricData StatisticValues combine. */
interface StoredPoint {
  timestamp: number;
  unit: string;
  sampleCount: number;
  sum: number;
  minimum: number;
  maximum: number;
}

/** Points per metric identity (`metricKey`). */
type MetricStore = Map<string, StoredPoint[]>;

const MINUTE = 60_000;
const DAY = 86_400_000;
const STATISTICS = new Set(["SampleCount", "Average", "Sum", "Minimum", "Maximum"]);
/** Extended statistics CloudWatch has (percentiles, trimmed means, …) that the sandbox does not compute. */
const EXTENDED_STATISTIC = /^(p|tm|wm|tc|ts|pr|IQM)/;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;
/** Longest retention tier (1-hour data, 15 months). */
const RETENTION_MS = 455 * DAY;

/** A metric is its namespace, its name and its exact set of dimensions (order does not matter). */
function metricKey(namespace: string, metricName: string, dimensions: ReadonlyArray<{ Name?: string | undefined; Value?: string | undefined }>): string {
  const sorted = dimensions.map((d) => [d.Name ?? "", d.Value ?? ""]).sort(([a], [b]) => (a as string).localeCompare(b as string));
  return JSON.stringify([namespace, metricName, sorted]);
}

/** "Start time less than 15 days ago - round down to the nearest whole minute", 5 minutes up to 63 days, else the hour. */
function roundStart(start: number, now: number, periodSeconds: number): number {
  const age = now - start;
  const unit = age < 15 * DAY ? MINUTE : age < 63 * DAY ? 5 * MINUTE : 60 * MINUTE;
  if (periodSeconds < 60) return Math.floor(start / (periodSeconds * 1000)) * periodSeconds * 1000;
  return Math.floor(start / unit) * unit;
}

function statistic(points: readonly StoredPoint[], stat: string): number {
  const sampleCount = points.reduce((sum, p) => sum + p.sampleCount, 0);
  const sum = points.reduce((total, p) => total + p.sum, 0);
  switch (stat) {
    case "SampleCount":
      return sampleCount;
    case "Sum":
      return sum;
    case "Average":
      return sum / sampleCount;
    case "Minimum":
      return Math.min(...points.map((p) => p.minimum));
    default:
      return Math.max(...points.map((p) => p.maximum));
  }
}

/** Every problem with the request, as GetMetricData lists them in one ValidationError. */
function validate(input: GetMetricDataInput): void {
  const queries = input.MetricDataQueries;
  if (!queries || queries.length === 0) throw missingParameter("MetricDataQueries");
  if (!input.StartTime) throw missingParameter("StartTime");
  if (!input.EndTime) throw missingParameter("EndTime");
  const problems: string[] = [];
  if (queries.length > 500) problems.push("The collection MetricDataQueries must not have a size greater than 500.");
  if (new Date(input.StartTime).getTime() >= new Date(input.EndTime).getTime()) problems.push("The parameter StartTime must be less than the parameter EndTime.");
  const ids = queries.map((query) => query.Id ?? "");
  if (new Set(ids).size !== ids.length) problems.push("The values for parameter id in MetricDataQueries are not unique.");
  queries.forEach((query, index) => {
    const member = `MetricDataQueries.member.${index + 1}`;
    if (!QUERY_ID.test(query.Id ?? "")) problems.push(`The value ${query.Id ?? ""} for parameter ${member}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`);
    if (query.Expression !== undefined && query.MetricStat !== undefined) problems.push(`Exactly one of ${member}.MetricStat and ${member}.Expression must be specified.`);
    if (query.Expression !== undefined) throw new SandboxUnsupportedOperationError("the sandbox does not evaluate metric math or Metrics Insights expressions");
    const stat = query.MetricStat;
    if (!stat) {
      problems.push(`Exactly one of ${member}.MetricStat and ${member}.Expression must be specified.`);
      return;
    }
    if (!stat.Metric?.MetricName || !stat.Metric.Namespace) problems.push(`The parameters ${member}.MetricStat.Metric.Namespace and MetricName are required.`);
    if (!STATISTICS.has(stat.Stat ?? "")) {
      if (EXTENDED_STATISTIC.test(stat.Stat ?? "")) throw new SandboxUnsupportedOperationError(`the sandbox does not compute the extended statistic ${stat.Stat}`);
      problems.push(`The value ${stat.Stat ?? ""} for parameter ${member}.MetricStat.Stat is not a valid statistic.`);
    }
    const period = stat.Period ?? 0;
    if (!(period >= 1 && Number.isInteger(period) && ([1, 5, 10, 20, 30].includes(period) || period % 60 === 0))) {
      problems.push(`The parameter ${member}.MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60.`);
    }
  });
  if (problems.length > 0) throw validationError(problems);
}

/**
 * GetMetricData over MetricStat queries: points of the exact metric (and unit, when given) aggregated per period from
 * the rounded start time, periods without data left out, newest first unless ScanBy says otherwise; EndTime is
 * exclusive. Metric math, Metrics Insights and pagination past MaxDatapoints are not modelled (they fail loudly).
 */
function getMetricData(store: MetricStore, input: GetMetricDataInput, now: number): { MetricDataResults: MetricDataResult[]; Messages: [] } {
  validate(input);
  const start = new Date(input.StartTime as Date).getTime();
  const end = new Date(input.EndTime as Date).getTime();
  const ascending = input.ScanBy === "TimestampAscending";
  const results = (input.MetricDataQueries as MetricDataQuery[]).map((query): MetricDataResult => {
    const stat = query.MetricStat as NonNullable<MetricDataQuery["MetricStat"]>;
    const metric = stat.Metric as NonNullable<typeof stat.Metric>;
    const period = (stat.Period as number) * 1000;
    const from = roundStart(start, now, stat.Period as number);
    const points = (store.get(metricKey(metric.Namespace as string, metric.MetricName as string, metric.Dimensions ?? [])) ?? []).filter(
      (point) => point.timestamp >= from && point.timestamp < end && point.timestamp >= now - RETENTION_MS && (stat.Unit === undefined || point.unit === stat.Unit),
    );
    const buckets = new Map<number, StoredPoint[]>();
    for (const point of points) {
      const bucket = from + Math.floor((point.timestamp - from) / period) * period;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), point]);
    }
    const timestamps = [...buckets.keys()].sort((a, b) => (ascending ? a - b : b - a));
    return {
      Id: query.Id,
      Label: query.Label ?? metric.MetricName,
      Timestamps: timestamps.map((t) => new Date(t)),
      Values: timestamps.map((t) => statistic(buckets.get(t) as StoredPoint[], stat.Stat as string)),
      StatusCode: "Complete",
      Messages: [],
    };
  });
  const returned = results.filter((_, index) => input.MetricDataQueries?.[index]?.ReturnData !== false);
  const datapoints = returned.reduce((sum, result) => sum + (result.Values?.length ?? 0), 0);
  if (datapoints > (input.MaxDatapoints ?? 100_800)) throw new SandboxUnsupportedOperationError("the sandbox does not paginate GetMetricData past MaxDatapoints");
  return { MetricDataResults: returned, Messages: [] };
}

export { getMetricData, metricKey };
export type { MetricStore, StoredPoint };
