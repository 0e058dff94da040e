import type { AttributeValue } from "@aws-sdk/client-dynamodb";

/**
 * Parsed expressions with placeholders already resolved: `#name` to the attribute name, `:value` to its
 * AttributeValue. Evaluation then needs nothing but the item.
 */

type PathElement = { kind: "name"; name: string } | { kind: "index"; index: number };

type DocumentPath = readonly PathElement[];

type Operand =
  | { type: "path"; path: DocumentPath }
  | { type: "value"; value: AttributeValue; placeholder: string }
  | { type: "size"; path: DocumentPath };

type Comparator = "=" | "<>" | "<" | "<=" | ">" | ">=";

type ConditionFunction = "attribute_exists" | "attribute_not_exists" | "attribute_type" | "begins_with" | "contains";

type Condition =
  | { type: "compare"; op: Comparator; left: Operand; right: Operand }
  | { type: "between"; operand: Operand; low: Operand; high: Operand }
  | { type: "in"; operand: Operand; list: Operand[] }
  | { type: "and" | "or"; left: Condition; right: Condition }
  | { type: "not"; condition: Condition }
  | { type: "function"; name: ConditionFunction; args: Operand[] };

type UpdateValue =
  | { type: "path"; path: DocumentPath }
  | { type: "value"; value: AttributeValue; placeholder: string }
  | { type: "if_not_exists"; path: DocumentPath; fallback: UpdateValue }
  | { type: "list_append"; left: UpdateValue; right: UpdateValue }
  | { type: "plus" | "minus"; left: UpdateValue; right: UpdateValue };

type UpdateAction =
  | { type: "SET"; path: DocumentPath; value: UpdateValue }
  | { type: "REMOVE"; path: DocumentPath }
  | { type: "ADD" | "DELETE"; path: DocumentPath; value: AttributeValue };

/** How DynamoDB prints a path in messages: `[a, b, [0]]`. */
function describePath(path: DocumentPath): string {
  return `[${path.map((e) => (e.kind === "name" ? e.name : `[${e.index}]`)).join(", ")}]`;
}

export { describePath };
export type { Comparator, Condition, ConditionFunction, DocumentPath, Operand, PathElement, UpdateAction, UpdateValue };
