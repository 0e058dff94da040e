import type { AttributeValue, BatchWriteItemInput, BatchWriteItemOutput, WriteRequest } from "@aws-sdk/client-dynamodb";
import { type Item, keyString } from "../attribute-value";
import type { Database } from "../database";
import { validation } from "../errors";
import type { Table } from "../table";

/**
 * BatchWriteItem: up to 25 puts/deletes over any tables, validated as a whole before anything is written (an unknown
 * table, a bad key or a duplicate key rejects the batch); unconditional; `UnprocessedItems` returned as `{}` unless
 * the test asked for some (FakeDynamoDb.leaveUnprocessed), which is how DynamoDB sheds load and callers must retry.
 */

const MAX_REQUESTS = 25;

interface PlannedWrite {
  table: Table;
  request: WriteRequest;
  put?: Item;
  deleteKey?: Item;
}

function plan(database: Database, requestItems: Record<string, WriteRequest[]>): PlannedWrite[] {
  const writes: PlannedWrite[] = [];
  for (const [tableName, requests] of Object.entries(requestItems)) {
    if (requests.length === 0) {
      throw validation(
        `1 validation error detected: Value '{${tableName}=[]}' at 'requestItems' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]`,
      );
    }
    const table = database.table(tableName);
    const keys = new Set<string>();
    for (const request of requests) {
      const { PutRequest: put, DeleteRequest: remove } = request;
      if ((put === undefined) === (remove === undefined)) {
        throw validation("Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
      }
      const write: PlannedWrite = put
        ? { table, request, put: table.validateItem(put.Item) }
        : { table, request, deleteKey: table.validateKey(remove?.Key) };
      const key = write.put ? table.keyOf(write.put) : (write.deleteKey as Item);
      const text = Object.values(key)
        .map((value) => keyString(value as AttributeValue))
        .join("\u0000");
      if (keys.has(text)) throw validation("Provided list of item keys contains duplicates");
      keys.add(text);
      writes.push(write);
    }
  }
  return writes;
}

function batchWriteItem(database: Database, input: BatchWriteItemInput): BatchWriteItemOutput {
  const requestItems = input.RequestItems ?? {};
  if (Object.keys(requestItems).length === 0) {
    throw validation(
      "1 validation error detected: Value '{}' at 'requestItems' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  const total = Object.values(requestItems).reduce((sum, requests) => sum + requests.length, 0);
  if (total > MAX_REQUESTS) throw validation("Too many items requested for the BatchWriteItem call");
  const unprocessed: Record<string, WriteRequest[]> = {};
  for (const write of plan(database, requestItems)) {
    if (database.unprocessedBudget > 0) {
      database.unprocessedBudget--;
      (unprocessed[write.table.name] ??= []).push(write.request);
    } else if (write.put) write.table.put(write.put);
    else write.table.delete(write.deleteKey as Item);
  }
  return { UnprocessedItems: unprocessed };
}

export { batchWriteItem };
