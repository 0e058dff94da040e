import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import type { CommandClass, CommandHandler, FakeService, FakeServiceContext } from "../service";
import { cloneItem } from "./attribute-value";
import { Database } from "./database";
import { batchGetItem } from "./operations/batch-get-item";
import { batchWriteItem } from "./operations/batch-write-item";
import { deleteItem } from "./operations/delete-item";
import { getItem } from "./operations/get-item";
import { putItem } from "./operations/put-item";
import { query } from "./operations/query";
import { scan } from "./operations/scan";
import { updateItem } from "./operations/update-item";
import type { DynamoDbSpec, DynamoDbTableSpec } from "./spec";
import type { Table } from "./table";

/** DynamoDB leaves items whose TTL is more than five years in the past alone (a guard against wrong units). */
const TTL_MAX_AGE_SECONDS = 5 * 365 * 24 * 3600;

/**
 * Stateful DynamoDB for the sandbox: the item and query API Caretaker uses — GetItem, PutItem, UpdateItem,
 * DeleteItem, Query, Scan, BatchWriteItem, BatchGetItem — with the expression language (condition, filter,
 * key condition, update, projection; ExpressionAttributeNames/Values; reserved words), exact decimal numbers, key
 * and item validation, ReturnValues, ConditionalCheckFailedException (with the old item on request) and pagination,
 * with DynamoDB's messages.
 *
 * Time to Live: as in DynamoDB, an item past its expiry is still read, queried and conditionally checked until the
 * service deletes it — "typically within a few days" — so nothing expires on its own here. `sweepExpired()` is that
 * deletion: tests call it to move past the moment DynamoDB's sweeper ran.
 *
 * Not modelled: secondary indexes, transactions, PartiQL, streams, table management, capacity and consumed-capacity
 * reporting, the legacy pre-expression parameters (AttributesToGet, Expected, KeyConditions, …: they fail with
 * SandboxUnsupportedOperationError, never silently), and the 16 MB response limit of BatchGetItem.
 */
class FakeDynamoDb implements FakeService {
  readonly serviceName = "dynamodb";
  readonly clientClass = DynamoDBClient;
  readonly operations: ReadonlyArray<{ name: string; command: CommandClass; handle: CommandHandler }>;
  readonly #database: Database;

  constructor(context: FakeServiceContext, spec: DynamoDbSpec = {}) {
    this.#database = new Database(context, spec);
    const database = this.#database;
    const operation = <I, O>(name: string, command: CommandClass, run: (database: Database, input: I) => O) => ({
      name,
      command,
      handle: (input: I) => run(database, input),
    });
    this.operations = [
      operation("GetItem", GetItemCommand, getItem),
      operation("PutItem", PutItemCommand, putItem),
      operation("UpdateItem", UpdateItemCommand, updateItem),
      operation("DeleteItem", DeleteItemCommand, deleteItem),
      operation("Query", QueryCommand, query),
      operation("Scan", ScanCommand, scan),
      operation("BatchWriteItem", BatchWriteItemCommand, batchWriteItem),
      operation("BatchGetItem", BatchGetItemCommand, batchGetItem),
    ];
  }

  /** Adds a table as if created outside the code under test. */
  createTable(spec: DynamoDbTableSpec): void {
    this.#database.createTable(spec);
  }

  /** Every item of a table, unmarshalled (plain JavaScript), in scan order. */
  items(tableName: string): Array<Record<string, unknown>> {
    return this.#table(tableName)
      .scanOrder()
      .map((item) => unmarshall(cloneItem(item)));
  }

  /** One item by its key (plain JavaScript), or undefined. */
  item(tableName: string, key: Record<string, unknown>): Record<string, unknown> | undefined {
    const table = this.#table(tableName);
    const item = table.get(table.validateKey(marshall(key)));
    return item && unmarshall(cloneItem(item));
  }

  /** Writes an item (plain JavaScript) directly, bypassing conditions. */
  putItem(tableName: string, item: Record<string, unknown>): void {
    const table = this.#table(tableName);
    table.put(table.validateItem(marshall(item, { removeUndefinedValues: true })));
  }

  /**
   * Deletes what DynamoDB's TTL process would by `at` (default: the sandbox clock's now): items whose TTL attribute is
   * a number of epoch seconds not after `at`, and not more than five years before it. Returns how many were deleted.
   */
  sweepExpired(at: Date = this.#database.context.clock.now()): number {
    const now = at.getTime() / 1000;
    let deleted = 0;
    for (const table of this.#database.tables()) {
      const attribute = table.schema.ttlAttribute;
      if (attribute === undefined) continue;
      for (const item of table.scanOrder()) {
        const expiry = Number(item[attribute]?.N);
        if (Number.isFinite(expiry) && expiry <= now && expiry >= now - TTL_MAX_AGE_SECONDS) {
          table.delete(table.keyOf(item));
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * Makes the next `count` write requests of BatchWriteItem come back in `UnprocessedItems` instead of being written,
   * as DynamoDB does under load — callers must retry them.
   */
  leaveUnprocessed(count: number): void {
    this.#database.unprocessedBudget = count;
  }

  #table(name: string): Table {
    return this.#database.table(name);
  }
}

export { FakeDynamoDb };
