import { ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { Clock } from "../clock";

/**
 * At-most-once side effects across duplicate deliveries: the first caller to claim a key (for its TTL) wins, every
 * other concurrent or later caller is told it already happened. Backed by a conditional PutItem on the state table
 * (partition key `id`, TTL attribute `expiration`), so it works across Lambda containers.
 */
interface Claims {
  /** True when this caller got the claim (do the side effect), false when someone already holds it. */
  claim(key: string, ttlSeconds: number): Promise<boolean>;
}

function createClaims({ dynamodb, table, clock }: { dynamodb: DynamoDBClient; table: string; clock: Clock }): Claims {
  if (!table) throw new Error("A state table name is required for claims (CARETAKER_STATE_TABLE)");
  return {
    async claim(key, ttlSeconds) {
      const now = Math.floor(clock.now() / 1000);
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: { id: { S: `claim#${key}` }, expiration: { N: String(now + ttlSeconds) }, claimedAt: { N: String(now) } },
            // A claim whose TTL passed is free again even before DynamoDB's lazy TTL deletion removes it.
            ConditionExpression: "attribute_not_exists(id) OR expiration < :now",
            ExpressionAttributeValues: { ":now": { N: String(now) } },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException || (error as { name?: string }).name === "ConditionalCheckFailedException") return false;
        throw error;
      }
    },
  };
}

export { createClaims };
export type { Claims };
