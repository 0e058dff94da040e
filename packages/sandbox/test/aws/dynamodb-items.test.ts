import { type AttributeValue, ConditionalCheckFailedException, DeleteItemCommand, DynamoDBClient, GetItemCommand, PutItemCommand, ResourceNotFoundException, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { describe, expect, it } from "vitest";
import { ISOLATED_ACCOUNT, withAccount } from "./isolated-fake";
import { type DynamoDbSpec, FakeDynamoDb } from "../../src/aws/dynamodb";

const ACCOUNT = ISOLATED_ACCOUNT;

const TABLES: DynamoDbSpec = {
  tables: [
    { name: "locks", partitionKey: "id" },
    { name: "events", partitionKey: "pk", sortKey: { name: "at", type: "N" } },
  ],
};

function sandbox(spec: DynamoDbSpec = TABLES) {
  const { clock, fake } = withAccount((account) => new FakeDynamoDb(account.contextFor("dynamodb"), spec));
  return { fake, clock, db: new DynamoDBClient({ region: "eu-west-1" }) };
}

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  return promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (error: { name: string; message: string }) => error,
  );
}

describe("PutItem and GetItem", () => {
  it("stores an item and reads it back with numbers in DynamoDB's canonical form", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    await db.send(
      new PutItemCommand({
        TableName: "locks",
        Item: { id: { S: "a" }, n: { N: "01.50" }, big: { N: "1E+3" }, tags: { SS: ["x", "y"] }, empty: { S: "" } },
      }),
    );
    const { Item } = await db.send(new GetItemCommand({ TableName: "locks", Key: { id: { S: "a" } } }));

    // Assess
    expect(Item).toEqual({ id: { S: "a" }, n: { N: "1.5" }, big: { N: "1000" }, tags: { SS: ["x", "y"] }, empty: { S: "" } });
  });

  it("returns no Item for a missing key", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const result = await db.send(new GetItemCommand({ TableName: "locks", Key: { id: { S: "nope" } } }));

    // Assess
    expect(result).not.toHaveProperty("Item");
  });

  it("addresses a table by ARN as well as by name", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.putItem("locks", { id: "a" });

    // Act
    const { Item } = await db.send(
      new GetItemCommand({ TableName: "arn:aws:dynamodb:eu-west-1:123456789012:table/locks", Key: { id: { S: "a" } } }),
    );

    // Assess
    expect(Item).toEqual({ id: { S: "a" } });
  });

  it("fails with ResourceNotFoundException for an unknown table", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const call = db.send(new GetItemCommand({ TableName: "nope", Key: { id: { S: "a" } } }));

    // Assess
    await expect(call).rejects.toThrow(ResourceNotFoundException);
    await expect(call).rejects.toThrow("Requested resource not found");
  });

  it("rejects keys that do not match the schema", async () => {
    // Prepare
    const { db } = sandbox();
    const get = (Key: Record<string, { S: string } | { N: string }>) => failure(db.send(new GetItemCommand({ TableName: "events", Key })));

    // Act
    const errors = await Promise.all([
      get({ pk: { S: "a" } }),
      get({ pk: { S: "a" }, at: { S: "1" } }),
      get({ pk: { S: "a" }, at: { N: "1" }, extra: { S: "x" } }),
    ]);

    // Assess
    for (const error of errors) {
      expect(error).toMatchObject({ name: "ValidationException", message: "The provided key element does not match the schema" });
    }
  });

  it("rejects items without their key, with a wrongly typed key, or with an empty key", async () => {
    // Prepare
    const { db } = sandbox();
    const put = (Item: Record<string, { S: string } | { N: string }>) => failure(db.send(new PutItemCommand({ TableName: "events", Item })));

    // Act
    const [missing, mistyped, empty] = await Promise.all([
      put({ pk: { S: "a" } }),
      put({ pk: { S: "a" }, at: { S: "x" } }),
      put({ pk: { S: "" }, at: { N: "1" } }),
    ]);

    // Assess
    expect(missing.message).toBe("One or more parameter values were invalid: Missing the key at in the item");
    expect(mistyped.message).toBe("One or more parameter values were invalid: Type mismatch for key at expected: N actual: S");
    expect(empty.message).toBe(
      "One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty string value. Key: pk",
    );
  });

  it("rejects invalid attribute values with DynamoDB's messages", async () => {
    // Prepare
    const { db } = sandbox();
    const put = (value: object) => failure(db.send(new PutItemCommand({ TableName: "locks", Item: { id: { S: "a" }, v: value as never } })));

    // Act
    const [notNumber, emptySet, duplicates, tooPrecise] = await Promise.all([
      put({ N: "twelve" }),
      put({ SS: [] }),
      put({ NS: ["1", "1.0"] }),
      put({ N: "1234567890123456789012345678901234567890" }),
    ]);

    // Assess
    expect(notNumber.message).toBe("A value provided cannot be converted into a number");
    expect(emptySet.message).toBe("One or more parameter values were invalid: An string set  may not be empty");
    expect(duplicates.message).toBe("One or more parameter values were invalid: Input collection [1, 1] contains duplicates.");
    expect(tooPrecise.message).toBe("Attempting to store more than 38 significant digits in a Number");
  });

  it("rejects items over 400 KB", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const error = await failure(
      db.send(new PutItemCommand({ TableName: "locks", Item: { id: { S: "a" }, blob: { S: "x".repeat(400 * 1024) } } })),
    );

    // Assess
    expect(error).toMatchObject({ name: "ValidationException", message: "Item size has exceeded the maximum allowed size" });
  });

  it("projects nested attributes and list elements", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.putItem("locks", { id: "a", owner: { name: "n", team: "t" }, hosts: ["h0", "h1", "h2"], other: 1 });

    // Act
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: "locks",
        Key: { id: { S: "a" } },
        ProjectionExpression: "#o.team, hosts[2], hosts[0]",
        ExpressionAttributeNames: { "#o": "owner" },
      }),
    );

    // Assess
    expect(Item).toEqual({ owner: { M: { team: { S: "t" } } }, hosts: { L: [{ S: "h0" }, { S: "h2" }] } });
  });
});

describe("ReturnValues and conditional writes", () => {
  it("returns the replaced item with ALL_OLD and nothing for a new item", async () => {
    // Prepare
    const { db } = sandbox();
    const put = (v: string) =>
      db.send(new PutItemCommand({ TableName: "locks", Item: { id: { S: "a" }, v: { S: v } }, ReturnValues: "ALL_OLD" }));

    // Act
    const first = await put("1");
    const second = await put("2");

    // Assess
    expect(first).not.toHaveProperty("Attributes");
    expect(second.Attributes).toEqual({ id: { S: "a" }, v: { S: "1" } });
  });

  it("refuses ReturnValues other than NONE and ALL_OLD on PutItem", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const error = await failure(
      db.send(new PutItemCommand({ TableName: "locks", Item: { id: { S: "a" } }, ReturnValues: "ALL_NEW" })),
    );

    // Assess
    expect(error).toMatchObject({ name: "ValidationException", message: "ReturnValues can only be ALL_OLD or NONE" });
  });

  it("fails a conditional put with ConditionalCheckFailedException and returns the current item when asked", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.putItem("locks", { id: "a", owner: "me" });
    const put = (onFailure?: "ALL_OLD") =>
      db.send(
        new PutItemCommand({
          TableName: "locks",
          Item: { id: { S: "a" }, owner: { S: "you" } },
          ConditionExpression: "attribute_not_exists(id)",
          ReturnValuesOnConditionCheckFailure: onFailure,
        }),
      );

    // Act
    const plain = await put().catch((error: unknown) => error);
    const withItem = await put("ALL_OLD").catch((error: unknown) => error);

    // Assess
    expect(plain).toBeInstanceOf(ConditionalCheckFailedException);
    expect(plain).toMatchObject({ message: "The conditional request failed" });
    expect((plain as ConditionalCheckFailedException).Item).toBeUndefined();
    expect((withItem as ConditionalCheckFailedException).Item).toEqual({ id: { S: "a" }, owner: { S: "me" } });
    expect(fake.item("locks", { id: "a" })).toEqual({ id: "a", owner: "me" });
  });

  it("deletes conditionally and returns the deleted item", async () => {
    // Prepare
    const { db, fake } = sandbox();
    fake.putItem("locks", { id: "a", owner: "me" });
    const remove = (owner: string) =>
      db.send(
        new DeleteItemCommand({
          TableName: "locks",
          Key: { id: { S: "a" } },
          ConditionExpression: "#o = :o",
          ExpressionAttributeNames: { "#o": "owner" },
          ExpressionAttributeValues: { ":o": { S: owner } },
          ReturnValues: "ALL_OLD",
        }),
      );

    // Act
    const refused = await remove("you").catch((error: unknown) => error);
    const deleted = await remove("me");

    // Assess
    expect(refused).toBeInstanceOf(ConditionalCheckFailedException);
    expect(deleted.Attributes).toEqual({ id: { S: "a" }, owner: { S: "me" } });
    expect(fake.item("locks", { id: "a" })).toBeUndefined();
  });

  it("creates a missing item on UpdateItem and returns ALL_NEW, UPDATED_OLD and UPDATED_NEW views", async () => {
    // Prepare
    const { db } = sandbox();
    const update = (ReturnValues: "ALL_NEW" | "UPDATED_OLD" | "UPDATED_NEW", value: string) =>
      db.send(
        new UpdateItemCommand({
          TableName: "locks",
          Key: { id: { S: "a" } },
          UpdateExpression: "SET v = :v, meta.changed = :v",
          ExpressionAttributeValues: { ":v": { S: value } },
          ReturnValues,
        }),
      );
    await db.send(
      new PutItemCommand({ TableName: "locks", Item: { id: { S: "a" }, v: { S: "0" }, keep: { S: "k" }, meta: { M: {} } } }),
    );

    // Act
    const allNew = await update("ALL_NEW", "1");
    const updatedOld = await update("UPDATED_OLD", "2");
    const updatedNew = await update("UPDATED_NEW", "3");

    // Assess
    expect(allNew.Attributes).toEqual({ id: { S: "a" }, v: { S: "1" }, keep: { S: "k" }, meta: { M: { changed: { S: "1" } } } });
    expect(updatedOld.Attributes).toEqual({ v: { S: "1" }, meta: { M: { changed: { S: "1" } } } });
    expect(updatedNew.Attributes).toEqual({ v: { S: "3" }, meta: { M: { changed: { S: "3" } } } });
  });

  it("refuses to update a key attribute", async () => {
    // Prepare
    const { db } = sandbox();

    // Act
    const error = await failure(
      db.send(
        new UpdateItemCommand({
          TableName: "locks",
          Key: { id: { S: "a" } },
          UpdateExpression: "SET id = :v",
          ExpressionAttributeValues: { ":v": { S: "b" } },
        }),
      ),
    );

    // Assess
    expect(error.message).toBe("One or more parameter values were invalid: Cannot update attribute id. This attribute is part of the key");
  });
});

/** A table holding one item, `id = "x"`, with attributes of every type. */
function oneItemSandbox() {
  const { fake } = withAccount(
    (account) =>
      new FakeDynamoDb(account.contextFor("dynamodb"), {
        tables: [
          {
            name: "t",
            partitionKey: "id",
            items: [
              {
                id: "x",
                name: "caretaker",
                count: 5,
                ratio: 0.25,
                on: true,
                none: null,
                tags: new Set(["a", "b"]),
                sizes: new Set([1, 2]),
                list: ["p", "q", 3],
                map: { leaf: "v", deep: { n: 1 } },
              },
            ],
          },
        ],
      }),
  );
  const db = new DynamoDBClient({ region: "eu-west-1" });
  /** Whether a conditional no-op write on the item succeeds. */
  const holds = async (ConditionExpression: string, values?: Record<string, AttributeValue>, names?: Record<string, string>) => {
    const current = await db.send(new GetItemCommand({ TableName: "t", Key: { id: { S: "x" } } }));
    return db
      .send(
        new PutItemCommand({
          TableName: "t",
          Item: current.Item ?? {},
          ConditionExpression,
          ExpressionAttributeValues: values,
          ExpressionAttributeNames: names,
        }),
      )
      .then(
        () => true,
        (error: { name: string }) => {
          if (error.name === "ConditionalCheckFailedException") return false;
          throw error;
        },
      );
  };
  const update = (UpdateExpression: string, values?: Record<string, AttributeValue>, names?: Record<string, string>) =>
    db.send(
      new UpdateItemCommand({
        TableName: "t",
        Key: { id: { S: "x" } },
        UpdateExpression,
        ExpressionAttributeValues: values,
        ExpressionAttributeNames: names,
        ReturnValues: "ALL_NEW",
      }),
    );
  return { fake, db, holds, update };
}

const n = (value: number | string): AttributeValue => ({ N: String(value) });
const s = (value: string): AttributeValue => ({ S: value });

async function message(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => "no error",
    (error: Error) => `${error.name}: ${error.message}`,
  );
}

describe("condition expressions", () => {
  it("compares numbers exactly with each comparator", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const results = [
      await holds("#c = :v", { ":v": n("5.0") }, { "#c": "count" }),
      await holds("#c <> :v", { ":v": n(5) }, { "#c": "count" }),
      await holds("#c < :v", { ":v": n(6) }, { "#c": "count" }),
      await holds("#c <= :v", { ":v": n(5) }, { "#c": "count" }),
      await holds("#c > :v", { ":v": n(5) }, { "#c": "count" }),
      await holds("#c >= :v", { ":v": n("4.99999999999999999999999999") }, { "#c": "count" }),
    ];

    // Assess
    expect(results).toEqual([true, false, true, true, false, true]);
  });

  it("orders strings and treats comparisons across types or with a missing attribute as false, except <>", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const results = [
      await holds("#n > :v", { ":v": s("apple") }, { "#n": "name" }),
      await holds("#n < :v", { ":v": n(1) }, { "#n": "name" }),
      await holds("absent = :v", { ":v": s("x") }),
      await holds("absent <> :v", { ":v": s("x") }),
    ];

    // Assess
    expect(results).toEqual([true, false, false, true]);
  });

  it("evaluates BETWEEN inclusively and IN against a list", async () => {
    // Prepare
    const { holds } = oneItemSandbox();
    const names = { "#c": "count" };

    // Act
    const results = [
      await holds("#c BETWEEN :lo AND :hi", { ":lo": n(5), ":hi": n(10) }, names),
      await holds("#c BETWEEN :lo AND :hi", { ":lo": n(6), ":hi": n(10) }, names),
      await holds("#c IN (:a, :b)", { ":a": n(1), ":b": n(5) }, names),
      await holds("#c IN (:a)", { ":a": n(1) }, names),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });

  it("applies NOT before AND before OR, and parentheses first", async () => {
    // Prepare
    const { holds } = oneItemSandbox();
    const values = { ":t": { BOOL: true }, ":f": { BOOL: false } };

    // Act
    const results = [
      await holds("#o = :f OR #o = :t AND #o = :t", values, { "#o": "on" }),
      await holds("(#o = :f OR #o = :t) AND #o = :f", values, { "#o": "on" }),
      await holds("NOT #o = :f AND #o = :t", values, { "#o": "on" }),
      await holds("NOT (#o = :t AND NOT #o = :f)", values, { "#o": "on" }),
    ];

    // Assess
    expect(results).toEqual([true, false, true, false]);
  });

  it("checks existence and types of attributes, nested ones included", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const results = [
      await holds("attribute_exists(#m.deep.n)", undefined, { "#m": "map" }),
      await holds("attribute_not_exists(#m.deep.nope)", undefined, { "#m": "map" }),
      await holds("attribute_exists(#l[5])", undefined, { "#l": "list" }),
      await holds("attribute_type(tags, :ss) AND attribute_type(#none, :null)", { ":ss": s("SS"), ":null": s("NULL") }, { "#none": "none" }),
      await holds("attribute_type(ratio, :s)", { ":s": s("S") }),
    ];

    // Assess
    expect(results).toEqual([true, true, false, true, false]);
  });

  it("matches prefixes with begins_with and members or substrings with contains", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const results = [
      await holds("begins_with(#n, :p)", { ":p": s("care") }, { "#n": "name" }),
      await holds("begins_with(#n, :p)", { ":p": s("taker") }, { "#n": "name" }),
      await holds("contains(#n, :p)", { ":p": s("ret") }, { "#n": "name" }),
      await holds("contains(tags, :m)", { ":m": s("b") }),
      await holds("contains(sizes, :m)", { ":m": n("2.0") }),
      await holds("contains(#l, :m)", { ":m": n(3) }, { "#l": "list" }),
      await holds("contains(tags, :m)", { ":m": s("z") }),
    ];

    // Assess
    expect(results).toEqual([true, false, true, true, true, true, false]);
  });

  it("measures strings, sets, lists and maps with size", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const results = [
      await holds("size(#n) = :v", { ":v": n(9) }, { "#n": "name" }),
      await holds("size(tags) = :two AND size(#l) = :three AND size(#m) = :two", { ":two": n(2), ":three": n(3) }, { "#l": "list", "#m": "map" }),
      await holds("size(absent) >= :zero", { ":zero": n(0) }),
    ];

    // Assess
    expect(results).toEqual([true, true, false]);
  });

  it("rejects malformed expressions with DynamoDB's ValidationException messages", async () => {
    // Prepare
    const { holds } = oneItemSandbox();

    // Act
    const messages = await Promise.all([
      message(holds("#c = ", undefined, { "#c": "count" })),
      message(holds("status = :v", { ":v": s("x") })),
      message(holds("#c = :v", { ":v": n(1) })),
      message(holds("a = :missing", { ":v": n(1) })),
      message(holds("a = :v", { ":v": n(1), ":unused": n(2) })),
      message(holds("a = :v", { ":v": n(1) }, { "#unused": "x" })),
      message(holds("a = :v", {})),
      message(holds("a BETWEEN :hi AND :lo", { ":hi": n(9), ":lo": n(1) })),
      message(holds("begins_with(a, :v)", { ":v": n(1) })),
      message(holds("attribute_exists(:v)", { ":v": n(1) })),
      message(holds("attribute_type(a, :v)", { ":v": s("STRING") })),
      message(holds("a < :v", { ":v": { BOOL: true } })),
      message(holds("nope(a)")),
    ]);

    // Assess
    expect(messages).toEqual([
      'ValidationException: Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "= "',
      "ValidationException: Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status",
      "ValidationException: Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #c",
      "ValidationException: Invalid ConditionExpression: An expression attribute value used in expression is not defined; attribute value: :missing",
      "ValidationException: Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}",
      "ValidationException: Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}",
      "ValidationException: ExpressionAttributeValues must not be empty",
      "ValidationException: Invalid ConditionExpression: The BETWEEN operator requires upper bound to be greater than or equal to lower bound; lower bound operand: AttributeValue: {N:9}, upper bound operand: AttributeValue: {N:1}",
      "ValidationException: Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: begins_with, operand type: N",
      "ValidationException: Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists",
      "ValidationException: Invalid ConditionExpression: Invalid attribute type name found; type: STRING, valid types: { B,NULL,SS,BOOL,L,BS,N,NS,S,M }",
      "ValidationException: Invalid ConditionExpression: Incorrect operand type for operator or function; operator or function: <, operand type: BOOL",
      "ValidationException: Invalid ConditionExpression: Invalid function name; function: nope",
    ]);
  });

  it("refuses more than 100 operands for IN", async () => {
    // Prepare
    const { holds } = oneItemSandbox();
    const values = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`:v${i}`, n(i)]));

    // Act
    const result = await message(holds(`a IN (${Object.keys(values).join(", ")})`, values));

    // Assess
    expect(result).toBe(
      "ValidationException: Invalid ConditionExpression: The IN operator is provided with too many operands; number of operands: 101",
    );
  });
});

describe("update expressions", () => {
  it("sets with arithmetic, if_not_exists and list_append, reading operands from the item before the update", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const { Attributes } = await update(
      "SET #c = #c + :one, prev = #c, ratio = ratio - :q, initial = if_not_exists(initial, :now), #n = if_not_exists(#n, :now), #l = list_append(#l, :more)",
      { ":one": n(1), ":q": n("0.05"), ":now": s("t0"), ":more": { L: [s("r")] } },
      { "#c": "count", "#n": "name", "#l": "list" },
    );

    // Assess
    expect(Attributes).toMatchObject({
      count: n(6),
      prev: n(5),
      ratio: n("0.2"),
      initial: s("t0"),
      name: s("caretaker"),
      list: { L: [s("p"), s("q"), n(3), s("r")] },
    });
  });

  it("sets nested map entries and list elements, appending past the end", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const { Attributes } = await update("SET #m.deep.n = :v, #m.added = :v, #l[0] = :v, #l[10] = :v", { ":v": n(7) }, { "#m": "map", "#l": "list" });

    // Assess
    expect(Attributes?.map).toEqual({ M: { leaf: s("v"), deep: { M: { n: n(7) } }, added: n(7) } });
    expect(Attributes?.list).toEqual({ L: [n(7), s("q"), n(3), n(7)] });
  });

  it("removes attributes and list elements by their positions before the update", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const { Attributes } = await update("REMOVE #n, #l[0], #l[2], #m.leaf", undefined, { "#n": "name", "#l": "list", "#m": "map" });

    // Assess
    expect(Attributes).not.toHaveProperty("name");
    expect(Attributes?.list).toEqual({ L: [s("q")] });
    expect(Attributes?.map).toEqual({ M: { deep: { M: { n: n(1) } } } });
  });

  it("adds to numbers and sets, creating missing attributes, and deletes set members down to removal", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const { Attributes } = await update("ADD #c :five, tags :more, fresh :one DELETE sizes :all", {
      ":five": n(5),
      ":more": { SS: ["b", "c"] },
      ":one": n(1),
      ":all": { NS: ["1", "2"] },
    }, { "#c": "count" });

    // Assess
    expect(Attributes?.count).toEqual(n(10));
    expect(Attributes?.tags).toEqual({ SS: ["a", "b", "c"] });
    expect(Attributes?.fresh).toEqual(n(1));
    expect(Attributes).not.toHaveProperty("sizes");
  });

  it("rejects overlapping paths, repeated clauses, wrong operand types and missing operands", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const messages = await Promise.all([
      message(update("SET #m = :v REMOVE #m.leaf", { ":v": n(1) }, { "#m": "map" })),
      message(update("SET a = :v SET b = :v", { ":v": n(1) })),
      message(update("SET #n = #n + :v", { ":v": n(1) }, { "#n": "name" })),
      message(update("SET a = nothing_here + :v", { ":v": n(1) })),
      message(update("ADD #n :v", { ":v": s("x") }, { "#n": "name" })),
      message(update("SET nowhere.deep = :v", { ":v": n(1) })),
      message(update("SET a = size(b)")),
    ]);

    // Assess
    expect(messages).toEqual([
      "ValidationException: Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [map], path two: [map, leaf]",
      'ValidationException: Invalid UpdateExpression: The "SET" section can only be used once in an update expression;',
      "ValidationException: An operand in the update expression has an incorrect data type",
      "ValidationException: The provided expression refers to an attribute that does not exist in the item",
      "ValidationException: Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING",
      "ValidationException: The document path provided in the update expression is invalid for update",
      "ValidationException: Invalid UpdateExpression: The function is not allowed in an update expression; function: size",
    ]);
  });

  it("keeps numbers exact beyond JavaScript's precision", async () => {
    // Prepare
    const { update } = oneItemSandbox();

    // Act
    const { Attributes } = await update("SET big = :a + :b", { ":a": n("9007199254740993"), ":b": n("0.000000000000000001") });

    // Assess
    expect(Attributes?.big).toEqual(n("9007199254740993.000000000000000001"));
  });
});
