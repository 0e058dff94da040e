import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { compareScalars, type Item, itemSize, keyString, normaliseValue, typeOf } from "./attribute-value";
import { validation } from "./errors";

/**
 * One table: key schema, items by partition and sort key, and the validations DynamoDB applies to keys and items
 * (schema match, key types, empty key values, key and item size limits).
 */

type KeyType = "S" | "N" | "B";

interface KeyAttribute {
  name: string;
  type: KeyType;
}

interface TableSchema {
  name: string;
  partitionKey: KeyAttribute;
  sortKey?: KeyAttribute | undefined;
  ttlAttribute?: string | undefined;
}

const MAX_ITEM_BYTES = 400 * 1024;
const MAX_PARTITION_KEY_BYTES = 2048;
const MAX_SORT_KEY_BYTES = 1024;
const KEY_MISMATCH = "The provided key element does not match the schema";

function keyBytes(value: AttributeValue): number {
  if (value.S !== undefined) return Buffer.byteLength(value.S, "utf8");
  if (value.B !== undefined) return value.B.byteLength;
  return 0;
}

/** FNV-1a of a partition key's canonical text. */
function partitionHash(partition: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < partition.length; i++) hash = Math.imul(hash ^ partition.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

/** Scan order of partitions (canonical key texts): by hash, ties by text — deterministic, unrelated to key order. */
function comparePartitions(a: string, b: string): number {
  const byHash = partitionHash(a) - partitionHash(b);
  return byHash !== 0 ? byHash : a < b ? -1 : a > b ? 1 : 0;
}

class Table {
  readonly schema: TableSchema;
  readonly arn: string;
  /** partition key string → sort key string → item. */
  readonly #partitions = new Map<string, Map<string, Item>>();

  constructor(schema: TableSchema, arn: string) {
    this.schema = schema;
    this.arn = arn;
  }

  get name(): string {
    return this.schema.name;
  }

  keyAttributes(): KeyAttribute[] {
    return this.schema.sortKey ? [this.schema.partitionKey, this.schema.sortKey] : [this.schema.partitionKey];
  }

  /** A `Key` parameter: exactly the key attributes, of the schema's types, non-empty. */
  validateKey(key: Record<string, AttributeValue> | undefined, message = KEY_MISMATCH): Item {
    const attributes = this.keyAttributes();
    if (key === undefined || Object.keys(key).length !== attributes.length) throw validation(message);
    const normalised: Item = {};
    for (const attribute of attributes) {
      const raw = key[attribute.name];
      const value = raw === undefined ? undefined : normaliseValue(raw);
      if (!value?.ok || typeOf(value.value) !== attribute.type) throw validation(message);
      this.#checkKeyValue(attribute, value.value);
      normalised[attribute.name] = value.value;
    }
    return normalised;
  }

  /** An item to write: valid values, every key attribute present with the schema's type, within 400 KB. */
  validateItem(item: Record<string, AttributeValue> | undefined): Item {
    const normalised: Item = {};
    for (const [name, raw] of Object.entries(item ?? {})) {
      if (raw === undefined) continue;
      const value = normaliseValue(raw);
      if (!value.ok) throw validation(value.message);
      normalised[name] = value.value;
    }
    for (const attribute of this.keyAttributes()) {
      const value = normalised[attribute.name];
      if (value === undefined) {
        throw validation(`One or more parameter values were invalid: Missing the key ${attribute.name} in the item`);
      }
      const actual = typeOf(value);
      if (actual !== attribute.type) {
        throw validation(
          `One or more parameter values were invalid: Type mismatch for key ${attribute.name} expected: ${attribute.type} actual: ${actual}`,
        );
      }
      this.#checkKeyValue(attribute, value);
    }
    this.checkSize(normalised, "Item size has exceeded the maximum allowed size");
    return normalised;
  }

  checkSize(item: Item, message: string): void {
    if (itemSize(item) > MAX_ITEM_BYTES) throw validation(message);
  }

  #checkKeyValue(attribute: KeyAttribute, value: AttributeValue): void {
    if (value.S === "" || value.B?.byteLength === 0) {
      const kind = value.S === "" ? "string" : "binary";
      throw validation(
        `One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty ${kind} value. Key: ${attribute.name}`,
      );
    }
    const isPartition = attribute.name === this.schema.partitionKey.name;
    if (isPartition && keyBytes(value) > MAX_PARTITION_KEY_BYTES) {
      throw validation(
        `One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of${MAX_PARTITION_KEY_BYTES} bytes`,
      );
    }
    if (!isPartition && keyBytes(value) > MAX_SORT_KEY_BYTES) {
      throw validation(
        `One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of ${MAX_SORT_KEY_BYTES} bytes`,
      );
    }
  }

  /** The primary key attributes of an item (for LastEvaluatedKey and key projections). */
  keyOf(item: Item): Item {
    const key: Item = {};
    for (const attribute of this.keyAttributes()) key[attribute.name] = item[attribute.name] as AttributeValue;
    return key;
  }

  #locate(key: Item): [string, string] {
    const sortKey = this.schema.sortKey;
    return [
      keyString(key[this.schema.partitionKey.name] as AttributeValue),
      sortKey ? keyString(key[sortKey.name] as AttributeValue) : "",
    ];
  }

  /** The stored item (not a copy: callers clone before handing it out). */
  get(key: Item): Item | undefined {
    const [partition, sort] = this.#locate(key);
    return this.#partitions.get(partition)?.get(sort);
  }

  put(item: Item): void {
    const [partition, sort] = this.#locate(item);
    let items = this.#partitions.get(partition);
    if (!items) this.#partitions.set(partition, (items = new Map()));
    items.set(sort, item);
  }

  delete(key: Item): void {
    const [partition, sort] = this.#locate(key);
    const items = this.#partitions.get(partition);
    items?.delete(sort);
    if (items?.size === 0) this.#partitions.delete(partition);
  }

  /** Items of one partition in ascending sort key order (strings by UTF-8 bytes, numbers by value). */
  partition(partitionValue: AttributeValue): Item[] {
    const items = [...(this.#partitions.get(keyString(partitionValue))?.values() ?? [])];
    const sortKey = this.schema.sortKey;
    if (!sortKey) return items;
    return items.sort((a, b) => compareScalars(a[sortKey.name] as AttributeValue, b[sortKey.name] as AttributeValue) ?? 0);
  }

  /** Every item in scan order: partitions by hash of their key (as DynamoDB spreads them), each in sort key order. */
  scanOrder(): Item[] {
    const partitions = [...this.#partitions.keys()].sort(comparePartitions);
    return partitions.flatMap((partition) => {
      const first = this.#partitions.get(partition)?.values().next().value as Item;
      return this.partition(first[this.schema.partitionKey.name] as AttributeValue);
    });
  }

  get itemCount(): number {
    let count = 0;
    for (const items of this.#partitions.values()) count += items.size;
    return count;
  }
}

export { comparePartitions, partitionHash, Table };
export type { KeyAttribute, KeyType, TableSchema };
