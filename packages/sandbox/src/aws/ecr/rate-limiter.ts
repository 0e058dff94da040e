import type { SandboxClock } from "../../clock";
import { throttlingError } from "../faults/throttling";
import type { EcrRateLimit } from "./spec";

/**
 * Token buckets per operation on the sandbox clock: a collector that pages 200 repositories without backoff meets
 * `ThrottlingException: Rate exceeded` (ECR has no modelled class; the SDK surfaces its base exception under that
 * name, image-gc.md §8) deterministically, where injected faults would throttle at random.
 */
class RateLimiter {
  readonly #clock: SandboxClock;
  readonly #buckets = new Map<string, { limit: EcrRateLimit; tokens: number; at: number }>();

  constructor(clock: SandboxClock, limits: Readonly<Record<string, EcrRateLimit>> = {}) {
    this.#clock = clock;
    for (const [operation, limit] of Object.entries(limits)) {
      if (!(limit.perSecond > 0)) throw new RangeError(`rate limit for ${operation} must be > 0 per second`);
      this.#buckets.set(operation, { limit, tokens: limit.burst ?? limit.perSecond, at: clock.nowMs() });
    }
  }

  /** Takes one token for `operation` or throws ThrottlingException. */
  take(operation: string): void {
    const bucket = this.#buckets.get(operation);
    if (!bucket) return;
    const now = this.#clock.nowMs();
    const capacity = bucket.limit.burst ?? bucket.limit.perSecond;
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.at) / 1000) * bucket.limit.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) throw throttlingError("ecr", operation);
    bucket.tokens -= 1;
  }
}

export { RateLimiter };
