import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { compareNumbers, formatNumber, parseNumber } from "./number";

/**
 * AttributeValue semantics: validation with DynamoDB's messages, normalisation (numbers are stored and returned in
 * canonical form, so "1.50" comes back as "1.5"), equality, ordering (strings by UTF-8 bytes, numbers exactly,
 * binary bytewise), key encoding and item size as DynamoDB accounts it.
 */

type Item = Record<string, AttributeValue>;

type ValueType = "S" | "N" | "B" | "SS" | "NS" | "BS" | "M" | "L" | "NULL" | "BOOL";

const VALUE_TYPES: readonly ValueType[] = ["S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL"];

const EMPTY_SET_MESSAGES: Record<"SS" | "NS" | "BS", string> = {
  SS: "One or more parameter values were invalid: An string set  may not be empty",
  NS: "One or more parameter values were invalid: An number set  may not be empty",
  BS: "One or more parameter values were invalid: Binary sets should not be empty",
};

function typeOf(value: AttributeValue): ValueType {
  for (const type of VALUE_TYPES) {
    if ((value as unknown as Record<string, unknown>)[type] !== undefined) return type;
  }
  throw new TypeError("not an AttributeValue");
}

function definedTypes(value: unknown): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .map(([key]) => key);
}

function bytesOf(value: Uint8Array): Buffer {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
}

function memberKey(type: "SS" | "NS" | "BS", member: unknown): string {
  if (type === "SS") return member as string;
  if (type === "BS") return bytesOf(member as Uint8Array).toString("base64");
  const parsed = parseNumber(member as string);
  return parsed.ok ? formatNumber(parsed.value) : String(member);
}

/**
 * Checks a value from a request and returns it normalised, or an error message. Empty strings and binaries are valid
 * outside keys (since 2020); empty sets, duplicate set members and non-numbers are not.
 */
function normaliseValue(value: unknown): { ok: true; value: AttributeValue } | { ok: false; message: string } {
  const types = definedTypes(value);
  if (types.length === 0) {
    return { ok: false, message: "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes" };
  }
  if (types.length > 1 || !VALUE_TYPES.includes(types[0] as ValueType)) {
    return {
      ok: false,
      message: "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes",
    };
  }
  const type = types[0] as ValueType;
  const member = (value as Record<string, unknown>)[type];
  switch (type) {
    case "S":
      return typeof member === "string" ? { ok: true, value: { S: member } } : invalidType();
    case "BOOL":
      return typeof member === "boolean" ? { ok: true, value: { BOOL: member } } : invalidType();
    case "NULL":
      return member === true
        ? { ok: true, value: { NULL: true } }
        : { ok: false, message: "One or more parameter values were invalid: Null attribute value types must have the value of true" };
    case "B":
      return member instanceof Uint8Array ? { ok: true, value: { B: new Uint8Array(member) } } : invalidType();
    case "N": {
      if (typeof member !== "string") return invalidType();
      const parsed = parseNumber(member);
      return parsed.ok ? { ok: true, value: { N: formatNumber(parsed.value) } } : parsed;
    }
    case "SS":
    case "NS":
    case "BS":
      return normaliseSet(type, member);
    case "L":
      return normaliseList(member);
    case "M":
      return normaliseMap(member);
  }
}

function invalidType(): { ok: false; message: string } {
  return { ok: false, message: "Supplied AttributeValue has an invalid type for its datatype" };
}

function normaliseSet(type: "SS" | "NS" | "BS", member: unknown) {
  if (!Array.isArray(member)) return invalidType();
  if (member.length === 0) return { ok: false as const, message: EMPTY_SET_MESSAGES[type] };
  const members: unknown[] = [];
  for (const element of member) {
    if (type === "NS") {
      if (typeof element !== "string") return invalidType();
      const parsed = parseNumber(element);
      if (!parsed.ok) return parsed;
      members.push(formatNumber(parsed.value));
    } else if (type === "SS") {
      if (typeof element !== "string") return invalidType();
      members.push(element);
    } else {
      if (!(element instanceof Uint8Array)) return invalidType();
      members.push(new Uint8Array(element));
    }
  }
  const keys = members.map((m) => memberKey(type, m));
  if (new Set(keys).size !== keys.length) {
    return {
      ok: false as const,
      message: `One or more parameter values were invalid: Input collection [${keys.join(", ")}] contains duplicates.`,
    };
  }
  return { ok: true as const, value: { [type]: members } as unknown as AttributeValue };
}

function normaliseList(member: unknown) {
  if (!Array.isArray(member)) return invalidType();
  const list: AttributeValue[] = [];
  for (const element of member) {
    const result = normaliseValue(element);
    if (!result.ok) return result;
    list.push(result.value);
  }
  return { ok: true as const, value: { L: list } };
}

function normaliseMap(member: unknown) {
  if (typeof member !== "object" || member === null || Array.isArray(member)) return invalidType();
  const map: Item = {};
  for (const [key, element] of Object.entries(member)) {
    if (element === undefined) continue;
    const result = normaliseValue(element);
    if (!result.ok) return result;
    map[key] = result.value;
  }
  return { ok: true as const, value: { M: map } };
}

/** Deep copy (state never shares objects with requests or responses). */
function cloneValue(value: AttributeValue): AttributeValue {
  if (value.M !== undefined) return { M: cloneItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(cloneValue) };
  if (value.B !== undefined) return { B: new Uint8Array(value.B) };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => new Uint8Array(b)) };
  if (value.SS !== undefined) return { SS: [...value.SS] };
  if (value.NS !== undefined) return { NS: [...value.NS] };
  return { ...value } as AttributeValue;
}

function cloneItem(item: Item): Item {
  const copy: Item = {};
  for (const [name, value] of Object.entries(item)) copy[name] = cloneValue(value);
  return copy;
}

const SURROGATE = /[\uD800-\uDFFF]/;

/** UTF-8 byte order, which is code point order (UTF-16 code unit order differs only around surrogates). */
function compareStrings(a: string, b: string): number {
  if (SURROGATE.test(a) || SURROGATE.test(b)) return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Order of two scalars of the same type (S, N or B); undefined when they are not comparable, which makes `<`,
 * BETWEEN and friends false rather than an error, as in DynamoDB.
 */
function compareScalars(a: AttributeValue, b: AttributeValue): number | undefined {
  if (a.S !== undefined && b.S !== undefined) return compareStrings(a.S, b.S);
  if (a.N !== undefined && b.N !== undefined) {
    const x = parseNumber(a.N);
    const y = parseNumber(b.N);
    return x.ok && y.ok ? compareNumbers(x.value, y.value) : undefined;
  }
  if (a.B !== undefined && b.B !== undefined) return Buffer.compare(bytesOf(a.B), bytesOf(b.B));
  return undefined;
}

function sameMembers(type: "SS" | "NS" | "BS", a: unknown[], b: unknown[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map((m) => memberKey(type, m)));
  return b.every((m) => keys.has(memberKey(type, m)));
}

function valuesEqual(a: AttributeValue, b: AttributeValue): boolean {
  const type = typeOf(a);
  if (type !== typeOf(b)) return false;
  switch (type) {
    case "S":
    case "N":
    case "B":
      return compareScalars(a, b) === 0;
    case "BOOL":
      return a.BOOL === b.BOOL;
    case "NULL":
      return true;
    case "SS":
    case "NS":
    case "BS":
      return sameMembers(type, a[type] as unknown[], b[type] as unknown[]);
    case "L": {
      const x = a.L as AttributeValue[];
      const y = b.L as AttributeValue[];
      return x.length === y.length && x.every((element, i) => valuesEqual(element, y[i] as AttributeValue));
    }
    case "M": {
      const x = a.M as Item;
      const y = b.M as Item;
      const keys = Object.keys(x);
      return keys.length === Object.keys(y).length && keys.every((k) => y[k] !== undefined && valuesEqual(x[k] as AttributeValue, y[k]));
    }
  }
}

/** Canonical text of a key value (S, N or B), so "1" and "1.0" name the same item. */
function keyString(value: AttributeValue): string {
  if (value.S !== undefined) return `S${value.S}`;
  if (value.N !== undefined) {
    const parsed = parseNumber(value.N);
    return `N${parsed.ok ? formatNumber(parsed.value) : value.N}`;
  }
  if (value.B !== undefined) return `B${bytesOf(value.B).toString("base64")}`;
  throw new TypeError("key values are S, N or B");
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Size as DynamoDB accounts it against the 400 KB item limit (developer guide, "Item sizes and formats"). */
function valueSize(value: AttributeValue): number {
  if (value.S !== undefined) return utf8Length(value.S);
  if (value.N !== undefined) return numberSize(value.N);
  if (value.B !== undefined) return value.B.byteLength;
  if (value.BOOL !== undefined || value.NULL !== undefined) return 1;
  if (value.SS !== undefined) return value.SS.reduce((sum, s) => sum + utf8Length(s), 0);
  if (value.NS !== undefined) return value.NS.reduce((sum, n) => sum + numberSize(n), 0);
  if (value.BS !== undefined) return value.BS.reduce((sum, b) => sum + b.byteLength, 0);
  if (value.L !== undefined) return 3 + value.L.reduce((sum, element) => sum + 1 + valueSize(element), 0);
  if (value.M !== undefined) return 3 + Object.entries(value.M).reduce((sum, [k, v]) => sum + 1 + utf8Length(k) + valueSize(v), 0);
  return 0;
}

function numberSize(text: string): number {
  const digits = text.replace(/^-/, "").replace(/\./, "").replace(/^0+/, "").replace(/0+$/, "").length;
  return Math.ceil(Math.max(1, digits) / 2) + 1;
}

function itemSize(item: Item): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += utf8Length(name) + valueSize(value);
  return size;
}

export {
  cloneItem,
  cloneValue,
  compareScalars,
  itemSize,
  keyString,
  memberKey,
  normaliseValue,
  typeOf,
  VALUE_TYPES,
  valuesEqual,
};
export type { Item, ValueType };
