import type { SeededRandom } from "../../random";

/**
 * The SDK's standard retry strategy, replayed on the sandbox clock. aws-sdk-client-mock replaces `Client#send`, which
 * also bypasses the SDK's retry middleware; without this, a single injected throttle would reach Caretaker's code
 * although the real SDK would have retried it transparently. Constants and classification follow @smithy/core
 * `retry` (StandardRetryStrategy with the "retries-2026" configuration, service-error-classification).
 */
const DEFAULT_MAX_ATTEMPTS = 3;
const BASE_DELAY_MS = 50;
const THROTTLING_BASE_DELAY_MS = 1_000;
const MAXIMUM_RETRY_DELAY_MS = 20_000;
const INITIAL_RETRY_TOKENS = 500;
const TRANSIENT_RETRY_COST = 14;
const THROTTLING_RETRY_COST = 5;
const NO_RETRY_INCREMENT = 1;

const THROTTLING_ERROR_CODES = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);
const TRANSIENT_ERROR_CODES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"]);
const TRANSIENT_ERROR_STATUS_CODES = new Set([500, 502, 503, 504]);

type RetryErrorType = "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR";

interface SdkErrorShape {
  name?: string;
  $retryable?: { throttling?: boolean };
  $metadata?: { httpStatusCode?: number };
}

function retryErrorType(error: unknown): RetryErrorType {
  const e = (error ?? {}) as SdkErrorShape;
  const status = e.$metadata?.httpStatusCode;
  if (status === 429 || THROTTLING_ERROR_CODES.has(e.name ?? "") || e.$retryable?.throttling === true) return "THROTTLING";
  if (e.$retryable !== undefined || TRANSIENT_ERROR_CODES.has(e.name ?? "") || TRANSIENT_ERROR_STATUS_CODES.has(status ?? 0)) {
    return "TRANSIENT";
  }
  if (status !== undefined && status >= 500 && status <= 599) return "SERVER_ERROR";
  return "CLIENT_ERROR";
}

interface RetryableClient {
  config?: { maxAttempts?: unknown };
}

/** Per-client retry quota (the SDK keeps one token bucket per client instance). */
class SdkRetryEmulation {
  readonly #random: SeededRandom;
  readonly #capacity = new WeakMap<object, number>();

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /** The client's resolved `maxAttempts` (a provider once the client is constructed). */
  async maxAttempts(client: RetryableClient): Promise<number> {
    const configured = client.config?.maxAttempts;
    try {
      const value = typeof configured === "function" ? await configured() : configured;
      return typeof value === "number" && value >= 1 ? value : DEFAULT_MAX_ATTEMPTS;
    } catch {
      return DEFAULT_MAX_ATTEMPTS;
    }
  }

  /**
   * Whether the SDK would retry after attempt number `attempts` failed with `type`; if so, takes the retry cost from
   * the client's bucket and returns it (the success after the retry gives it back).
   */
  acquireRetry(client: object, type: RetryErrorType, attempts: number, maxAttempts: number): number | undefined {
    if (type !== "THROTTLING" && type !== "TRANSIENT") return undefined;
    if (attempts >= maxAttempts) return undefined;
    const cost = type === "THROTTLING" ? THROTTLING_RETRY_COST : TRANSIENT_RETRY_COST;
    const capacity = this.#capacity.get(client) ?? INITIAL_RETRY_TOKENS;
    if (capacity < cost) return undefined;
    this.#capacity.set(client, capacity - cost);
    return cost;
  }

  /** Full-jitter exponential backoff: random × min(base × 2^retryCount, 20 s). */
  delayMs(type: RetryErrorType, retryCount: number): number {
    const base = type === "THROTTLING" ? THROTTLING_BASE_DELAY_MS : BASE_DELAY_MS;
    return Math.floor(this.#random.next() * Math.min(base * 2 ** retryCount, MAXIMUM_RETRY_DELAY_MS));
  }

  recordSuccess(client: object, lastRetryCost: number | undefined): void {
    const capacity = this.#capacity.get(client) ?? INITIAL_RETRY_TOKENS;
    this.#capacity.set(client, Math.min(INITIAL_RETRY_TOKENS, capacity + (lastRetryCost ?? NO_RETRY_INCREMENT)));
  }
}

export { retryErrorType, SdkRetryEmulation };
export type { RetryErrorType };
