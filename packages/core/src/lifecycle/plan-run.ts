import type { LifecycleHookInfo } from "./types";

/**
 * One Lambda run of a drain that may outlive it (drain.md §6, §12 item 37): work until the run's budget (remaining
 * time less a safety margin for the hand-off) or the action's global timeout, whichever is first; then, if more runs
 * are needed, heartbeat once and hand off. The hand-off only helps if that heartbeat keeps the action alive until the
 * next delivery starts (e.g. the SQS visibility timeout or Step Functions Wait plus a cold start).
 */
interface RunPlanInput {
  now: number;
  /** context.getRemainingTimeInMillis(). */
  remainingMs: number;
  /** Kept back for the last heartbeat, the hand-off and reporting. */
  safetyMarginMs: number;
  hook: LifecycleHookInfo;
  /** When the lifecycle action began (the event's time). */
  actionStartedAt: number;
  /** When the action was last extended, if known. */
  lastHeartbeatAt?: number;
  /** From hand-off to the next run's first heartbeat. */
  redeliveryDelayMs: number;
}

interface RunPlan {
  /** Stop working at this time (never before `now`). */
  workUntil: number;
  /** Whether a heartbeat at `workUntil` keeps the action alive until the next run starts; if not, hand-off is futile. */
  heartbeatBeforeHandoff: boolean;
  /** After this, nothing keeps the action alive: the hook applies its DefaultResult. */
  globalDeadline: number;
  /** Why the plan is not the ordinary one, in words for the run's report. */
  warning?: string;
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function planRun(input: RunPlanInput): RunPlan {
  const { now, remainingMs, safetyMarginMs, hook, actionStartedAt, redeliveryDelayMs } = input;
  if (safetyMarginMs < 0 || redeliveryDelayMs < 0) throw new RangeError("safetyMarginMs and redeliveryDelayMs must not be negative");
  const timeoutMs = hook.heartbeatTimeoutSeconds * 1000;
  const globalDeadline = actionStartedAt + hook.globalTimeoutSeconds * 1000;
  const budgetEnd = now + remainingMs - safetyMarginMs;
  const workUntil = Math.max(now, Math.min(budgetEnd, globalDeadline));
  const warnings: string[] = [];

  if (budgetEnd <= now) {
    warnings.push(`only ${Math.max(0, remainingMs)} ms of this run left, within the ${safetyMarginMs} ms safety margin: hand off without starting work`);
  }
  const lastExtended = input.lastHeartbeatAt ?? actionStartedAt;
  if (globalDeadline <= now) {
    warnings.push(`the lifecycle action reached its global timeout at ${iso(globalDeadline)}: the hook has applied its DefaultResult (${hook.defaultResult})`);
  } else if (Math.min(lastExtended + timeoutMs, globalDeadline) <= now) {
    warnings.push(`the lifecycle action may have timed out at ${iso(lastExtended + timeoutMs)} (no later heartbeat is known): the next heartbeat will tell`);
  }
  if (globalDeadline > now && globalDeadline <= budgetEnd) {
    warnings.push(
      `the lifecycle action's global timeout (${iso(globalDeadline)}) comes before this run's budget ends: this is the last run; after it the hook applies its DefaultResult (${hook.defaultResult})`,
    );
  }

  const nextRunAt = workUntil + redeliveryDelayMs;
  const aliveUntil = Math.min(workUntil + timeoutMs, globalDeadline);
  const heartbeatBeforeHandoff = workUntil < globalDeadline && nextRunAt < aliveUntil;
  if (!heartbeatBeforeHandoff && workUntil < globalDeadline && globalDeadline > budgetEnd) {
    warnings.push(
      redeliveryDelayMs >= timeoutMs
        ? `the hand-off delay (${redeliveryDelayMs} ms) is not shorter than the hook's heartbeat timeout (${timeoutMs} ms): the action would time out before the next run; shorten the delay or raise HeartbeatTimeout`
        : `the next run (${iso(nextRunAt)}) would start after the lifecycle action's global timeout (${iso(globalDeadline)}): finish in this run or apply the failure policy`,
    );
  }

  return { workUntil, heartbeatBeforeHandoff, globalDeadline, ...(warnings.length > 0 ? { warning: warnings.join("; ") } : {}) };
}

export { planRun };
export type { RunPlan, RunPlanInput };
