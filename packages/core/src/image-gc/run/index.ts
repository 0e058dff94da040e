export { gcConfig, GcConfigSchema } from "./config";
export type { GcConfig, GcConfigInput } from "./config";
export { GcPayloadSchema, requestedDryRun } from "./payload";
export type { GcPayload } from "./payload";
export { gcNotification, runGc } from "./run-gc";
export type { GcDeps, GcRunOptions, GcRunReport } from "./run-gc";
export { resumeOrder } from "./resume";
export type { ExecutionOutcome, RepositorySummary } from "./summary";
