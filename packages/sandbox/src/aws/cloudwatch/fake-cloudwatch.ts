import {
  CloudWatchClient,
  GetMetricDataCommand,
  type GetMetricDataInput,
  type MetricDatum,
  PutMetricDataCommand,
  type PutMetricDataInput,
} from "@aws-sdk/client-cloudwatch";
import type { FakeService, FakeServiceContext } from "../service";
import { invalidParameterValue, missingParameter } from "./errors";
import { getMetricData, metricKey, type MetricStore, type StoredPoint } from "./metric-data";
import type { CloudWatchSpec, MetricPointSpec } from "./spec";

/** One Lambda invocation as AWS/Lambda counts it. */
interface LambdaInvocation {
  /** Default the sandbox clock's now. */
  at?: Date | string | number;
  /** "error": the function returned an error (Invocations and Errors); "throttled": refused (Throttles only). */
  outcome?: "success" | "error" | "throttled";
  durationMs?: number;
}

function toMs(value: Date | string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  return typeof value === "number" ? value : new Date(value).getTime();
}

/**
 * Stateful Amazon CloudWatch metrics: PutMetricData (custom namespaces only: AWS/ is AWS's own) and GetMetricData
 * over MetricStat queries. The AWS metrics services publish (AWS/Lambda's Invocations, Errors, Throttles, Duration)
 * are recorded by the sandbox or a test with `recordLambdaInvocation` / `putMetric`.
 */
class FakeCloudWatch implements FakeService {
  readonly serviceName = "cloudwatch";
  readonly clientClass = CloudWatchClient;
  readonly operations = [
    { name: "PutMetricData", command: PutMetricDataCommand, handle: (input: PutMetricDataInput) => this.#put(input) },
    { name: "GetMetricData", command: GetMetricDataCommand, handle: (input: GetMetricDataInput) => getMetricData(this.#store, input, this.#context.clock.nowMs()) },
  ];

  readonly #context: FakeServiceContext;
  readonly #store: MetricStore = new Map();

  constructor(context: FakeServiceContext, spec: CloudWatchSpec = {}) {
    this.#context = context;
    for (const point of spec.metrics ?? []) this.putMetric(point);
  }

  /** Records one data point of any namespace (including AWS/…, as the services themselves do). */
  putMetric(spec: MetricPointSpec): void {
    const dimensions = Object.entries(spec.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
    this.#record(metricKey(spec.namespace, spec.metricName, dimensions), {
      timestamp: toMs(spec.timestamp, this.#context.clock.nowMs()),
      unit: spec.unit ?? "None",
      sampleCount: 1,
      sum: spec.value,
      minimum: spec.value,
      maximum: spec.value,
    });
  }

  /**
   * What Lambda publishes for one invocation, per function (dimension FunctionName) and account-wide (no dimension):
   * Invocations and Errors (1 on a function error), Duration; a throttled request counts only in Throttles.
   */
  recordLambdaInvocation(functionName: string, invocation: LambdaInvocation = {}): void {
    const timestamp = toMs(invocation.at, this.#context.clock.nowMs());
    const outcome = invocation.outcome ?? "success";
    const perFunction: Record<string, string> = { FunctionName: functionName };
    for (const dimensions of [perFunction, {}]) {
      const put = (metricName: string, value: number, unit: string) => this.putMetric({ namespace: "AWS/Lambda", metricName, dimensions, value, timestamp, unit });
      if (outcome === "throttled") {
        put("Throttles", 1, "Count");
        continue;
      }
      put("Invocations", 1, "Count");
      put("Errors", outcome === "error" ? 1 : 0, "Count");
      put("Duration", invocation.durationMs ?? 100, "Milliseconds");
    }
  }

  #record(key: string, point: StoredPoint): void {
    const points = this.#store.get(key);
    if (points) points.push(point);
    else this.#store.set(key, [point]);
  }

  #put(input: PutMetricDataInput): Record<string, never> {
    if (!input.Namespace) throw missingParameter("Namespace");
    if (input.Namespace.startsWith("AWS/")) throw invalidParameterValue("The value AWS/ for parameter Namespace is invalid.");
    const data = input.MetricData ?? [];
    if (data.length === 0) throw missingParameter("MetricData");
    if (data.length > 1000) throw invalidParameterValue("The collection MetricData must not have a size greater than 1000.");
    const now = this.#context.clock.nowMs();
    data.forEach((datum: MetricDatum, index) => {
      const member = `MetricData.member.${index + 1}`;
      if (!datum.MetricName) throw missingParameter(`${member}.MetricName`);
      if ((datum.Dimensions?.length ?? 0) > 30) throw invalidParameterValue(`The collection ${member}.Dimensions must not have a size greater than 30.`);
      const key = metricKey(input.Namespace as string, datum.MetricName, datum.Dimensions ?? []);
      const base = { timestamp: toMs(datum.Timestamp, now), unit: datum.Unit ?? "None" };
      if (datum.StatisticValues) {
        const s = datum.StatisticValues;
        this.#record(key, { ...base, sampleCount: s.SampleCount ?? 0, sum: s.Sum ?? 0, minimum: s.Minimum ?? 0, maximum: s.Maximum ?? 0 });
      } else if (datum.Values) {
        datum.Values.forEach((value, i) => {
          const count = datum.Counts?.[i] ?? 1;
          this.#record(key, { ...base, sampleCount: count, sum: value * count, minimum: value, maximum: value });
        });
      } else if (datum.Value !== undefined) {
        this.#record(key, { ...base, sampleCount: 1, sum: datum.Value, minimum: datum.Value, maximum: datum.Value });
      } else {
        throw invalidParameterValue(`One of ${member}.Value, Values or StatisticValues must be specified.`);
      }
    });
    return {};
  }
}

export { FakeCloudWatch };
export type { LambdaInvocation };
