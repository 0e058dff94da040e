import type { AttributeValue, QueryInput, QueryOutput } from "@aws-sdk/client-dynamodb";
import { compareScalars } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { SandboxUnsupportedOperationError } from "../../core/unsupported";
import { validation } from "../errors";
import { evaluateCondition } from "../expressions/evaluate-condition";
import { keyRange } from "../key-condition";
import { attributesRead, validateLimit } from "./common";
import { readPage, validateSelect } from "./read-page";

/**
 * Query: one partition in sort key order (reversed with `ScanIndexForward: false`), narrowed by the sort key
 * condition, read from after `ExclusiveStartKey`, paged by `Limit` / 1 MB, then filtered. A FilterExpression may not
 * use key attributes.
 */
function query(database: Database, input: QueryInput): QueryOutput {
  const { keyCondition, filter, projection } = compileExpressions(input);
  if (!keyCondition) throw validation("Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.");
  validateLimit(input.Limit);
  const table = database.table(input.TableName);
  if (input.IndexName !== undefined) {
    throw new SandboxUnsupportedOperationError(`the sandbox models no secondary indexes (IndexName ${input.IndexName})`);
  }
  validateSelect(input.Select, projection);
  const range = keyRange(table, keyCondition);
  const keyNames = new Set(table.keyAttributes().map((attribute) => attribute.name));
  const keyInFilter = filter ? attributesRead(filter).find((name) => keyNames.has(name)) : undefined;
  if (keyInFilter !== undefined) {
    throw validation(`Filter Expression can only contain non-primary key attributes: Primary key attribute: ${keyInFilter}`);
  }

  const forward = input.ScanIndexForward !== false;
  let items = table.partition(range.partition).filter((item) => !range.sort || evaluateCondition(range.sort, item));
  if (!forward) items.reverse();
  if (input.ExclusiveStartKey !== undefined) {
    const start = table.validateKey(input.ExclusiveStartKey, "The provided starting key is invalid: The provided key element does not match the schema");
    const { partitionKey, sortKey } = table.schema;
    if (compareScalars(start[partitionKey.name] as AttributeValue, range.partition) !== 0) {
      throw validation("The provided starting key is invalid: The provided key element does not match the schema");
    }
    if (!sortKey) items = [];
    else {
      const after = start[sortKey.name] as AttributeValue;
      items = items.filter((item) => {
        const order = compareScalars(item[sortKey.name] as AttributeValue, after) ?? 0;
        return forward ? order > 0 : order < 0;
      });
    }
  }
  return readPage({ table, items, limit: input.Limit, filter, projection, select: input.Select });
}

export { query };
