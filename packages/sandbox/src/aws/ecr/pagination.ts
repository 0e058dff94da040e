import { invalidParameter, invalidRequest } from "./errors";

/**
 * Pagination shared by the listing operations. A token names the last key returned (not an offset), so pages stay
 * correct when images are deleted between calls — the way a GC loop deletes while it lists. Tokens are opaque,
 * bound to the operation and scope (repository) that issued them, and rejected anywhere else.
 */

interface PageLimits {
  /** Page size when `maxResults` is absent. */
  defaultSize: number;
  /** Largest `maxResults` accepted. */
  maxSize: number;
}

interface PageStart {
  /** Return keys strictly after this one. */
  after: string | undefined;
  size: number;
}

interface TokenBody {
  o: string;
  s: string;
  a: string;
}

function issueToken(operation: string, scope: string, after: string): string {
  const body: TokenBody = { o: operation, s: scope, a: after };
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function readToken(token: string, operation: string, scope: string): string {
  try {
    const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<TokenBody>;
    if (body.o === operation && body.s === scope && typeof body.a === "string") return body.a;
  } catch {
    // falls through to the same rejection as a token from another request
  }
  // Wording not documented.
  throw invalidRequest("Invalid NextToken");
}

function validateMaxResults(maxResults: number | undefined, limits: PageLimits): number {
  if (maxResults === undefined) return limits.defaultSize;
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalidParameter("maxResults", "Member must have value greater than or equal to 1");
  }
  if (maxResults > limits.maxSize) {
    throw invalidParameter("maxResults", `Member must have value less than or equal to ${limits.maxSize}`);
  }
  return maxResults;
}

function pageStart(
  input: { nextToken?: string | undefined; maxResults?: number | undefined },
  operation: string,
  scope: string,
  limits: PageLimits,
): PageStart {
  const size = validateMaxResults(input.maxResults, limits);
  const after = input.nextToken === undefined ? undefined : readToken(input.nextToken, operation, scope);
  return { after, size };
}

/** Index of the first key greater than `after` in an ascending list. */
function firstIndexAfter(sortedKeys: readonly string[], after: string | undefined): number {
  if (after === undefined) return 0;
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((sortedKeys[mid] as string) <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * Walks `sortedKeys` after the token's key, keeping the items `select` returns (undefined = filtered out), until a page
 * is full; returns the page and the token for the rest (only when something is left).
 */
function collectPage<T>(
  sortedKeys: readonly string[],
  start: PageStart,
  select: (key: string) => T | undefined,
  operation: string,
  scope: string,
): { items: T[]; nextToken: string | undefined } {
  const items: T[] = [];
  let index = firstIndexAfter(sortedKeys, start.after);
  let lastKey: string | undefined;
  for (; index < sortedKeys.length && items.length < start.size; index++) {
    const key = sortedKeys[index] as string;
    const item = select(key);
    if (item === undefined) continue;
    items.push(item);
    lastKey = key;
  }
  // A token is issued only if a later key would still be selected: no empty last page.
  let more = false;
  for (let rest = index; rest < sortedKeys.length; rest++) {
    if (select(sortedKeys[rest] as string) !== undefined) {
      more = true;
      break;
    }
  }
  const nextToken = more && lastKey !== undefined ? issueToken(operation, scope, lastKey) : undefined;
  return { items, nextToken };
}

export { collectPage, pageStart, validateMaxResults };
export type { PageLimits, PageStart };
