import type { ConfigurationOptions } from "@kubernetes/client-node";
import { abortableBy } from "../../eks/abortable";
import type { Clock } from "../../clock";
import type { ClusterConnection } from "../../eks/connection";
import { ClusterAccessError } from "../../eks/errors";
import type { ListPage, PageRequest } from "./kinds";

interface ListPolicy {
  pageSize: number;
  requestTimeoutMs: number;
  /** Tries per page for transient failures (5xx, 429, unreachable, timeout). */
  attempts: number;
  clock: Clock;
}

/** Everything listed (possibly only part, when the list failed) and, if it failed, why. */
interface ListOutcome<T> {
  items: T[];
  failure?: string;
}

/** A list whose continue token expired (410) is started again from the top, this many times at most. */
const MAX_RESTARTS = 2;
/** A server that never stops handing out continue tokens is broken; stop rather than loop for the whole run. */
const MAX_PAGES = 10_000;

class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
}

function isTransient(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (!(error instanceof ClusterAccessError)) return false;
  return error.reason === "unreachable" || (error.reason === "api-error" && error.status !== undefined && (error.status >= 500 || error.status === 429));
}

/** Runs one request with a deadline on the policy's clock; a request past it is aborted and fails as a timeout. */
async function withTimeout<T>(policy: ListPolicy, describe: string, request: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const settled = new AbortController();
  policy.clock.sleep(policy.requestTimeoutMs, settled.signal).then(
    () => deadline.abort(new RequestTimeoutError(`${describe}: no answer within ${policy.requestTimeoutMs} ms`)),
    () => undefined,
  );
  try {
    return await request(deadline.signal);
  } catch (error) {
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    settled.abort();
  }
}

/** Retries transient failures with exponential backoff (0.25 s, 0.5 s, 1 s, …); anything else fails at once. */
async function withRetries<T>(policy: ListPolicy, request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= policy.attempts || !isTransient(error)) throw error;
      await policy.clock.sleep(250 * 2 ** (attempt - 1));
    }
  }
}

function isExpiredContinue(error: unknown): boolean {
  return error instanceof ClusterAccessError && error.status === 410;
}

/**
 * Lists every object of one kind across all namespaces, `pageSize` at a time (limit/continue, one consistent
 * snapshot). Never throws: a failure comes back with the items seen so far, so the caller can keep them (they are
 * real uses) while knowing the list is not whole.
 */
async function listAll<T>(
  connection: ClusterConnection,
  operation: string,
  fetchPage: (page: PageRequest, options: ConfigurationOptions) => Promise<ListPage<T>>,
  policy: ListPolicy,
): Promise<ListOutcome<T>> {
  let items: T[] = [];
  let token: string | undefined;
  let restarts = 0;
  let pages = 0;
  try {
    for (;;) {
      const page: PageRequest = { limit: policy.pageSize, ...(token ? { _continue: token } : {}) };
      let answer: ListPage<T>;
      try {
        answer = await withRetries(policy, () =>
          withTimeout(policy, `Cluster "${connection.cluster}" (${operation})`, (signal) => connection.call(operation, () => fetchPage(page, abortableBy(signal)))),
        );
      } catch (error) {
        if (!isExpiredContinue(error) || restarts >= MAX_RESTARTS) throw error;
        // The snapshot behind the token is gone; only a fresh list from the top is consistent again.
        restarts++;
        items = [];
        token = undefined;
        continue;
      }
      items.push(...(answer.items ?? []));
      token = answer.metadata?._continue || undefined;
      if (!token) return { items };
      if (++pages >= MAX_PAGES) throw new Error(`Cluster "${connection.cluster}" kept returning continue tokens after ${MAX_PAGES} pages while trying to ${operation}`);
    }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { items, failure: restarts > 0 ? `${message} (after restarting the list ${restarts} time${restarts === 1 ? "" : "s"})` : message };
  }
}

export { listAll, RequestTimeoutError };
export type { ListOutcome, ListPolicy };
