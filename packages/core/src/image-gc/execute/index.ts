export { executePlan } from "./execute-plan";
export type { ExecuteOptions, ExecutionResult } from "./types";
