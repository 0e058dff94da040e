import { type AutoScalingClient, CompleteLifecycleActionCommand } from "@aws-sdk/client-auto-scaling";
import type { Clock } from "../clock";
import { describeAction, describeError, isNoActiveAction, isRetryable, LifecycleActionError } from "./errors";
import type { CompleteOutcome, LifecycleActionRef, LifecycleActionResult, LifecycleLogger } from "./types";

/**
 * Backoff for CompleteLifecycleAction on top of the SDK's own retries. Completing is the one call that must get
 * through: when many nodes drain at once (an instance refresh), a throttled completion left to the hook's timeout
 * would hold an instance for up to the heartbeat timeout. Defaults: 6 attempts, 1 s doubling to at most 20 s
 * (31 s in all, well inside a run's safety margin).
 */
interface CompleteRetry {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_COMPLETE_RETRY: CompleteRetry = { attempts: 6, baseDelayMs: 1_000, maxDelayMs: 20_000 };

function backoffMs(retry: CompleteRetry, failedAttempts: number): number {
  return Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failedAttempts - 1));
}

/**
 * CompleteLifecycleAction with the token and the instance id (as NTH sends them). An action that is no longer active
 * was completed by an earlier delivery of the same event, by a concurrent run, or timed out: the outcome the caller
 * wanted has happened or can no longer be changed, so it is "already-completed", not an error (aws-cdk drain hook).
 */
async function complete(
  deps: { autoscaling: AutoScalingClient; clock: Clock; logger: LifecycleLogger; retry: CompleteRetry },
  action: LifecycleActionRef,
  result: LifecycleActionResult,
): Promise<CompleteOutcome> {
  const command = new CompleteLifecycleActionCommand({
    AutoScalingGroupName: action.autoScalingGroupName,
    LifecycleHookName: action.lifecycleHookName,
    LifecycleActionResult: result,
    InstanceId: action.instanceId,
    ...(action.token !== undefined ? { LifecycleActionToken: action.token } : {}),
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await deps.autoscaling.send(command);
      return "completed";
    } catch (error) {
      if (isNoActiveAction(error)) {
        deps.logger.info(`lifecycle action for ${describeAction(action)} was already completed or timed out`, { error: describeError(error) });
        return "already-completed";
      }
      if (!isRetryable(error) || attempt >= deps.retry.attempts) {
        throw new LifecycleActionError("CompleteLifecycleAction", action, error, { attempts: attempt, detail: result });
      }
      const delayMs = backoffMs(deps.retry, attempt);
      deps.logger.warn(`CompleteLifecycleAction for ${describeAction(action)} was refused; retrying in ${delayMs} ms`, { error: describeError(error), attempt });
      await deps.clock.sleep(delayMs);
    }
  }
}

export { complete, DEFAULT_COMPLETE_RETRY };
export type { CompleteRetry };
