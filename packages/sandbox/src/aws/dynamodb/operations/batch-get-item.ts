import type { AttributeValue, BatchGetItemInput, BatchGetItemOutput } from "@aws-sdk/client-dynamodb";
import { keyString } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { validation } from "../errors";
import { output } from "./common";

/** BatchGetItem: up to 100 keys over any tables; missing items are simply absent; duplicate keys are refused. */

const MAX_KEYS = 100;

function batchGetItem(database: Database, input: BatchGetItemInput): BatchGetItemOutput {
  const requestItems = input.RequestItems ?? {};
  if (Object.keys(requestItems).length === 0) {
    throw validation(
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const total = Object.values(requestItems).reduce((sum, request) => sum + (request.Keys?.length ?? 0), 0);
  if (total > MAX_KEYS) throw validation("Too many items requested for the BatchGetItem call");
  const responses: Record<string, Record<string, AttributeValue>[]> = {};
  const reads = Object.entries(requestItems).map(([tableName, request]) => {
    if (!request.Keys || request.Keys.length === 0) {
      throw validation(`1 validation error detected: Value null at 'requestItems.${tableName}.member.keys' failed to satisfy constraint: Member must have length greater than or equal to 1`);
    }
    const { projection } = compileExpressions(request);
    const table = database.table(tableName);
    const seen = new Set<string>();
    const keys = request.Keys.map((raw) => {
      const key = table.validateKey(raw);
      const text = Object.values(key)
        .map((value) => keyString(value as AttributeValue))
        .join("\u0000");
      if (seen.has(text)) throw validation("Provided list of item keys contains duplicates");
      seen.add(text);
      return key;
    });
    return { tableName, table, keys, projection };
  });
  for (const { tableName, table, keys, projection } of reads) {
    responses[tableName] = keys.flatMap((key) => {
      const item = table.get(key);
      return item ? [output(item, projection)] : [];
    });
  }
  return { Responses: responses, UnprocessedKeys: {} };
}

export { batchGetItem };
