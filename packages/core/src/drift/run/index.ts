export { driftConfig, DriftConfigSchema } from "./config";
export type { DriftConfig, DriftConfigInput } from "./config";
export { runDrift } from "./run-drift";
export type { ClusterDrift, DriftRunDeps, DriftRunReport } from "./run-drift";
export { driftReaderRbac } from "./rbac";
export { summariseDriftRun } from "./summary";
export type { DriftRunSummary } from "./summary";
export { DriftTriggerSchema, driftRequest } from "./trigger";
export type { DriftRequest } from "./trigger";
