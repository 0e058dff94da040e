import type { DeleteItemInput, DeleteItemOutput } from "@aws-sdk/client-dynamodb";
import { cloneItem } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { checkCondition, checkEnum } from "./common";

/** DeleteItem: deleting a missing item succeeds (unless a condition says otherwise); ReturnValues NONE or ALL_OLD. */
function deleteItem(database: Database, input: DeleteItemInput): DeleteItemOutput {
  const { condition } = compileExpressions(input);
  checkEnum(input.ReturnValues, ["NONE", "ALL_OLD"], "ReturnValues can only be ALL_OLD or NONE");
  const table = database.table(input.TableName);
  const key = table.validateKey(input.Key);
  const old = table.get(key);
  checkCondition(condition, old, input.ReturnValuesOnConditionCheckFailure);
  if (old) table.delete(key);
  return input.ReturnValues === "ALL_OLD" && old ? { Attributes: cloneItem(old) } : {};
}

export { deleteItem };
