/**
 * Declarative tables for tests, the demo and benchmarks: the key schema, the TTL attribute, and items to start with
 * (plain JavaScript, marshalled as `@aws-sdk/util-dynamodb` does: numbers → N, Sets → SS/NS/BS, Uint8Array → B).
 */

type DynamoDbKeyType = "S" | "N" | "B";

/** A key attribute: its name (type S) or name and type. */
type DynamoDbKeySpec = string | { name: string; type: DynamoDbKeyType };

interface DynamoDbTableSpec {
  name: string;
  partitionKey: DynamoDbKeySpec;
  sortKey?: DynamoDbKeySpec;
  /** Attribute holding the expiry in epoch seconds (Time to Live); see FakeDynamoDb.sweepExpired. */
  ttlAttribute?: string;
  items?: ReadonlyArray<Record<string, unknown>>;
}

interface DynamoDbSpec {
  tables?: readonly DynamoDbTableSpec[];
}

export type { DynamoDbKeySpec, DynamoDbKeyType, DynamoDbSpec, DynamoDbTableSpec };
