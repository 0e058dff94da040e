import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { typeOf } from "./attribute-value";
import { validation } from "./errors";
import type { Condition, Operand } from "./expressions/ast";
import type { Table } from "./table";

/**
 * Interprets a KeyConditionExpression: exactly `partitionKey = :value`, optionally AND one sort key condition
 * (`=`, `<`, `<=`, `>`, `>=`, BETWEEN or begins_with), with values of the key's type — DynamoDB's rules and messages.
 */

interface KeyRange {
  partition: AttributeValue;
  /** The sort key condition, evaluated per item; undefined = the whole partition. */
  sort: Condition | undefined;
}

function conjuncts(condition: Condition): Condition[] {
  if (condition.type === "and") return [...conjuncts(condition.left), ...conjuncts(condition.right)];
  if (condition.type === "or") throw validation("Invalid operator used in KeyConditionExpression: OR");
  if (condition.type === "not") throw validation("Invalid operator used in KeyConditionExpression: NOT");
  if (condition.type === "in") throw validation("Invalid operator used in KeyConditionExpression: IN");
  return [condition];
}

/** The key attribute a single condition constrains, and the values it compares with. */
function constrained(condition: Condition): { attribute: string; values: AttributeValue[]; op: string } {
  const notSupported = validation("Query key condition not supported");
  const attributeOf = (operand: Operand | undefined) => {
    if (operand?.type !== "path" || operand.path.length !== 1 || operand.path[0]?.kind !== "name") throw notSupported;
    return operand.path[0].name;
  };
  const valueOf = (operand: Operand | undefined) => {
    if (operand?.type !== "value") throw notSupported;
    return operand.value;
  };
  switch (condition.type) {
    case "compare":
      if (condition.op === "<>") throw validation("Invalid operator used in KeyConditionExpression: <>");
      return { attribute: attributeOf(condition.left), values: [valueOf(condition.right)], op: condition.op };
    case "between":
      return { attribute: attributeOf(condition.operand), values: [valueOf(condition.low), valueOf(condition.high)], op: "BETWEEN" };
    case "function":
      if (condition.name !== "begins_with") throw validation(`Invalid operator used in KeyConditionExpression: ${condition.name}`);
      return { attribute: attributeOf(condition.args[0]), values: [valueOf(condition.args[1])], op: "begins_with" };
    default:
      throw notSupported;
  }
}

function keyRange(table: Table, keyCondition: Condition): KeyRange {
  const parts = conjuncts(keyCondition);
  if (parts.length > 2) throw validation("Conditions can be of length 1 or 2 only");
  const { partitionKey, sortKey } = table.schema;
  let partition: AttributeValue | undefined;
  let sort: Condition | undefined;
  for (const part of parts) {
    const { attribute, values, op } = constrained(part);
    const key = attribute === partitionKey.name ? partitionKey : attribute === sortKey?.name ? sortKey : undefined;
    if (!key) throw validation("Query key condition not supported");
    if (values.some((value) => typeOf(value) !== key.type)) {
      throw validation("One or more parameter values were invalid: Condition parameter type does not match schema type");
    }
    if (key === partitionKey) {
      if (op !== "=" || partition !== undefined) throw validation("Query key condition not supported");
      partition = values[0];
    } else {
      if (sort !== undefined) throw validation("Query key condition not supported");
      sort = part;
    }
  }
  if (partition === undefined) throw validation(`Query condition missed key schema element: ${partitionKey.name}`);
  return { partition, sort };
}

export { keyRange };
export type { KeyRange };
