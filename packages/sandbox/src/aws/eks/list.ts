import { paginate } from "../core/pagination";
import { checkMaxResults, invalidNextToken } from "./errors";

/** EKS list pagination: maxResults 1..100 (default 100), InvalidParameterException for a foreign token. */
function eksPage<T>(items: readonly T[], keyOf: (item: T) => string, input: { maxResults?: number | undefined; nextToken?: string | undefined }, scope: string): { items: T[]; nextToken?: string } {
  checkMaxResults(input.maxResults);
  const page = paginate(items, keyOf, { size: input.maxResults ?? 100, nextToken: input.nextToken, scope });
  if (!page.ok) throw invalidNextToken();
  return page.nextToken ? { items: page.items, nextToken: page.nextToken } : { items: page.items };
}

export { eksPage };
