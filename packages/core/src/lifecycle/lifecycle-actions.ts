import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { Clock } from "../clock";
import { complete, type CompleteRetry, DEFAULT_COMPLETE_RETRY } from "./complete";
import { heartbeat } from "./heartbeat";
import { describeHook } from "./hook-info";
import { keepAlive } from "./keep-alive";
import type { LifecycleActions, LifecycleLogger } from "./types";

interface LifecycleActionsDeps {
  /** Built with the SDK's defaults: its own retries come first, Caretaker's backoff for completions on top. */
  autoscaling: AutoScalingClient;
  clock: Clock;
  /** Where refused heartbeats and retried completions are reported; silent when absent. */
  logger?: LifecycleLogger;
  completeRetry?: Partial<CompleteRetry>;
}

const silent: LifecycleLogger = { info: () => undefined, warn: () => undefined };

/** The lifecycle hook protocol over an Auto Scaling client (drain.md §4, §12 items 30–35). */
function createLifecycleActions(deps: LifecycleActionsDeps): LifecycleActions {
  const { autoscaling, clock } = deps;
  const logger = deps.logger ?? silent;
  const retry: CompleteRetry = { ...DEFAULT_COMPLETE_RETRY, ...deps.completeRetry };
  if (!(retry.attempts >= 1)) throw new RangeError(`completeRetry.attempts must be at least 1 (got ${retry.attempts})`);
  const beat = (action: Parameters<LifecycleActions["heartbeat"]>[0]) => heartbeat(autoscaling, logger, action);
  return {
    describeHook: (action) => describeHook(autoscaling, action),
    heartbeat: beat,
    complete: (action, result) => complete({ autoscaling, clock, logger, retry }, action, result),
    keepAlive: (action, options) => keepAlive({ clock, logger, heartbeat: beat }, action, options),
  };
}

export { createLifecycleActions };
export type { LifecycleActionsDeps };
