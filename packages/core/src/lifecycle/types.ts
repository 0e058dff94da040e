/**
 * The vocabulary of Auto Scaling lifecycle hooks as the drain sees it (drain.md §4). An action is designated by its
 * group, its hook and the instance; the token from the event is sent too when known (either identifies the action).
 */
type LifecycleActionResult = "CONTINUE" | "ABANDON";

interface LifecycleActionRef {
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  /** LifecycleActionToken from the event; absent for a manual drain that found the action by instance. */
  token?: string;
}

interface LifecycleHookInfo {
  /** Seconds a heartbeat (or the start of the action) keeps the action alive: 30..7200, AWS default 3600. */
  heartbeatTimeoutSeconds: number;
  /** Seconds from the start of the action after which nothing can keep it alive: min(172800, 100 × heartbeat). */
  globalTimeoutSeconds: number;
  /** What AWS does when the action times out. */
  defaultResult: LifecycleActionResult;
}

/** "gone": the action is finished, timed out or unknown, so heartbeating must stop. "failed": try again next time. */
type HeartbeatOutcome = "recorded" | "gone" | "failed";

type CompleteOutcome = "completed" | "already-completed";

interface KeepAliveOptions {
  hook: LifecycleHookInfo;
  /** When the action began (the event's time): the global timeout counts from here. */
  startedAt: number;
  /** No heartbeat is sent after this time (e.g. the end of this run plus the hand-off). */
  until: number;
  /** When the action was last extended, if a previous run knows; the first heartbeat is due one interval after it. */
  lastHeartbeatAt?: number;
  /** Override of the computed interval; warned about when it is not below the hook's heartbeat timeout. */
  intervalMs?: number;
  signal?: AbortSignal;
}

interface KeepAliveSummary {
  /** Heartbeats AWS recorded. */
  heartbeats: number;
  lastOutcome?: HeartbeatOutcome;
  /** Why heartbeating ended. */
  endedBy: "stop" | "abort" | "gone" | "until" | "global-timeout";
}

interface KeepAlive {
  /** Ends heartbeating (waiting for a heartbeat in flight); idempotent. */
  stop(): Promise<KeepAliveSummary>;
  /** Settles when heartbeating ends for any reason, including on its own. */
  readonly finished: Promise<KeepAliveSummary>;
}

interface LifecycleActions {
  /** The hook's timeouts and default result, or undefined when the group or hook does not exist. */
  describeHook(action: LifecycleActionRef): Promise<LifecycleHookInfo | undefined>;
  /** Never throws: errors other than "the action is gone" are logged and reported as "failed" (NTH's behaviour). */
  heartbeat(action: LifecycleActionRef): Promise<HeartbeatOutcome>;
  /** Idempotent; retries throttling on the clock; throws a LifecycleActionError for anything else. */
  complete(action: LifecycleActionRef, result: LifecycleActionResult): Promise<CompleteOutcome>;
  /** Heartbeats in the background until stopped, aborted, the action is gone, `until`, or the global timeout. */
  keepAlive(action: LifecycleActionRef, options: KeepAliveOptions): KeepAlive;
}

interface LifecycleLogger {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
}

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
};
