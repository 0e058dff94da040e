import type { SeededRandom } from "../../random";

/**
 * Faults injected into the routed SDK calls, per service or operation: throttling (N times, or with a probability
 * from the seeded stream), latency in simulated milliseconds, and scripted errors for the next calls. The wiring asks
 * for a plan before every attempt (retries included, as the SDK would re-send), so "throttle 2 times" is seen by the
 * SDK's retry loop exactly like two throttled responses from AWS.
 *
 * Targets: "eks" (every operation of a service), "eks:DescribeCluster" (one operation) or "*" (everything).
 */
type FaultTarget = string;

interface ThrottleOptions {
  /** Throttle this many matching attempts, then stop (default 1, or unlimited when `probability` is set). */
  times?: number;
  /** Throttle each matching attempt with this probability (seeded, so a run replays exactly). */
  probability?: number;
}

type LatencyOptions = { ms: number } | { minMs: number; maxMs: number };

interface FaultHandle {
  /** How many attempts this fault has affected so far. */
  readonly fired: number;
  remove(): void;
}

/** What happens to one attempt: how long it takes, and whether it fails before reaching the fake. */
interface AttemptPlan {
  latencyMs: number;
  fault?: { kind: "throttle" } | { kind: "error"; error: Error };
}

interface Rule {
  target: FaultTarget;
  remaining: number;
  fired: number;
}

interface ThrottleRule extends Rule {
  probability: number;
}

interface LatencyRule extends Rule {
  latency: LatencyOptions;
}

interface ErrorRule extends Rule {
  error: Error | (() => Error);
}

function matches(target: FaultTarget, service: string, operation: string): boolean {
  if (target === "*") return true;
  const [targetService, targetOperation] = target.split(":");
  return targetService === service && (targetOperation === undefined || targetOperation === operation);
}

class FaultInjector {
  readonly #random: SeededRandom;
  #throttles: ThrottleRule[] = [];
  #latencies: LatencyRule[] = [];
  #errors: ErrorRule[] = [];

  constructor(random: SeededRandom) {
    this.#random = random;
  }

  /** Answers matching attempts with the service's own throttling error. */
  throttle(target: FaultTarget, options: ThrottleOptions = {}): FaultHandle {
    const probability = options.probability ?? 1;
    if (!(probability > 0 && probability <= 1)) throw new RangeError(`throttle probability must be in (0, 1] (got ${probability})`);
    const remaining = options.times ?? (options.probability === undefined ? 1 : Number.POSITIVE_INFINITY);
    return this.#add(this.#throttles, { target, remaining, fired: 0, probability });
  }

  /** Delays matching attempts by simulated time (on the sandbox clock) before the service answers. */
  latency(target: FaultTarget, latency: number | LatencyOptions): FaultHandle {
    const options = typeof latency === "number" ? { ms: latency } : latency;
    return this.#add(this.#latencies, { target, remaining: Number.POSITIVE_INFINITY, fired: 0, latency: options });
  }

  /**
   * Fails the next `times` matching attempts with `error` (give a factory to get a fresh instance per attempt; build
   * it from the service's SDK exception classes so it looks like the real thing).
   */
  failNext(target: FaultTarget, error: Error | (() => Error), times = 1): FaultHandle {
    return this.#add(this.#errors, { target, remaining: times, fired: 0, error });
  }

  clear(): void {
    this.#throttles = [];
    this.#latencies = [];
    this.#errors = [];
  }

  /** Decides the fate of one attempt; consumes counts and random draws (call once per attempt). */
  plan(service: string, operation: string): AttemptPlan {
    const plan: AttemptPlan = { latencyMs: 0 };
    for (const rule of this.#latencies) {
      if (!matches(rule.target, service, operation)) continue;
      rule.fired++;
      const { latency } = rule;
      plan.latencyMs += "ms" in latency ? latency.ms : this.#random.int(latency.minMs, latency.maxMs);
    }
    const scripted = this.#errors.find((rule) => rule.remaining > 0 && matches(rule.target, service, operation));
    if (scripted) {
      scripted.remaining--;
      scripted.fired++;
      plan.fault = { kind: "error", error: typeof scripted.error === "function" ? scripted.error() : scripted.error };
      return plan;
    }
    for (const rule of this.#throttles) {
      if (rule.remaining <= 0 || !matches(rule.target, service, operation)) continue;
      if (rule.probability < 1 && !this.#random.chance(rule.probability)) continue;
      rule.remaining--;
      rule.fired++;
      plan.fault = { kind: "throttle" };
      return plan;
    }
    return plan;
  }

  #add<T extends Rule>(list: T[], rule: T): FaultHandle {
    list.push(rule);
    return {
      get fired() {
        return rule.fired;
      },
      remove: () => {
        const index = list.indexOf(rule);
        if (index !== -1) list.splice(index, 1);
      },
    };
  }
}

export { FaultInjector };
export type { AttemptPlan, FaultHandle, FaultTarget, LatencyOptions, ThrottleOptions };
