import type { UpdateItemInput, UpdateItemOutput } from "@aws-sdk/client-dynamodb";
import { cloneItem, type Item } from "../attribute-value";
import { compileExpressions } from "../compile-expressions";
import type { Database } from "../database";
import { validation } from "../errors";
import { applyUpdate } from "../expressions/apply-update";
import { project } from "../expressions/project";
import { checkCondition, checkEnum } from "./common";

const RETURN_VALUES = ["NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"];

/**
 * UpdateItem: an upsert — a missing item is created from its key — guarded by the condition. Key attributes cannot be
 * updated. UPDATED_OLD / UPDATED_NEW return just the paths the expression touched.
 */
function updateItem(database: Database, input: UpdateItemInput): UpdateItemOutput {
  const { condition, update = [] } = compileExpressions(input);
  checkEnum(input.ReturnValues, RETURN_VALUES, `ReturnValues can only be ${RETURN_VALUES.join(", ")}`);
  const table = database.table(input.TableName);
  const key = table.validateKey(input.Key);
  for (const action of update) {
    const first = action.path[0];
    if (first?.kind === "name" && key[first.name] !== undefined) {
      throw validation(`One or more parameter values were invalid: Cannot update attribute ${first.name}. This attribute is part of the key`);
    }
  }
  const old = table.get(key);
  checkCondition(condition, old, input.ReturnValuesOnConditionCheckFailure);
  const updated = applyUpdate(old ?? key, update);
  table.checkSize(updated, "Item size to update has exceeded the maximum allowed size");
  table.put(updated);
  const paths = update.map((action) => action.path);
  const attributes = (item: Item | undefined, onlyUpdated: boolean) => {
    if (!item) return {};
    const result = onlyUpdated ? project(item, paths) : cloneItem(item);
    return Object.keys(result).length > 0 ? { Attributes: result } : {};
  };
  switch (input.ReturnValues) {
    case "ALL_OLD":
      return attributes(old, false);
    case "UPDATED_OLD":
      return attributes(old, true);
    case "ALL_NEW":
      return attributes(updated, false);
    case "UPDATED_NEW":
      return attributes(updated, true);
    default:
      return {};
  }
}

export { updateItem };
