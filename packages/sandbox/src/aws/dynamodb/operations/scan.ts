import type { AttributeValue, ScanInput, ScanOutput } from "@aws-sdk/client-dynamodb";
import { compareScalars, type Item, keyString } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { SandboxUnsupportedOperationError } from "../../core/unsupported";
import { validation } from "../errors";
import { comparePartitions, partitionHash, type Table } from "../table";
import { validateLimit } from "./common";
import { readPage, validateSelect } from "./read-page";

/**
 * Scan: every item in a fixed order that is not key order (like DynamoDB's hash order), optionally one `Segment` of
 * `TotalSegments` (items split by partition key), paged by `Limit` / 1 MB from after `ExclusiveStartKey`, then filtered.
 */

function validateSegments(segment: number | undefined, total: number | undefined): void {
  if (segment === undefined && total === undefined) return;
  if (total === undefined) {
    throw validation("The TotalSegments parameter is required but was not present in the request when Segment parameter is present");
  }
  if (segment === undefined) {
    throw validation("The Segment parameter is required but was not present in the request when parameter TotalSegments is present");
  }
  if (!Number.isInteger(total) || total < 1 || total > 1_000_000) {
    throw validation(`1 validation error detected: Value '${total}' at 'totalSegments' failed to satisfy constraint: Member must have value between 1 and 1000000`);
  }
  if (!Number.isInteger(segment) || segment < 0 || segment >= total) {
    throw validation(`The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: ${segment} is not less than TotalSegments: ${total}`);
  }
}

/** Whether an item comes after the start key in scan order (partition order, then sort key). */
function after(table: Table, item: Item, start: Item): boolean {
  const { partitionKey, sortKey } = table.schema;
  const byPartition = comparePartitions(
    keyString(item[partitionKey.name] as AttributeValue),
    keyString(start[partitionKey.name] as AttributeValue),
  );
  if (byPartition !== 0) return byPartition > 0;
  if (!sortKey) return false;
  return (compareScalars(item[sortKey.name] as AttributeValue, start[sortKey.name] as AttributeValue) ?? 0) > 0;
}

function scan(database: Database, input: ScanInput): ScanOutput {
  const { filter, projection } = compileExpressions(input);
  validateLimit(input.Limit);
  validateSegments(input.Segment, input.TotalSegments);
  const table = database.table(input.TableName);
  if (input.IndexName !== undefined) {
    throw new SandboxUnsupportedOperationError(`the sandbox models no secondary indexes (IndexName ${input.IndexName})`);
  }
  validateSelect(input.Select, projection);
  const partitionKey = table.schema.partitionKey.name;
  let items = table.scanOrder();
  if (input.TotalSegments !== undefined) {
    const total = input.TotalSegments;
    items = items.filter((item) => partitionHash(keyString(item[partitionKey] as AttributeValue)) % total === input.Segment);
  }
  if (input.ExclusiveStartKey !== undefined) {
    const start = table.validateKey(input.ExclusiveStartKey, "The provided starting key is invalid: The provided key element does not match the schema");
    items = items.filter((item) => after(table, item, start));
  }
  return readPage({ table, items, limit: input.Limit, filter, projection, select: input.Select });
}

export { scan };
