import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { cloneItem, cloneValue, type Item, memberKey } from "../attribute-value";
import { validation } from "../errors";
import { addNumbers, checkLimits, formatNumber, negate, parseNumber } from "../number";
import type { UpdateAction, UpdateValue } from "./ast";
import { getPath, removePath, setPath } from "./document-path";

/**
 * Applies parsed update actions to a copy of an item. Every SET value is computed from the item as it was before the
 * update (so `SET a = :x, b = a` copies the old `a`), then SET, REMOVE, ADD and DELETE are applied; list elements
 * removed by index refer to their positions before the update.
 */

const INCORRECT_TYPE = "An operand in the update expression has an incorrect data type";
const MISSING_ATTRIBUTE = "The provided expression refers to an attribute that does not exist in the item";

function numberOf(value: AttributeValue) {
  if (value.N === undefined) throw validation(INCORRECT_TYPE);
  const parsed = parseNumber(value.N);
  if (!parsed.ok) throw validation(parsed.message);
  return parsed.value;
}

function checkedNumber(value: ReturnType<typeof numberOf>): AttributeValue {
  const limited = checkLimits(value);
  if (!limited.ok) throw validation(limited.message);
  return { N: formatNumber(value) };
}

function resolve(value: UpdateValue, original: Item): AttributeValue {
  switch (value.type) {
    case "value":
      return value.value;
    case "path": {
      const found = getPath(original, value.path);
      if (found === undefined) throw validation(MISSING_ATTRIBUTE);
      return found;
    }
    case "if_not_exists":
      return getPath(original, value.path) ?? resolve(value.fallback, original);
    case "list_append": {
      const left = resolve(value.left, original);
      const right = resolve(value.right, original);
      if (left.L === undefined || right.L === undefined) throw validation(INCORRECT_TYPE);
      return { L: [...left.L, ...right.L] };
    }
    case "plus":
    case "minus": {
      const left = numberOf(resolve(value.left, original));
      const right = numberOf(resolve(value.right, original));
      return checkedNumber(addNumbers(left, value.type === "plus" ? right : negate(right)));
    }
  }
}

type SetType = "SS" | "NS" | "BS";
type SetAction = Extract<UpdateAction, { type: "ADD" | "DELETE" }>;
const SET_TYPES: readonly SetType[] = ["SS", "NS", "BS"];

function setTypeOf(value: AttributeValue): SetType | undefined {
  return SET_TYPES.find((type) => value[type] !== undefined);
}

function add(item: Item, action: SetAction): void {
  const existing = getPath(item, action.path);
  if (existing === undefined) {
    setPath(item, action.path, cloneValue(action.value));
    return;
  }
  if (action.value.N !== undefined) {
    setPath(item, action.path, checkedNumber(addNumbers(numberOf(existing), numberOf(action.value))));
    return;
  }
  const type = setTypeOf(action.value) as SetType;
  const current = existing[type] as unknown[] | undefined;
  if (current === undefined) throw validation(INCORRECT_TYPE);
  const keys = new Set(current.map((m) => memberKey(type, m)));
  const added = (action.value[type] as unknown[]).filter((m) => !keys.has(memberKey(type, m)));
  setPath(item, action.path, { [type]: [...current, ...added] } as unknown as AttributeValue);
}

function remove(item: Item, action: SetAction): void {
  const existing = getPath(item, action.path);
  if (existing === undefined) return;
  const type = setTypeOf(action.value) as SetType;
  const current = existing[type] as unknown[] | undefined;
  if (current === undefined) throw validation(INCORRECT_TYPE);
  const removed = new Set((action.value[type] as unknown[]).map((m) => memberKey(type, m)));
  const left = current.filter((m) => !removed.has(memberKey(type, m)));
  // Sets cannot be empty: deleting the last members removes the attribute.
  if (left.length === 0) removePath(item, action.path);
  else setPath(item, action.path, { [type]: left } as unknown as AttributeValue);
}

function applyUpdate(original: Item, actions: readonly UpdateAction[]): Item {
  const sets = actions.flatMap((action) => (action.type === "SET" ? [{ path: action.path, value: resolve(action.value, original) }] : []));
  const item = cloneItem(original);
  for (const { path, value } of sets) setPath(item, path, cloneValue(value));
  const removals = actions.filter((action) => action.type === "REMOVE");
  // Highest list index first, so every index still means its position before the update.
  const indexOf = (action: UpdateAction) => {
    const last = action.path[action.path.length - 1];
    return last?.kind === "index" ? last.index : -1;
  };
  for (const action of [...removals].sort((a, b) => indexOf(b) - indexOf(a))) removePath(item, action.path);
  for (const action of actions) {
    if (action.type === "ADD") add(item, action);
    else if (action.type === "DELETE") remove(item, action);
  }
  return item;
}

export { applyUpdate };
