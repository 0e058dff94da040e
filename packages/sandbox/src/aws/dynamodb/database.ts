import { marshall } from "@aws-sdk/util-dynamodb";
import type { FakeServiceContext } from "../service";
import { resourceNotFound, validation } from "./errors";
import type { DynamoDbKeySpec, DynamoDbSpec, DynamoDbTableSpec } from "./spec";
import { type KeyAttribute, Table } from "./table";

/**
 * The account's tables in one region. Requests name a table by name or by ARN (DynamoDB accepts both); a table of
 * another account or region is as unknown as a missing one.
 */
class Database {
  readonly context: FakeServiceContext;
  readonly #tables = new Map<string, Table>();
  /** Write requests BatchWriteItem will hand back as UnprocessedItems before processing any more. */
  unprocessedBudget = 0;

  constructor(context: FakeServiceContext, spec: DynamoDbSpec) {
    this.context = context;
    for (const table of spec.tables ?? []) this.createTable(table);
  }

  createTable(spec: DynamoDbTableSpec): Table {
    if (this.#tables.has(spec.name)) throw new RangeError(`table ${spec.name} already exists`);
    const { partition, region, accountId } = this.context;
    const table = new Table(
      {
        name: spec.name,
        partitionKey: keyAttribute(spec.partitionKey),
        sortKey: spec.sortKey === undefined ? undefined : keyAttribute(spec.sortKey),
        ttlAttribute: spec.ttlAttribute,
      },
      `arn:${partition}:dynamodb:${region}:${accountId}:table/${spec.name}`,
    );
    this.#tables.set(spec.name, table);
    for (const item of spec.items ?? []) table.put(table.validateItem(marshall(item, { removeUndefinedValues: true })));
    return table;
  }

  /** The table a request names, or ResourceNotFoundException. */
  table(nameOrArn: string | undefined): Table {
    if (nameOrArn === undefined) {
      throw validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
    }
    const name = nameOrArn.startsWith("arn:") ? this.#nameFromArn(nameOrArn) : nameOrArn;
    const table = name === undefined ? undefined : this.#tables.get(name);
    if (!table) throw resourceNotFound();
    return table;
  }

  tables(): Table[] {
    return [...this.#tables.values()];
  }

  #nameFromArn(arn: string): string | undefined {
    const { partition, region, accountId } = this.context;
    const prefix = `arn:${partition}:dynamodb:${region}:${accountId}:table/`;
    return arn.startsWith(prefix) && !arn.slice(prefix.length).includes("/") ? arn.slice(prefix.length) : undefined;
  }
}

function keyAttribute(spec: DynamoDbKeySpec): KeyAttribute {
  return typeof spec === "string" ? { name: spec, type: "S" } : { name: spec.name, type: spec.type };
}

export { Database };
