export { FakeCloudWatch } from "./fake-cloudwatch";
export type { LambdaInvocation } from "./fake-cloudwatch";
export type { CloudWatchSpec, MetricPointSpec } from "./spec";
