import type { EksToken } from "./token";

/** Refresh this long before the token's 14-minute life ends, so a request never leaves with a dying token. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * Caches one cluster's bearer token and presigns a new one before it expires. Concurrent callers share one signing;
 * `invalidate()` (after a 401) forces the next `get()` to sign afresh.
 */
class EksTokenSource {
  #current: EksToken | undefined;
  #pending: Promise<EksToken> | undefined;
  readonly #sign: () => Promise<EksToken>;
  readonly #now: () => number;

  constructor(sign: () => Promise<EksToken>, now: () => number = Date.now) {
    this.#sign = sign;
    this.#now = now;
  }

  async get(): Promise<string> {
    const current = this.#current;
    if (current && this.#now() < current.expiresAt.getTime() - REFRESH_MARGIN_MS) return current.token;
    this.#pending ??= this.#sign().finally(() => {
      this.#pending = undefined;
    });
    const fresh = await this.#pending;
    this.#current = fresh;
    return fresh.token;
  }

  invalidate(): void {
    this.#current = undefined;
  }
}

export { EksTokenSource, REFRESH_MARGIN_MS };
