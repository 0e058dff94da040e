import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, START, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const HOUR = 3_600_000;

function lambdaQuery(id: string, metricName: string, functionName: string, period = 3600, stat = "Sum"): MetricDataQuery {
  return { Id: id, MetricStat: { Metric: { Namespace: "AWS/Lambda", MetricName: metricName, Dimensions: [{ Name: "FunctionName", Value: functionName }] }, Period: period, Stat: stat } };
}

describe("CloudWatch fake", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));
  const cloudwatch = () => new CloudWatchClient({ region: "eu-west-1" });

  it("aggregates Lambda's invocation metrics per period from the rounded start time, newest first, leaving out empty periods", async () => {
    // Prepare
    sandbox = startSandbox();
    const metrics = sandbox.account.cloudwatch;
    metrics.recordLambdaInvocation("drift", { at: START.getTime() - 5 * HOUR });
    metrics.recordLambdaInvocation("drift", { at: START.getTime() - 5 * HOUR + 60_000, outcome: "error" });
    metrics.recordLambdaInvocation("drift", { at: START.getTime() - 1 * HOUR, outcome: "throttled" });
    metrics.recordLambdaInvocation("drain", { at: START.getTime() - 2 * HOUR });

    // Act
    const { MetricDataResults } = await cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: new Date(START.getTime() - 24 * HOUR + 20_000),
        EndTime: START,
        MetricDataQueries: [lambdaQuery("invocations", "Invocations", "drift"), lambdaQuery("errors", "Errors", "drift"), lambdaQuery("throttles", "Throttles", "drift"), { ...lambdaQuery("hidden", "Invocations", "drain"), ReturnData: false }],
      }),
    );

    // Assess: the start (…:00:20) is rounded down to the minute, so periods start on the hour
    expect(MetricDataResults).toEqual([
      { Id: "invocations", Label: "Invocations", Timestamps: [new Date(START.getTime() - 5 * HOUR)], Values: [2], StatusCode: "Complete", Messages: [] },
      { Id: "errors", Label: "Errors", Timestamps: [new Date(START.getTime() - 5 * HOUR)], Values: [1], StatusCode: "Complete", Messages: [] },
      { Id: "throttles", Label: "Throttles", Timestamps: [new Date(START.getTime() - 1 * HOUR)], Values: [1], StatusCode: "Complete", Messages: [] },
    ]);
  });

  it("matches the exact set of dimensions, the unit when asked, and treats EndTime as exclusive", async () => {
    sandbox = startSandbox({ cloudwatch: { metrics: [{ namespace: "Shop", metricName: "Orders", dimensions: { Store: "eu" }, value: 3, unit: "Count", timestamp: START.getTime() - 60_000 }] } });
    const query = (id: string, dimensions: Array<{ Name: string; Value: string }>, unit?: "Count" | "Seconds"): MetricDataQuery => ({
      Id: id,
      MetricStat: { Metric: { Namespace: "Shop", MetricName: "Orders", Dimensions: dimensions }, Period: 60, Stat: "Maximum", ...(unit ? { Unit: unit } : {}) },
    });
    const { MetricDataResults } = await cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: new Date(START.getTime() - HOUR),
        EndTime: START,
        MetricDataQueries: [query("exact", [{ Name: "Store", Value: "eu" }]), query("none", []), query("unit", [{ Name: "Store", Value: "eu" }], "Seconds")],
      }),
    );
    expect(MetricDataResults?.map((result) => [result.Id, result.Values])).toEqual([
      ["exact", [3]],
      ["none", []],
      ["unit", []],
    ]);
    const beforeIt = await cloudwatch().send(
      new GetMetricDataCommand({ StartTime: new Date(START.getTime() - HOUR), EndTime: new Date(START.getTime() - 60_000), MetricDataQueries: [query("exact", [{ Name: "Store", Value: "eu" }])] }),
    );
    expect(beforeIt.MetricDataResults?.[0]?.Values).toEqual([]);
  });

  it("lists every problem of a request in one ValidationError", async () => {
    sandbox = startSandbox();
    const error = await rejectionOf(
      cloudwatch().send(
        new GetMetricDataCommand({
          StartTime: START,
          EndTime: new Date(START.getTime() - HOUR),
          MetricDataQueries: [lambdaQuery("a", "Errors", "drift", 3600, "Min"), lambdaQuery("a", "Errors", "drift", 90)],
        }),
      ),
    );
    expect(error).toMatchObject({ name: "ValidationError", $metadata: { httpStatusCode: 400 } });
    expect(error.message.split("\n")).toEqual([
      "The parameter StartTime must be less than the parameter EndTime.",
      "The values for parameter id in MetricDataQueries are not unique.",
      "The value Min for parameter MetricDataQueries.member.1.MetricStat.Stat is not a valid statistic.",
      "The parameter MetricDataQueries.member.2.MetricStat.Period must be 1, 5, 10, 20, 30, or a multiple of 60.",
    ]);
  });

  it("accepts custom metrics with PutMetricData but refuses AWS/ namespaces", async () => {
    sandbox = startSandbox();
    await cloudwatch().send(new PutMetricDataCommand({ Namespace: "Caretaker", MetricData: [{ MetricName: "Drains", Values: [1, 5], Counts: [2, 1], Timestamp: new Date(START.getTime() - 60_000) }] }));
    const refused = await rejectionOf(cloudwatch().send(new PutMetricDataCommand({ Namespace: "AWS/Lambda", MetricData: [{ MetricName: "Errors", Value: 1 }] })));
    expect(refused).toMatchObject({ name: "InvalidParameterValueException", message: "The value AWS/ for parameter Namespace is invalid." });
    const { MetricDataResults } = await cloudwatch().send(
      new GetMetricDataCommand({
        StartTime: new Date(START.getTime() - HOUR),
        EndTime: START,
        MetricDataQueries: ["Sum", "SampleCount", "Average"].map((stat) => ({ Id: stat.toLowerCase(), MetricStat: { Metric: { Namespace: "Caretaker", MetricName: "Drains" }, Period: 300, Stat: stat } })),
      }),
    );
    expect(MetricDataResults?.map((result) => result.Values?.[0])).toEqual([7, 3, 7 / 3]);
  });
});
