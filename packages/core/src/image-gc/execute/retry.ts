import type { Clock } from "../../clock";

/**
 * Caretaker's backoff for one batch, on top of the SDK's own retries: ECR publishes no rate for DescribeImages or
 * BatchDeleteImage and throttles them with `ThrottlingException: Rate exceeded` (image-gc.md §8), and a run must not
 * lose every other batch because one was throttled for longer than the SDK waits. Exponential with full jitter
 * (delay uniform in [0, min(cap, base·2^(n-1)))) so that concurrent runs spread out instead of retrying in step.
 */
interface RetryPolicy {
  clock: Clock;
  random: () => number;
  maxAttempts: number;
}

const DEFAULT_MAX_ATTEMPTS = 6;
/** The SDK's own throttling base and cap (@smithy retry): we back off at least as patiently as it does. */
const BASE_DELAY_MS = 1_000;
const MAX_DELAY_MS = 20_000;

const THROTTLING_NAMES = new Set(["ThrottlingException", "Throttling", "ThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "RequestThrottled", "SlowDown"]);

interface AwsErrorLike {
  name?: string;
  message?: string;
  $fault?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

function asAwsError(error: unknown): AwsErrorLike {
  return typeof error === "object" && error !== null ? (error as AwsErrorLike) : {};
}

/** Throttling or a server-side (5xx) failure: worth the same request again later. */
function isRetryable(error: unknown): boolean {
  const e = asAwsError(error);
  const status = e.$metadata?.httpStatusCode ?? 0;
  return THROTTLING_NAMES.has(e.name ?? "") || e.$retryable?.throttling === true || status === 429 || status >= 500 || e.$fault === "server";
}

function errorCode(error: unknown): string {
  return asAwsError(error).name ?? "Error";
}

function errorMessage(error: unknown): string {
  return asAwsError(error).message ?? String(error);
}

/** Full jitter: uniform in [0, min(cap, base·2^(failedAttempts-1))). */
function backoffDelayMs(failedAttempts: number, random: () => number): number {
  return Math.floor(random() * Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (failedAttempts - 1)));
}

type Attempted<T> = { ok: true; value: T; attempts: number } | { ok: false; error: unknown; attempts: number };

/** Runs `attempt` until it succeeds, fails for a reason retrying cannot fix, or uses up the attempts; never throws. */
async function withBackoff<T>(policy: RetryPolicy, attempt: () => Promise<T>): Promise<Attempted<T>> {
  for (let attempts = 1; ; attempts++) {
    try {
      return { ok: true, value: await attempt(), attempts };
    } catch (error) {
      if (!isRetryable(error) || attempts >= policy.maxAttempts) return { ok: false, error, attempts };
      await policy.clock.sleep(backoffDelayMs(attempts, policy.random));
    }
  }
}

export { backoffDelayMs, DEFAULT_MAX_ATTEMPTS, errorCode, errorMessage, isRetryable, withBackoff };
export type { Attempted, RetryPolicy };
