import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createCursor } from "@caretaker/core/cursor";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf } from "../drain/harness";

let sandbox: SandboxAccount | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function cursorOnSandbox(name = "image-gc/eu-west-1") {
  sandbox = await createSandboxAccount({ aws: { dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] } } });
  const clock = clockOf(sandbox.clock);
  const make = (cursorName: string) => createCursor({ dynamodb: new DynamoDBClient({}), table: "caretaker-state", name: cursorName, clock, ttlDays: 30 });
  return { sandbox, cursor: make(name), make };
}

describe("cursors in the state table (where the next run starts)", () => {
  it("starts empty, keeps a saved position, and forgets it when told to start from the beginning", async () => {
    const { cursor } = await cursorOnSandbox();
    expect(await cursor.load()).toBeUndefined();
    await cursor.save("shop/worker");
    expect(await cursor.load()).toBe("shop/worker");
    await cursor.save(undefined);
    expect(await cursor.load()).toBeUndefined();
  });

  it("keeps each name's position apart", async () => {
    const { cursor, make } = await cursorOnSandbox();
    await cursor.save("a");
    await make("image-gc/us-east-1").save("b");
    expect(await cursor.load()).toBe("a");
  });

  it("forgets a position after its TTL, even before DynamoDB deletes the item", async () => {
    const { sandbox, cursor } = await cursorOnSandbox();
    await cursor.save("shop/worker");
    sandbox.clock.advance(29 * 86_400_000);
    expect(await cursor.load()).toBe("shop/worker");
    sandbox.clock.advance(2 * 86_400_000);
    expect(await cursor.load()).toBeUndefined();
  });
});
