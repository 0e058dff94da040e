import { SeededRandom } from "../random";

/** A canned answer for requests whose method and path match, `times` times (default: until removed). */
interface ScriptedResponse {
  method?: string;
  /** Matched against the path without the query string. */
  path: string | RegExp;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  times?: number;
}

interface RequestLogEntry {
  /** Simulated time of arrival (ISO). */
  at: string;
  method: string;
  path: string;
  query: string;
  /** Whom the request acted as (the impersonated user when it impersonated one). */
  user: string;
  /** The authenticated user that impersonated `user`, if the request impersonated. */
  impersonator?: string;
  verb?: string;
  resource?: string;
  status: number;
  fault?: "scripted" | "random-error" | "latency";
}

/**
 * Fault injection for one cluster: latency on every request (simulated milliseconds), a seeded random rate of 5xx
 * answers, and scripted responses — so tests can reproduce flaky API servers exactly.
 */
class KubeFaults {
  latencyMs = 0;
  errorRate = 0;
  /** Which 5xx statuses random errors use (chosen with the same seeded generator). */
  errorStatuses: number[] = [500, 503];
  /** Paths random errors never hit (e.g. "/version"), to keep a test's setup out of the fault zone. */
  exempt: RegExp | undefined;
  readonly #scripts: ScriptedResponse[] = [];
  readonly #random: SeededRandom;

  constructor(seed = 42) {
    this.#random = new SeededRandom(seed);
  }

  script(response: ScriptedResponse): void {
    this.#scripts.push({ ...response });
  }

  clear(): void {
    this.#scripts.length = 0;
    this.latencyMs = 0;
    this.errorRate = 0;
    this.exempt = undefined;
  }

  takeScripted(method: string, path: string): ScriptedResponse | undefined {
    const index = this.#scripts.findIndex(
      (script) => (!script.method || script.method === method) && (typeof script.path === "string" ? script.path === path : script.path.test(path)),
    );
    if (index < 0) return undefined;
    const script = this.#scripts[index] as ScriptedResponse;
    if (script.times !== undefined) {
      script.times -= 1;
      if (script.times <= 0) this.#scripts.splice(index, 1);
    }
    return script;
  }

  /** A random 5xx status for this request, or undefined. */
  randomError(path: string): number | undefined {
    if (this.errorRate <= 0 || this.exempt?.test(path)) return undefined;
    return this.#random.chance(this.errorRate) ? this.#random.pick(this.errorStatuses) : undefined;
  }
}

export { KubeFaults };
export type { RequestLogEntry, ScriptedResponse };
