import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { cloneValue, type Item } from "../attribute-value";
import type { DocumentPath, PathElement } from "./ast";

/**
 * Keeps only the given document paths of an item (ProjectionExpression, UPDATED_OLD / UPDATED_NEW). Nested paths keep
 * their structure: `a.b` yields `{ a: { M: { b } } }`; list elements selected by index are returned in list order,
 * compacted, as DynamoDB returns them.
 */

interface Selection {
  /** The whole value at this node is selected. */
  all: boolean;
  names: Map<string, Selection>;
  indexes: Map<number, Selection>;
}

function node(): Selection {
  return { all: false, names: new Map(), indexes: new Map() };
}

function select(root: Selection, path: DocumentPath): void {
  let current = root;
  for (const element of path) {
    const children: Map<string | number, Selection> = element.kind === "name" ? current.names : current.indexes;
    const key = element.kind === "name" ? element.name : element.index;
    let child = children.get(key as never);
    if (!child) children.set(key as never, (child = node()));
    current = child;
  }
  current.all = true;
}

function pick(value: AttributeValue, selection: Selection): AttributeValue | undefined {
  if (selection.all) return cloneValue(value);
  if (selection.names.size > 0 && value.M !== undefined) {
    const map = pickNames(value.M, selection.names);
    return Object.keys(map).length > 0 ? { M: map } : undefined;
  }
  if (selection.indexes.size > 0 && value.L !== undefined) {
    const list: AttributeValue[] = [];
    for (const index of [...selection.indexes.keys()].sort((a, b) => a - b)) {
      const element = value.L[index];
      const picked = element === undefined ? undefined : pick(element, selection.indexes.get(index) as Selection);
      if (picked !== undefined) list.push(picked);
    }
    return list.length > 0 ? { L: list } : undefined;
  }
  return undefined;
}

function pickNames(map: Item, names: Map<string, Selection>): Item {
  const result: Item = {};
  for (const [name, selection] of names) {
    const value = map[name];
    const picked = value === undefined ? undefined : pick(value, selection);
    if (picked !== undefined) result[name] = picked;
  }
  return result;
}

function project(item: Item, paths: readonly DocumentPath[]): Item {
  const root = node();
  for (const path of paths) {
    if ((path[0] as PathElement | undefined)?.kind === "name") select(root, path);
  }
  return pickNames(item, root.names);
}

export { project };
