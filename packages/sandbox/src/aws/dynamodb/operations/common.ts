import { cloneItem, type Item } from "../attribute-value";
import { conditionalCheckFailed, validation } from "../errors";
import type { Condition, DocumentPath, Operand } from "../expressions/ast";
import { evaluateCondition } from "../expressions/evaluate-condition";
import { project } from "../expressions/project";

/** Pieces the item operations share. */

function checkEnum(value: string | undefined, allowed: readonly string[], message: string): void {
  if (value !== undefined && !allowed.includes(value)) throw validation(message);
}

/** ConditionExpression against the current item (`{}` when absent); ConditionalCheckFailedException otherwise. */
function checkCondition(condition: Condition | undefined, current: Item | undefined, onFailure: string | undefined): void {
  checkEnum(onFailure, ["NONE", "ALL_OLD"], "ReturnValuesOnConditionCheckFailure can only be ALL_OLD or NONE");
  if (!condition || evaluateCondition(condition, current ?? {})) return;
  throw conditionalCheckFailed(onFailure === "ALL_OLD" && current ? cloneItem(current) : undefined);
}

/** A copy of the item, projected when a ProjectionExpression was given. */
function output(item: Item, projection: DocumentPath[] | undefined): Item {
  return projection ? project(item, projection) : cloneItem(item);
}

function validateLimit(limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw validation(
      `1 validation error detected: Value '${limit}' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1`,
    );
  }
}

/** Top-level attribute names a condition reads. */
function attributesRead(condition: Condition): string[] {
  const fromOperand = (operand: Operand): string[] => {
    if (operand.type === "value") return [];
    const first = operand.path[0];
    return first?.kind === "name" ? [first.name] : [];
  };
  switch (condition.type) {
    case "and":
    case "or":
      return [...attributesRead(condition.left), ...attributesRead(condition.right)];
    case "not":
      return attributesRead(condition.condition);
    case "compare":
      return [...fromOperand(condition.left), ...fromOperand(condition.right)];
    case "between":
      return [condition.operand, condition.low, condition.high].flatMap(fromOperand);
    case "in":
      return [condition.operand, ...condition.list].flatMap(fromOperand);
    case "function":
      return condition.args.flatMap(fromOperand);
  }
}

export { attributesRead, checkCondition, checkEnum, output, validateLimit };
