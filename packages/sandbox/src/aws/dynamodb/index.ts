export { FakeDynamoDb } from "./fake-dynamodb";
export type { DynamoDbKeySpec, DynamoDbKeyType, DynamoDbSpec, DynamoDbTableSpec } from "./spec";
