import type { PutItemInput, PutItemOutput } from "@aws-sdk/client-dynamodb";
import { cloneItem } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { checkCondition, checkEnum } from "./common";

/** PutItem: replaces the whole item, if the condition holds; ReturnValues NONE or ALL_OLD. */
function putItem(database: Database, input: PutItemInput): PutItemOutput {
  const { condition } = compileExpressions(input);
  checkEnum(input.ReturnValues, ["NONE", "ALL_OLD"], "ReturnValues can only be ALL_OLD or NONE");
  const table = database.table(input.TableName);
  const item = table.validateItem(input.Item);
  const old = table.get(table.keyOf(item));
  checkCondition(condition, old, input.ReturnValuesOnConditionCheckFailure);
  table.put(item);
  return input.ReturnValues === "ALL_OLD" && old ? { Attributes: cloneItem(old) } : {};
}

export { putItem };
