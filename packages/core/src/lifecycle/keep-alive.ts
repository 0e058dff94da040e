import type { Clock } from "../clock";
import { describeAction } from "./errors";
import type { HeartbeatOutcome, KeepAlive, KeepAliveOptions, KeepAliveSummary, LifecycleActionRef, LifecycleHookInfo, LifecycleLogger } from "./types";

/**
 * Background heartbeats for one lifecycle action (drain.md §12 items 30–32, 35). Rules:
 * - the interval is well inside the hook's heartbeat timeout, so one or two failed heartbeats are survivable;
 * - a failed heartbeat is retried after half an interval, still before the action's timeout;
 * - nothing is sent once the action already reaches its global timeout, or at or after it, or after `until`;
 * - stop(), an abort, or "gone" end it at once, and every clock timer is cancelled (NTH bug #1172: orphaned
 *   heartbeat loops kept running after a failed drain).
 */
const MIN_INTERVAL_MS = 10_000;
const MAX_INTERVAL_MS = 300_000;

/** A third of the heartbeat timeout, at most 5 minutes, at least 10 s. */
function heartbeatIntervalMs(hook: LifecycleHookInfo): number {
  return Math.max(MIN_INTERVAL_MS, Math.min((hook.heartbeatTimeoutSeconds * 1000) / 3, MAX_INTERVAL_MS));
}

interface KeepAliveDeps {
  clock: Clock;
  logger: LifecycleLogger;
  heartbeat(action: LifecycleActionRef): Promise<HeartbeatOutcome>;
}

function keepAlive(deps: KeepAliveDeps, action: LifecycleActionRef, options: KeepAliveOptions): KeepAlive {
  const { clock, logger } = deps;
  const timeoutMs = options.hook.heartbeatTimeoutSeconds * 1000;
  const intervalMs = options.intervalMs ?? heartbeatIntervalMs(options.hook);
  const globalDeadline = options.startedAt + options.hook.globalTimeoutSeconds * 1000;
  if (intervalMs >= timeoutMs) {
    // NTH's checkHeartbeatTimeout: such heartbeats come too late to keep the action alive.
    logger.warn(`heartbeat interval ${intervalMs} ms is not below the hook's heartbeat timeout ${timeoutMs} ms for ${describeAction(action)}`);
  }

  const controller = new AbortController();
  const forwardAbort = () => controller.abort();
  options.signal?.addEventListener("abort", forwardAbort, { once: true });
  if (options.signal?.aborted) controller.abort();
  let stopRequested = false;
  let heartbeats = 0;
  let lastOutcome: HeartbeatOutcome | undefined;

  const end = (endedBy: KeepAliveSummary["endedBy"]): KeepAliveSummary => {
    options.signal?.removeEventListener("abort", forwardAbort);
    return { heartbeats, ...(lastOutcome !== undefined ? { lastOutcome } : {}), endedBy };
  };
  const interrupted = () => end(stopRequested ? "stop" : "abort");

  const run = async (): Promise<KeepAliveSummary> => {
    // The last moment AWS extended the action, and when the next heartbeat is due.
    let extendedAt = options.lastHeartbeatAt ?? options.startedAt;
    let due = extendedAt + intervalMs;
    for (;;) {
      if (controller.signal.aborted) return interrupted();
      if (extendedAt + timeoutMs >= globalDeadline) return end("global-timeout");
      due = Math.max(due, clock.now());
      if (due >= globalDeadline) return end("global-timeout");
      if (due > options.until) return end("until");
      const waitMs = due - clock.now();
      if (waitMs > 0) {
        try {
          await clock.sleep(waitMs, controller.signal);
        } catch {
          return interrupted();
        }
      }
      const sentAt = clock.now();
      // heartbeat() never throws by contract; a broken port must not become an unhandled rejection either.
      lastOutcome = await deps.heartbeat(action).catch((): HeartbeatOutcome => "failed");
      if (lastOutcome === "gone") return end("gone");
      if (lastOutcome === "recorded") {
        heartbeats++;
        extendedAt = sentAt;
        due = sentAt + intervalMs;
      } else {
        due = sentAt + intervalMs / 2;
      }
    }
  };

  const finished = run();
  return {
    finished,
    stop() {
      // An abort that came first keeps its name in the summary.
      if (!controller.signal.aborted) stopRequested = true;
      controller.abort();
      return finished;
    },
  };
}

export { heartbeatIntervalMs, keepAlive };
