import { type DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Clock } from "../clock";

/** A named position that survives between runs (e.g. where the next image GC run starts), kept in the state table. */
interface Cursor {
  load(): Promise<string | undefined>;
  save(position: string | undefined): Promise<void>;
}

/**
 * A cursor stored as one item (`cursor#<name>`) in the state table. It expires `ttlDays` after the last save, so a
 * position nobody uses any more disappears on its own; saving `undefined` stores "start from the beginning".
 */
function createCursor({ dynamodb, table, name, clock, ttlDays = 30 }: { dynamodb: DynamoDBClient; table: string; name: string; clock: Clock; ttlDays?: number }): Cursor {
  if (!table) throw new Error("A state table name is required for cursors (CARETAKER_STATE_TABLE)");
  const id = { S: `cursor#${name}` };
  return {
    async load() {
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { id }, ConsistentRead: true }));
      const expiration = Number(Item?.expiration?.N ?? 0);
      // DynamoDB deletes expired items lazily (up to days later): an expired position is no position.
      if (!Item || expiration * 1000 <= clock.now()) return undefined;
      return Item.position?.S;
    },
    async save(position) {
      const now = Math.floor(clock.now() / 1000);
      await dynamodb.send(
        new PutItemCommand({
          TableName: table,
          Item: { id, expiration: { N: String(now + ttlDays * 86_400) }, savedAt: { N: String(now) }, ...(position !== undefined ? { position: { S: position } } : {}) },
        }),
      );
    },
  };
}

export { createCursor };
export type { Cursor };
