import type { GetItemInput, GetItemOutput } from "@aws-sdk/client-dynamodb";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { output } from "./common";

/** GetItem: the item (projected), or no `Item` at all. Items past their TTL are returned until swept, as in DynamoDB. */
function getItem(database: Database, input: GetItemInput): GetItemOutput {
  const { projection } = compileExpressions(input);
  const table = database.table(input.TableName);
  const item = table.get(table.validateKey(input.Key));
  return item ? { Item: output(item, projection) } : {};
}

export { getItem };
