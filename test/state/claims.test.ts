import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { createClaims } from "@caretaker/core/state";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf } from "../drain/harness";

let sandbox: SandboxAccount | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

async function claimsOnSandbox() {
  sandbox = await createSandboxAccount({ aws: { dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] } } });
  const clock = clockOf(sandbox.clock);
  return { sandbox, claims: createClaims({ dynamodb: new DynamoDBClient({}), table: "caretaker-state", clock }) };
}

describe("claims (at-most-once side effects)", () => {
  it("grants a key to exactly one of several concurrent callers", async () => {
    const { claims } = await claimsOnSandbox();
    const results = await Promise.all([claims.claim("notify#evt-1", 3600), claims.claim("notify#evt-1", 3600), claims.claim("notify#evt-1", 3600)]);
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await claims.claim("notify#evt-2", 3600)).toBe(true);
  });

  it("frees a key once its TTL has passed, even before DynamoDB deletes the item", async () => {
    const { sandbox, claims } = await claimsOnSandbox();
    expect(await claims.claim("k", 60)).toBe(true);
    expect(await claims.claim("k", 60)).toBe(false);
    sandbox.clock.advance(61_000);
    expect(await claims.claim("k", 60)).toBe(true);
  });

  it("needs a table name", () => {
    expect(() => createClaims({ dynamodb: new DynamoDBClient({}), table: "", clock: { now: () => 0, sleep: async () => undefined } })).toThrow("CARETAKER_STATE_TABLE");
  });
});
