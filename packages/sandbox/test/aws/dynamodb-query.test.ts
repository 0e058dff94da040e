import { type AttributeValue, BatchGetItemCommand, BatchWriteItemCommand, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, QueryCommand, type QueryCommandInput, ResourceNotFoundException, ScanCommand, UpdateItemCommand, type WriteRequest } from "@aws-sdk/client-dynamodb";
import { marshall, unmarshall } from "@aws-sdk/util-dynamodb";
import { describe, expect, it } from "vitest";
import { ISOLATED_ACCOUNT, withAccount } from "./isolated-fake";
import { SandboxUnsupportedOperationError } from "../../src/aws";
import { SandboxClock } from "../../src/clock";
import { FakeDynamoDb } from "../../src/aws/dynamodb";

const ACCOUNT = ISOLATED_ACCOUNT;

/** `runs`: partition `cluster#a` with runs at seq 1..10 (kind alternating), `cluster#b` with 3; `flags`: simple key. */
function sandbox() {
  const runs = [
    ...Array.from({ length: 10 }, (_, i) => ({ pk: "cluster#a", seq: i + 1, kind: i % 2 === 0 ? "drain" : "gc", label: `run-${String(i + 1).padStart(2, "0")}` })),
    ...Array.from({ length: 3 }, (_, i) => ({ pk: "cluster#b", seq: i + 1, kind: "gc", label: `b-${i + 1}` })),
  ];
  const { fake } = withAccount(
    (account) =>
      new FakeDynamoDb(account.contextFor("dynamodb"), {
        tables: [
          { name: "runs", partitionKey: "pk", sortKey: { name: "seq", type: "N" }, items: runs },
          { name: "labels", partitionKey: "pk", sortKey: "sk", items: ["v1.2", "v1.10", "v2.0", "w1"].map((sk) => ({ pk: "p", sk })) },
          { name: "flags", partitionKey: "id" },
        ],
      }),
  );
  const db = new DynamoDBClient({ region: "eu-west-1" });
  const runsOf = (input: Partial<QueryCommandInput>) =>
    db.send(
      new QueryCommand({
        TableName: "runs",
        KeyConditionExpression: "pk = :pk",
        ...input,
        ExpressionAttributeValues: { ":pk": { S: "cluster#a" }, ...input.ExpressionAttributeValues },
      }),
    );
  return { fake, db, runsOf };
}

const seqs = (items: Record<string, AttributeValue>[] | undefined) => (items ?? []).map((item) => Number(item.seq?.N));

async function message(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no error",
    (error: Error) => `${error.name}: ${error.message}`,
  );
}

describe("Query", () => {
  it("returns one partition in ascending sort key order, or descending with ScanIndexForward false", async () => {
    // Prepare
    const { runsOf } = sandbox();

    // Act
    const ascending = await runsOf({});
    const descending = await runsOf({ ScanIndexForward: false });

    // Assess
    expect(seqs(ascending.Items)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(seqs(descending.Items)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect([ascending.Count, ascending.ScannedCount]).toEqual([10, 10]);
  });

  it("narrows by each sort key condition, numbers ordered by value", async () => {
    // Prepare
    const { runsOf } = sandbox();
    const sortKey = (condition: string, values: Record<string, AttributeValue>) =>
      runsOf({ KeyConditionExpression: `pk = :pk AND ${condition}`, ExpressionAttributeValues: values }).then((r) => seqs(r.Items));

    // Act
    const results = [
      await sortKey("seq = :v", { ":v": { N: "3" } }),
      await sortKey("seq < :v", { ":v": { N: "3" } }),
      await sortKey("seq <= :v", { ":v": { N: "3" } }),
      await sortKey("seq > :v", { ":v": { N: "8" } }),
      await sortKey("seq >= :v", { ":v": { N: "8" } }),
      await sortKey("seq BETWEEN :lo AND :hi", { ":lo": { N: "4" }, ":hi": { N: "6" } }),
    ];

    // Assess
    expect(results).toEqual([[3], [1, 2], [1, 2, 3], [9, 10], [8, 9, 10], [4, 5, 6]]);
  });

  it("orders string sort keys by bytes and matches begins_with", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const { Items } = await db.send(
      new QueryCommand({
        TableName: "labels",
        KeyConditionExpression: "pk = :p AND begins_with(sk, :v)",
        ExpressionAttributeValues: { ":p": { S: "p" }, ":v": { S: "v" } },
      }),
    );

    // Assess
    expect(Items?.map((item) => item.sk?.S)).toEqual(["v1.10", "v1.2", "v2.0"]);
  });

  it("pages with Limit and ExclusiveStartKey, returning LastEvaluatedKey whenever the limit is reached", async () => {
    // Prepare
    const { runsOf } = sandbox();

    // Act
    const pages: number[][] = [];
    const keys: Array<Record<string, AttributeValue> | undefined> = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await runsOf({ Limit: 5, ExclusiveStartKey: start });
      pages.push(seqs(page.Items));
      keys.push(page.LastEvaluatedKey);
      start = page.LastEvaluatedKey;
    } while (start);

    // Assess
    expect(pages).toEqual([[1, 2, 3, 4, 5], [6, 7, 8, 9, 10], []]);
    expect(keys[0]).toEqual({ pk: { S: "cluster#a" }, seq: { N: "5" } });
  });

  it("pages backwards from ExclusiveStartKey when ScanIndexForward is false", async () => {
    // Prepare
    const { runsOf } = sandbox();
    const first = await runsOf({ ScanIndexForward: false, Limit: 3 });

    // Act
    const second = await runsOf({ ScanIndexForward: false, Limit: 3, ExclusiveStartKey: first.LastEvaluatedKey });

    // Assess
    expect([seqs(first.Items), seqs(second.Items)]).toEqual([
      [10, 9, 8],
      [7, 6, 5],
    ]);
  });

  it("applies Limit before the filter, so a page can be short while more remains", async () => {
    // Prepare
    const { runsOf } = sandbox();

    // Act
    const page = await runsOf({
      Limit: 4,
      FilterExpression: "kind = :k",
      ExpressionAttributeValues: { ":k": { S: "gc" } },
    });

    // Assess
    expect(seqs(page.Items)).toEqual([2, 4]);
    expect([page.Count, page.ScannedCount]).toEqual([2, 4]);
    expect(page.LastEvaluatedKey).toEqual({ pk: { S: "cluster#a" }, seq: { N: "4" } });
  });

  it("counts without items with Select COUNT and projects with ProjectionExpression", async () => {
    // Prepare
    const { runsOf } = sandbox();

    // Act
    const counted = await runsOf({ Select: "COUNT" });
    const projected = await runsOf({ ProjectionExpression: "label", Limit: 1 });

    // Assess
    expect(counted).not.toHaveProperty("Items");
    expect(counted.Count).toBe(10);
    expect(projected.Items).toEqual([{ label: { S: "run-01" } }]);
  });

  it("rejects key conditions DynamoDB does not accept and filters on key attributes", async () => {
    // Prepare
    const { runsOf } = sandbox();
    const values = (extra: Record<string, AttributeValue> = {}) => ({ ":v": { N: "1" }, ...extra });

    // Act
    const messages = await Promise.all([
      message(runsOf({ KeyConditionExpression: "seq = :v", ExpressionAttributeValues: values({ ":pk": { S: "x" } }) })),
      message(runsOf({ KeyConditionExpression: "pk = :pk OR seq = :v", ExpressionAttributeValues: values() })),
      message(runsOf({ KeyConditionExpression: "pk = :pk AND kind = :v", ExpressionAttributeValues: values() })),
      message(runsOf({ KeyConditionExpression: "pk = :pk AND seq = :v", ExpressionAttributeValues: { ":v": { S: "1" } } })),
      message(runsOf({ FilterExpression: "seq > :v", ExpressionAttributeValues: values() })),
      message(runsOf({ Limit: 0 })),
    ]);

    // Assess
    expect(messages).toEqual([
      "ValidationException: Value provided in ExpressionAttributeValues unused in expressions: keys: {:pk}",
      "ValidationException: Invalid operator used in KeyConditionExpression: OR",
      "ValidationException: Query key condition not supported",
      "ValidationException: One or more parameter values were invalid: Condition parameter type does not match schema type",
      "ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: seq",
      "ValidationException: 1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1",
    ]);
  });

  it("fails loudly on what the sandbox does not model instead of ignoring it", async () => {
    // Prepare
    const { runsOf } = sandbox();

    // Act
    const index = await runsOf({ IndexName: "by-kind" }).catch((error: unknown) => error);
    const legacy = await runsOf({ AttributesToGet: ["label"] }).catch((error: unknown) => error);

    // Assess
    expect(index).toBeInstanceOf(SandboxUnsupportedOperationError);
    expect(legacy).toBeInstanceOf(SandboxUnsupportedOperationError);
  });

  it("reports a missing partition key condition", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const result = await message(
      db.send(new QueryCommand({ TableName: "runs", KeyConditionExpression: "seq = :v", ExpressionAttributeValues: { ":v": { N: "1" } } })),
    );

    // Assess
    expect(result).toBe("ValidationException: Query condition missed key schema element: pk");
  });
});

describe("Scan", () => {
  it("reads every item exactly once across pages and across segments", async () => {
    // Prepare
    const { db } = sandbox();
    const all = async (segment?: { Segment: number; TotalSegments: number }) => {
      const seen: string[] = [];
      let start: Record<string, AttributeValue> | undefined;
      do {
        const page = await db.send(new ScanCommand({ TableName: "runs", Limit: 3, ExclusiveStartKey: start, ...segment }));
        seen.push(...(page.Items ?? []).map((item) => `${item.pk?.S}/${item.seq?.N}`));
        start = page.LastEvaluatedKey;
      } while (start);
      return seen;
    };

    // Act
    const whole = await all();
    const segments = [...(await all({ Segment: 0, TotalSegments: 2 })), ...(await all({ Segment: 1, TotalSegments: 2 }))];

    // Assess
    expect(whole).toHaveLength(13);
    expect(new Set(whole).size).toBe(13);
    expect(segments.sort()).toEqual([...whole].sort());
  });
});

describe("BatchWriteItem and BatchGetItem", () => {
  const put = (id: string): WriteRequest => ({ PutRequest: { Item: { id: { S: id } } } });

  it("writes up to 25 requests and refuses 26", async () => {
    // Prepare
    const { db, fake } = sandbox();
    const requests = Array.from({ length: 26 }, (_, i) => put(`f${i}`));

    // Act
    const ok = await db.send(new BatchWriteItemCommand({ RequestItems: { flags: requests.slice(0, 25) } }));
    const tooMany = await message(db.send(new BatchWriteItemCommand({ RequestItems: { flags: requests } })));

    // Assess
    expect(ok.UnprocessedItems).toEqual({});
    expect(fake.items("flags")).toHaveLength(25);
    expect(tooMany).toBe("ValidationException: Too many items requested for the BatchWriteItem call");
  });

  it("rejects the whole batch on a duplicate key or an unknown table, writing nothing", async () => {
    // Prepare
    const { db, fake } = sandbox();

    // Act
    const duplicate = await message(
      db.send(new BatchWriteItemCommand({ RequestItems: { flags: [put("a"), { DeleteRequest: { Key: { id: { S: "a" } } } }] } })),
    );
    const unknown = await db
      .send(new BatchWriteItemCommand({ RequestItems: { flags: [put("b")], nope: [put("c")] } }))
      .catch((error: unknown) => error);

    // Assess
    expect(duplicate).toBe("ValidationException: Provided list of item keys contains duplicates");
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect(fake.items("flags")).toEqual([]);
  });

  it("hands back unprocessed requests when told to, for callers to retry", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.leaveUnprocessed(2);

    // Act
    const first = await db.send(new BatchWriteItemCommand({ RequestItems: { flags: [put("a"), put("b"), put("c")] } }));
    const retry = await db.send(new BatchWriteItemCommand({ RequestItems: first.UnprocessedItems }));

    // Assess
    expect(first.UnprocessedItems).toEqual({ flags: [put("a"), put("b")] });
    expect(retry.UnprocessedItems).toEqual({});
    expect(fake.items("flags").map((item) => item.id).sort()).toEqual(["a", "b", "c"]);
  });

  it("gets items from several tables, leaving out missing keys", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.putItem("flags", { id: "on", value: true });

    // Act
    const { Responses, UnprocessedKeys } = await db.send(
      new BatchGetItemCommand({
        RequestItems: {
          flags: { Keys: [{ id: { S: "on" } }, { id: { S: "off" } }] },
          runs: { Keys: [{ pk: { S: "cluster#b" }, seq: { N: "2" } }], ProjectionExpression: "label" },
        },
      }),
    );

    // Assess
    expect(Responses).toEqual({
      flags: [{ id: { S: "on" }, value: { BOOL: true } }],
      runs: [{ label: { S: "b-2" } }],
    });
    expect(UnprocessedKeys).toEqual({});
  });

  it("refuses more than 100 keys", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const result = await message(
      db.send(new BatchGetItemCommand({ RequestItems: { flags: { Keys: Array.from({ length: 101 }, (_, i) => ({ id: { S: `k${i}` } })) } } })),
    );

    // Assess
    expect(result).toBe("ValidationException: Too many items requested for the BatchGetItem call");
  });
});

const TABLE = "idempotency";
const KEY = "caretaker-drain#9f1c";

function idempotencySandbox() {
  const { clock, fake } = withAccount(
    (account) =>
      new FakeDynamoDb(account.contextFor("dynamodb"), { tables: [{ name: TABLE, partitionKey: "id", ttlAttribute: "expiration" }] }),
  );
  const db = new DynamoDBClient({ region: "eu-west-1" });
  return { fake, clock, db, persistence: persistence(db, clock) };
}

/** `_putRecord`, `_updateRecord`, `_getRecord`, `_deleteRecord` as Powertools sends them. */
function persistence(db: DynamoDBClient, clock: SandboxClock) {
  return {
    putInProgress(expirySeconds: number, inProgressExpiryMs: number) {
      const now = clock.nowMs();
      return db.send(
        new PutItemCommand({
          TableName: TABLE,
          Item: {
            ...marshall({ id: KEY }),
            ...marshall({ expiration: expirySeconds, status: "INPROGRESS" }),
            in_progress_expiration: { N: inProgressExpiryMs.toString() },
          },
          ExpressionAttributeNames: {
            "#id": "id",
            "#expiry": "expiration",
            "#in_progress_expiry": "in_progress_expiration",
            "#status": "status",
          },
          ExpressionAttributeValues: marshall({ ":now": now / 1000, ":now_in_millis": now, ":inprogress": "INPROGRESS" }),
          ConditionExpression:
            "attribute_not_exists(#id) OR #expiry < :now OR (#status = :inprogress AND attribute_exists(#in_progress_expiry) AND #in_progress_expiry < :now_in_millis)",
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
    },
    complete(expirySeconds: number, response: unknown) {
      return db.send(
        new UpdateItemCommand({
          TableName: TABLE,
          Key: marshall({ id: KEY }),
          UpdateExpression: "SET #expiry = :expiry, #status = :status, #response_data = :response_data",
          ExpressionAttributeNames: { "#expiry": "expiration", "#status": "status", "#response_data": "data" },
          ExpressionAttributeValues: marshall({ ":expiry": expirySeconds, ":status": "COMPLETED", ":response_data": JSON.stringify(response) }),
        }),
      );
    },
    async get() {
      const { Item } = await db.send(new GetItemCommand({ TableName: TABLE, Key: marshall({ id: KEY }), ConsistentRead: true }));
      return Item && unmarshall(Item);
    },
    remove() {
      return db.send(new DeleteItemCommand({ TableName: TABLE, Key: marshall({ id: KEY }) }));
    },
  };
}

/**
 * The calls of Powertools idempotency's DynamoDBPersistenceLayer (packages/idempotency, default attribute names),
 * replayed verbatim against the fake: the first future user of the sandbox's DynamoDB.
 */
describe("Powertools idempotency persistence", () => {
  it("takes the record, refuses a second caller with the current record, and completes it", async () => {
    // Prepare
    const { persistence, clock } = idempotencySandbox();
    const nowSeconds = Math.floor(clock.nowMs() / 1000);

    // Act
    await persistence.putInProgress(nowSeconds + 3600, clock.nowMs() + 60_000);
    const second = await persistence.putInProgress(nowSeconds + 3600, clock.nowMs() + 60_000).catch((error: unknown) => error);
    await persistence.complete(nowSeconds + 3600, { drained: 3 });
    const record = await persistence.get();

    // Assess
    expect(second).toBeInstanceOf(ConditionalCheckFailedException);
    expect(unmarshall((second as ConditionalCheckFailedException).Item ?? {})).toMatchObject({ id: KEY, status: "INPROGRESS" });
    expect(record).toMatchObject({ id: KEY, status: "COMPLETED", data: '{"drained":3}', expiration: nowSeconds + 3600 });
  });

  it("lets a new caller take a record whose in-progress lock expired (Lambda timed out mid-flight)", async () => {
    // Prepare
    const { persistence, clock } = idempotencySandbox();
    const nowSeconds = Math.floor(clock.nowMs() / 1000);
    await persistence.putInProgress(nowSeconds + 3600, clock.nowMs() + 60_000);
    clock.advance(61_000);

    // Act
    const retake = persistence.putInProgress(nowSeconds + 3600, clock.nowMs() + 60_000);

    // Assess
    await expect(retake).resolves.toBeDefined();
  });

  it("keeps refusing a completed record until it expires, then lets it be taken again", async () => {
    // Prepare
    const { persistence, clock } = idempotencySandbox();
    const nowSeconds = Math.floor(clock.nowMs() / 1000);
    await persistence.putInProgress(nowSeconds + 3600, clock.nowMs() + 60_000);
    await persistence.complete(nowSeconds + 3600, "ok");
    clock.advance(120_000);

    // Act
    const whileValid = await persistence.putInProgress(nowSeconds + 7200, clock.nowMs() + 60_000).catch((error: unknown) => error);
    clock.advance(3600_000);
    const afterExpiry = persistence.putInProgress(nowSeconds + 7200, clock.nowMs() + 60_000);

    // Assess
    expect(whileValid).toBeInstanceOf(ConditionalCheckFailedException);
    await expect(afterExpiry).resolves.toBeDefined();
  });

  it("deletes the record when the handler fails", async () => {
    // Prepare
    const { persistence, clock } = idempotencySandbox();
    await persistence.putInProgress(Math.floor(clock.nowMs() / 1000) + 3600, clock.nowMs() + 60_000);

    // Act
    await persistence.remove();

    // Assess
    expect(await persistence.get()).toBeUndefined();
  });
});

describe("time to live", () => {
  it("keeps returning an expired item until the TTL sweep deletes it", async () => {
    // Prepare
    const { fake, clock, persistence } = idempotencySandbox();
    const nowSeconds = Math.floor(clock.nowMs() / 1000);
    fake.putItem(TABLE, { id: KEY, expiration: nowSeconds + 60, status: "COMPLETED" });
    fake.putItem(TABLE, { id: "fresh", expiration: nowSeconds + 7200 });
    fake.putItem(TABLE, { id: "no-ttl" });
    fake.putItem(TABLE, { id: "millis-by-mistake", expiration: clock.nowMs() });
    fake.putItem(TABLE, { id: "ancient", expiration: nowSeconds - 6 * 365 * 24 * 3600 });
    clock.advance(120_000);

    // Act
    const beforeSweep = await persistence.get();
    const deleted = fake.sweepExpired();
    const afterSweep = await persistence.get();

    // Assess
    expect(beforeSweep).toMatchObject({ id: KEY });
    expect(deleted).toBe(1);
    expect(afterSweep).toBeUndefined();
    expect(fake.items(TABLE).map((item) => item.id).sort()).toEqual(["ancient", "fresh", "millis-by-mistake", "no-ttl"]);
  });
});
