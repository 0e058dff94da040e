export { gcConfig, GcConfigSchema } from "./config";
export type { GcConfig, GcConfigInput } from "./config";
export { gcNotification, runGc } from "./run-gc";
export type { GcDeps, GcRunReport } from "./run-gc";
export type { ExecutionOutcome, RepositorySummary } from "./summary";
