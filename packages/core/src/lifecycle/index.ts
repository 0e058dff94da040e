export { DEFAULT_COMPLETE_RETRY } from "./complete";
export type { CompleteRetry } from "./complete";
export { isNoActiveAction, LifecycleActionError } from "./errors";
export { FAILURE_POLICIES, failurePolicy, FailurePolicySchema } from "./failure-policy";
export type { FailureDecision, FailurePolicy } from "./failure-policy";
export { globalTimeoutSecondsFor, hookInfoOf } from "./hook-info";
export { heartbeatIntervalMs } from "./keep-alive";
export { createLifecycleActions } from "./lifecycle-actions";
export type { LifecycleActionsDeps } from "./lifecycle-actions";
export { planRun } from "./plan-run";
export type { RunPlan, RunPlanInput } from "./plan-run";
export type {
  CompleteOutcome,
  HeartbeatOutcome,
  KeepAlive,
  KeepAliveOptions,
  KeepAliveSummary,
  LifecycleActionRef,
  LifecycleActionResult,
  LifecycleActions,
  LifecycleHookInfo,
  LifecycleLogger,
} from "./types";
