import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { compareScalars, type Item, memberKey, typeOf, valuesEqual } from "../attribute-value";
import type { Condition, Operand } from "./ast";
import { getPath } from "./document-path";

/**
 * Evaluates a condition against an item (an absent item is `{}`). DynamoDB's rules: comparisons involving a missing
 * attribute or values of different types are false rather than errors — except `<>`, true whenever the two sides are
 * not equal, including when one is missing.
 */

function operandValue(item: Item, operand: Operand): AttributeValue | undefined {
  if (operand.type === "value") return operand.value;
  const value = getPath(item, operand.path);
  if (operand.type === "path" || value === undefined) return value;
  return sizeOf(value);
}

/** size(): characters of a string, bytes of a binary, members of a set, elements of a list or map. */
function sizeOf(value: AttributeValue): AttributeValue | undefined {
  let size: number | undefined;
  if (value.S !== undefined) size = [...value.S].length;
  else if (value.B !== undefined) size = value.B.byteLength;
  else if (value.SS !== undefined) size = value.SS.length;
  else if (value.NS !== undefined) size = value.NS.length;
  else if (value.BS !== undefined) size = value.BS.length;
  else if (value.L !== undefined) size = value.L.length;
  else if (value.M !== undefined) size = Object.keys(value.M).length;
  return size === undefined ? undefined : { N: String(size) };
}

function ordered(left: AttributeValue | undefined, right: AttributeValue | undefined): number | undefined {
  return left === undefined || right === undefined ? undefined : compareScalars(left, right);
}

function compare(op: string, left: AttributeValue | undefined, right: AttributeValue | undefined): boolean {
  if (op === "=") return left !== undefined && right !== undefined && valuesEqual(left, right);
  if (op === "<>") return !(left !== undefined && right !== undefined && valuesEqual(left, right));
  const order = ordered(left, right);
  if (order === undefined) return false;
  if (op === "<") return order < 0;
  if (op === "<=") return order <= 0;
  if (op === ">") return order > 0;
  return order >= 0;
}

function beginsWith(value: AttributeValue | undefined, prefix: AttributeValue | undefined): boolean {
  if (value?.S !== undefined && prefix?.S !== undefined) return value.S.startsWith(prefix.S);
  if (value?.B !== undefined && prefix?.B !== undefined) {
    return Buffer.from(value.B).subarray(0, prefix.B.byteLength).equals(Buffer.from(prefix.B));
  }
  return false;
}

function contains(value: AttributeValue | undefined, operand: AttributeValue | undefined): boolean {
  if (value === undefined || operand === undefined) return false;
  if (value.S !== undefined) return operand.S !== undefined && value.S.includes(operand.S);
  if (value.B !== undefined) return operand.B !== undefined && Buffer.from(value.B).includes(Buffer.from(operand.B));
  if (value.L !== undefined) return value.L.some((element) => valuesEqual(element, operand));
  for (const [setType, memberType] of [
    ["SS", "S"],
    ["NS", "N"],
    ["BS", "B"],
  ] as const) {
    const members = value[setType] as unknown[] | undefined;
    if (members === undefined) continue;
    const member = operand[memberType];
    if (member === undefined) return false;
    const key = memberKey(setType, member);
    return members.some((m) => memberKey(setType, m) === key);
  }
  return false;
}

function evaluateCondition(condition: Condition, item: Item): boolean {
  switch (condition.type) {
    case "and":
      return evaluateCondition(condition.left, item) && evaluateCondition(condition.right, item);
    case "or":
      return evaluateCondition(condition.left, item) || evaluateCondition(condition.right, item);
    case "not":
      return !evaluateCondition(condition.condition, item);
    case "compare":
      return compare(condition.op, operandValue(item, condition.left), operandValue(item, condition.right));
    case "between": {
      const value = operandValue(item, condition.operand);
      return compare(">=", value, operandValue(item, condition.low)) && compare("<=", value, operandValue(item, condition.high));
    }
    case "in": {
      const value = operandValue(item, condition.operand);
      return condition.list.some((candidate) => compare("=", value, operandValue(item, candidate)));
    }
    case "function": {
      const [first, second] = condition.args.map((arg) => operandValue(item, arg));
      switch (condition.name) {
        case "attribute_exists":
          return first !== undefined;
        case "attribute_not_exists":
          return first === undefined;
        case "attribute_type":
          return first !== undefined && second?.S === typeOf(first);
        case "begins_with":
          return beginsWith(first, second);
        case "contains":
          return contains(first, second);
      }
    }
  }
}

export { evaluateCondition, operandValue };
