import type { Clock } from "../../clock";

interface ExecuteOptions {
  clock: Clock;
  /** Report what would be deleted and make no ECR call at all. */
  dryRun: boolean;
  /** Uniform in [0, 1), for backoff jitter; seeded in tests. Default Math.random. */
  random?: () => number;
  /** Attempts per batch on throttling / 5xx, on top of the SDK's own retries. Default 6. */
  maxAttempts?: number;
  /**
   * When the plan's inventory was read (clock ms). A batch sent within `recheckAfterMs` of it is not re-read first:
   * that inventory *is* the re-check, taken moments before. Later batches, and every retry, re-check. Default: always.
   */
  inventoryTakenAt?: number;
  /** Default 60 s. */
  recheckAfterMs?: number;
}

interface ExecutionResult {
  repository: string;
  dryRun: boolean;
  /** Set (from the plan) when nothing was attempted because the repository is blocked. */
  blocked?: string;
  /** Confirmed by BatchDeleteImage's response (or, in a dry run, what would be requested), in deletion order. */
  deleted: Array<{ digest: string; bytes: number }>;
  /** Requested, or meant to be, and not deleted: ECR's failure code, or the error that stopped the batch. */
  failed: Array<{ digest: string; code: string; reason: string }>;
  /** Not requested: the re-check found it changed since planning, or what it depends on did not go. */
  skipped: Array<{ digest: string; reason: string }>;
  /** Gone before we deleted it (re-check found it absent, or ECR answered ImageNotFound). */
  alreadyGone: string[];
  /** ECR calls made, as our code sees them (the SDK's internal retries are not counted). */
  calls: number;
}

export type { ExecuteOptions, ExecutionResult };
