/**
 * Continuation-token paging shared by the fakes. Tokens are opaque to callers (like AWS's) and bound to the query
 * they came from, so a token replayed against another query is rejected the way services reject it. Paging resumes
 * after the last key returned, so items added or removed between pages do not shift the next page.
 */
interface PageRequest {
  /** Page size already validated by the caller against the service's own limits. */
  size: number;
  nextToken?: string | undefined;
  /** Identifies the query (operation + parameters that shape the result); a token only works for its own scope. */
  scope: string;
}

type PageResult<T> = { ok: true; items: T[]; nextToken?: string } | { ok: false };

interface TokenBody {
  s: string;
  o: number;
  k: string;
}

function encodeToken(body: TokenBody): string {
  return Buffer.from(JSON.stringify(body), "utf8").toString("base64url");
}

function decodeToken(token: string): TokenBody | undefined {
  try {
    const body = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as Partial<TokenBody>;
    if (typeof body.s !== "string" || typeof body.o !== "number" || typeof body.k !== "string") return undefined;
    return body as TokenBody;
  } catch {
    return undefined;
  }
}

/** Where the page after `token` starts in `items`, or undefined when the token is not valid for this query. */
function resumeIndex<T>(items: readonly T[], keyOf: (item: T) => string, token: TokenBody): number {
  const atOffset = items[token.o - 1];
  if (atOffset !== undefined && keyOf(atOffset) === token.k) return token.o;
  const found = items.findIndex((item) => keyOf(item) === token.k);
  // The last item of the previous page is gone: continue from the same position rather than restart.
  return found === -1 ? Math.min(token.o, items.length) : found + 1;
}

function paginate<T>(items: readonly T[], keyOf: (item: T) => string, request: PageRequest): PageResult<T> {
  let start = 0;
  if (request.nextToken !== undefined) {
    const token = decodeToken(request.nextToken);
    if (!token || token.s !== request.scope) return { ok: false };
    start = resumeIndex(items, keyOf, token);
  }
  const page = items.slice(start, start + request.size);
  const end = start + page.length;
  const last = page.at(-1);
  if (end >= items.length || last === undefined) return { ok: true, items: page };
  return { ok: true, items: page, nextToken: encodeToken({ s: request.scope, o: end, k: keyOf(last) }) };
}

export { paginate };
export type { PageRequest, PageResult };
