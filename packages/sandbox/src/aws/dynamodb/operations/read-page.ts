import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { type Item, itemSize } from "../attribute-value";
import { validation } from "../errors";
import type { Condition, DocumentPath } from "../expressions/ast";
import { evaluateCondition } from "../expressions/evaluate-condition";
import type { Table } from "../table";
import { output } from "./common";

/**
 * One page of Query or Scan over items already in read order. DynamoDB reads up to `Limit` items or 1 MB, *then*
 * filters, so a page can hold fewer items than `Limit` (even none) while LastEvaluatedKey says there is more; reaching
 * `Limit` always yields a LastEvaluatedKey, even when nothing is left (the next page is then empty).
 */

const PAGE_BYTES = 1024 * 1024;

interface PageOptions {
  table: Table;
  items: Item[];
  limit: number | undefined;
  filter: Condition | undefined;
  projection: DocumentPath[] | undefined;
  select: string | undefined;
}

interface Page {
  Items?: Record<string, AttributeValue>[];
  Count: number;
  ScannedCount: number;
  LastEvaluatedKey?: Record<string, AttributeValue>;
}

function readPage({ table, items, limit, filter, projection, select }: PageOptions): Page {
  const matched: Item[] = [];
  let scanned = 0;
  let bytes = 0;
  let last: Item | undefined;
  let stopped = false;
  for (const item of items) {
    if (limit !== undefined && scanned >= limit) {
      stopped = true;
      break;
    }
    const size = itemSize(item);
    if (scanned > 0 && bytes + size > PAGE_BYTES) {
      stopped = true;
      break;
    }
    scanned++;
    bytes += size;
    last = item;
    if (!filter || evaluateCondition(filter, item)) matched.push(item);
  }
  if (limit !== undefined && scanned === limit) stopped = true;
  const page: Page = { Count: matched.length, ScannedCount: scanned };
  if (select !== "COUNT") page.Items = matched.map((item) => output(item, projection));
  if (stopped && last) page.LastEvaluatedKey = output(table.keyOf(last), undefined);
  return page;
}

/** Select and ProjectionExpression rules for a table (no secondary indexes in the sandbox). */
function validateSelect(select: string | undefined, projection: DocumentPath[] | undefined): void {
  if (select === undefined) return;
  if (!["ALL_ATTRIBUTES", "ALL_PROJECTED_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT"].includes(select)) {
    throw validation(
      `1 validation error detected: Value '${select}' at 'select' failed to satisfy constraint: Member must satisfy enum value set: [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]`,
    );
  }
  if (select === "ALL_PROJECTED_ATTRIBUTES") {
    throw validation("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  if (select === "SPECIFIC_ATTRIBUTES" && !projection) {
    throw validation("Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES");
  }
  if ((select === "ALL_ATTRIBUTES" || select === "COUNT") && projection) {
    throw validation(`Cannot specify the ProjectionExpression when choosing to get ${select}`);
  }
}

export { readPage, validateSelect };
export type { Page };
