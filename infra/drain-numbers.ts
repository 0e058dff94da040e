import { CORE_DRAIN_DEFAULTS, type DrainInfraConfig } from "./drain-config";

/**
 * The numbers that tie the drain queue, the Lambda timeout and the lifecycle hook together, computed from the
 * configuration as plain data (tests import them; drain-plan.ts checks them before anything is deployed).
 *
 * How a long drain works: EventBridge → SQS → Lambda (batch size 1). A run that cannot finish reports its message as a
 * batch item failure; the message becomes visible again one visibility timeout after it was received, and the next
 * run resumes the drain. Meanwhile the run heartbeats the lifecycle action so Auto Scaling keeps the instance.
 */

/** Auto Scaling limits (drain.md §4), as core's lifecycle/hook-info.ts uses them. */
const HOOK_LIMITS = { minHeartbeatTimeoutSeconds: 30, maxHeartbeatTimeoutSeconds: 7200, maxGlobalTimeoutSeconds: 172_800 } as const;
/** Core's keep-alive interval bounds (lifecycle/keep-alive.ts). */
const HEARTBEAT_INTERVAL_BOUNDS_MS = { min: 10_000, max: 300_000 } as const;
const SQS_LIMITS = { maxRetentionSeconds: 1_209_600, defaultRetentionSeconds: 345_600, maxReceiveCount: 1000, maxVisibilityTimeoutSeconds: 43_200 } as const;
const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * Visibility timeout = function timeout + this. AWS only requires visibility ≥ timeout; the margin makes sure a run
 * killed at its timeout is over before its message can start another run. It is kept small on purpose: the
 * visibility timeout is also the hand-off delay between runs of one drain (AWS's "6 × timeout" advice is for
 * throttled batches, which here cost a spare receive instead; see SPARE_RECEIVES).
 */
const VISIBILITY_MARGIN_SECONDS = 30;
/** From a message becoming visible again to the next run's first heartbeat: ESM polling, a cold start, lookups. */
const REDELIVERY_SLACK_SECONDS = 60;
/** The run that starts after the drain's deadline, finds it passed and applies the deadline policy. */
const FINAL_RECEIVE = 1;
/** Runs that fail or are throttled (each costs a receive) before a live drain would be dead-lettered. */
const SPARE_RECEIVES = 4;

/** Core's `globalTimeoutSecondsFor`: nothing keeps an action alive past min(48 h, 100 × heartbeat timeout). */
function globalTimeoutSeconds(heartbeatTimeoutSeconds: number): number {
  return Math.min(HOOK_LIMITS.maxGlobalTimeoutSeconds, 100 * heartbeatTimeoutSeconds);
}

/** Core's `heartbeatIntervalMs`: a third of the heartbeat timeout, at most 5 minutes, at least 10 s. */
function heartbeatIntervalMs(heartbeatTimeoutSeconds: number): number {
  return Math.max(HEARTBEAT_INTERVAL_BOUNDS_MS.min, Math.min((heartbeatTimeoutSeconds * 1000) / 3, HEARTBEAT_INTERVAL_BOUNDS_MS.max));
}

interface DrainNumbers {
  functionTimeoutSeconds: number;
  /** The drain queue's visibility timeout: when a handed-off message comes back, counted from its receive. */
  visibilityTimeoutSeconds: number;
  /**
   * Passed to the function (core's `redeliverySeconds`): the longest gap from a run's hand-off to the next delivery,
   * i.e. the hand-off gap below (core heartbeats before handing off when this gap fits in the heartbeat timeout).
   */
  redeliverySeconds: number;
  /** Lambda time one run works before handing off (timeout less core's safety margin). */
  runBudgetSeconds: number;
  /** From a run's hand-off to the next run's first heartbeat, at most. */
  handoffGapSeconds: number;
  heartbeatTimeoutSeconds: number;
  heartbeatIntervalMs: number;
  globalTimeoutSeconds: number;
  lifecycleDeadlineSeconds: number;
  /** The longest a message can legitimately stay on the queue: the global timeout or a longer queued deadline. */
  longestDrainSeconds: number;
  maxReceiveCount: number;
  retentionSeconds: number;
  deadLetterRetentionSeconds: number;
}

/** Deadlines of every trigger that arrives through the queue (manual drains are invoked directly). */
function queuedDeadlines(config: DrainInfraConfig): number[] {
  const { drain } = config;
  return [
    drain.spotInterruption?.deadlineSeconds ?? CORE_DRAIN_DEFAULTS.spotInterruption.deadlineSeconds,
    drain.stateChange?.deadlineSeconds ?? CORE_DRAIN_DEFAULTS.stateChange.deadlineSeconds,
    drain.scheduledChange?.deadlineSeconds ?? CORE_DRAIN_DEFAULTS.scheduledChange.deadlineSeconds,
    ...(config.rebalance === "ignore" ? [] : [drain.rebalanceRecommendation?.deadlineSeconds ?? CORE_DRAIN_DEFAULTS.rebalanceRecommendation.deadlineSeconds]),
  ];
}

function drainNumbers(config: DrainInfraConfig): DrainNumbers {
  const functionTimeoutSeconds = config.functionTimeoutSeconds;
  const visibilityTimeoutSeconds = config.visibilityTimeoutSeconds ?? functionTimeoutSeconds + VISIBILITY_MARGIN_SECONDS;
  const safetyMarginSeconds = config.drain.safetyMarginSeconds ?? CORE_DRAIN_DEFAULTS.safetyMarginSeconds;
  const runBudgetSeconds = functionTimeoutSeconds - safetyMarginSeconds;
  const heartbeatTimeoutSeconds = config.hook.heartbeatTimeoutSeconds;
  const global = globalTimeoutSeconds(heartbeatTimeoutSeconds);
  const longestDrainSeconds = Math.max(global, ...queuedDeadlines(config));
  // A message is received at most once per visibility timeout, so a drain lasting D needs ceil(D / V) runs, plus the
  // final run that applies the deadline, plus spares for failed or throttled runs.
  const maxReceiveCount = Math.ceil(longestDrainSeconds / visibilityTimeoutSeconds) + FINAL_RECEIVE + SPARE_RECEIVES;
  // Long enough for a message to use every receive (so it is dead-lettered, never silently expired), and at least
  // SQS's default; a message's age keeps counting in the DLQ, so the DLQ keeps the maximum.
  const lifetimeSeconds = maxReceiveCount * (visibilityTimeoutSeconds + REDELIVERY_SLACK_SECONDS);
  const retentionSeconds = Math.min(SQS_LIMITS.maxRetentionSeconds, Math.max(SQS_LIMITS.defaultRetentionSeconds, lifetimeSeconds));
  return {
    functionTimeoutSeconds,
    visibilityTimeoutSeconds,
    redeliverySeconds: config.drain.redeliverySeconds ?? visibilityTimeoutSeconds - runBudgetSeconds + REDELIVERY_SLACK_SECONDS,
    runBudgetSeconds,
    // The message comes back one visibility timeout after its receive; the run handed off runBudget after it.
    handoffGapSeconds: visibilityTimeoutSeconds - runBudgetSeconds + REDELIVERY_SLACK_SECONDS,
    heartbeatTimeoutSeconds,
    heartbeatIntervalMs: heartbeatIntervalMs(heartbeatTimeoutSeconds),
    globalTimeoutSeconds: global,
    lifecycleDeadlineSeconds: config.drain.lifecycle?.deadlineSeconds ?? CORE_DRAIN_DEFAULTS.lifecycle.deadlineSeconds,
    longestDrainSeconds,
    maxReceiveCount,
    retentionSeconds,
    deadLetterRetentionSeconds: SQS_LIMITS.maxRetentionSeconds,
  };
}

export { drainNumbers, globalTimeoutSeconds, heartbeatIntervalMs, HOOK_LIMITS, LAMBDA_MAX_TIMEOUT_SECONDS, REDELIVERY_SLACK_SECONDS, SQS_LIMITS, VISIBILITY_MARGIN_SECONDS };
export type { DrainNumbers };
