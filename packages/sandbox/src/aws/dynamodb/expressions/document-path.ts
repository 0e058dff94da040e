import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import type { Item } from "../attribute-value";
import { validation } from "../errors";
import type { DocumentPath, PathElement } from "./ast";

/** Reading and writing an item along a document path (`a.b[2].c`). */

const INVALID_FOR_UPDATE = "The document path provided in the update expression is invalid for update";

function step(value: AttributeValue | undefined, element: PathElement): AttributeValue | undefined {
  if (value === undefined) return undefined;
  if (element.kind === "name") return value.M?.[element.name];
  return value.L?.[element.index];
}

function getPath(item: Item, path: DocumentPath): AttributeValue | undefined {
  const [first, ...rest] = path;
  if (first?.kind !== "name") return undefined;
  let value: AttributeValue | undefined = item[first.name];
  for (const element of rest) value = step(value, element);
  return value;
}

/** The map or list holding the path's last element, which must already exist with the right type. */
function container(item: Item, path: DocumentPath): AttributeValue {
  const parent = getPath(item, path.slice(0, -1));
  const last = path[path.length - 1] as PathElement;
  if (last.kind === "name" && parent?.M !== undefined) return parent;
  if (last.kind === "index" && parent?.L !== undefined) return parent;
  throw validation(INVALID_FOR_UPDATE);
}

/** SET semantics: a list index past the end appends. */
function setPath(item: Item, path: DocumentPath, value: AttributeValue): void {
  const last = path[path.length - 1] as PathElement;
  if (path.length === 1 && last.kind === "name") {
    item[last.name] = value;
    return;
  }
  const parent = container(item, path);
  if (last.kind === "name") (parent.M as Item)[last.name] = value;
  else {
    const list = parent.L as AttributeValue[];
    if (last.index >= list.length) list.push(value);
    else list[last.index] = value;
  }
}

/** REMOVE semantics: a missing attribute or list element is not an error; a missing parent is. */
function removePath(item: Item, path: DocumentPath): void {
  const last = path[path.length - 1] as PathElement;
  if (path.length === 1 && last.kind === "name") {
    delete item[last.name];
    return;
  }
  const parent = container(item, path);
  if (last.kind === "name") delete (parent.M as Item)[last.name];
  else if (last.index < (parent.L as AttributeValue[]).length) (parent.L as AttributeValue[]).splice(last.index, 1);
}

export { getPath, INVALID_FOR_UPDATE, removePath, setPath };
