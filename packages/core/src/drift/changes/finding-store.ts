import { BatchGetItemCommand, ConditionalCheckFailedException, type DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import type { RememberedFinding } from "./diff-findings";

/** BatchGetItem's limit. */
const KEYS_PER_BATCH = 100;
/** A cluster deleted from the account stops being assessed; its memory expires this long after the last run. */
const RETENTION_SECONDS = 90 * 86_400;
const UNPROCESSED_RETRIES = 8;

/** What the table holds for one cluster: its open findings and the revision that guards concurrent runs. */
interface ClusterMemory {
  cluster: string;
  revision: number;
  open: RememberedFinding[];
  /** When the item was last written (clock ms); 0 when never. */
  updatedAtMs: number;
  /** The item could not be read back; the cluster starts afresh (everything open is announced again) — never silence. */
  damaged?: string;
}

interface FindingStore {
  /** Every cluster's memory, in as few requests as DynamoDB allows; a cluster never seen has revision 0. */
  load(clusters: readonly string[]): Promise<Map<string, ClusterMemory>>;
  /**
   * Records a cluster's open findings if nobody else wrote since `memory` was read. False when another run (the
   * schedule and a version-change event can overlap) got there first: that run reports the change, this one must not.
   */
  save(memory: ClusterMemory, open: readonly RememberedFinding[], nowMs: number): Promise<boolean>;
}

/** The drift memory in the shared state table (partition key `id`, TTL attribute `expiration`), one item per cluster. */
function createFindingStore({ dynamodb, table, scope }: { dynamodb: DynamoDBClient; table: string; scope: { account: string; region: string } }): FindingStore {
  if (!table) throw new Error("A state table name is required to remember drift findings (CARETAKER_STATE_TABLE)");
  const idOf = (cluster: string) => `drift#${scope.account}/${scope.region}/${cluster}`;

  async function loadBatch(clusters: readonly string[], into: Map<string, ClusterMemory>): Promise<void> {
    const byId = new Map(clusters.map((cluster) => [idOf(cluster), cluster]));
    let keys = [...byId.keys()].map((id) => ({ id: { S: id } }));
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt > UNPROCESSED_RETRIES) throw new Error(`DynamoDB left ${keys.length} drift state item(s) of ${table} unprocessed after ${UNPROCESSED_RETRIES} retries`);
      const response = await dynamodb.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of response.Responses?.[table] ?? []) {
        const cluster = byId.get(item.id?.S ?? "");
        if (cluster === undefined) continue;
        into.set(cluster, { cluster, revision: Number(item.revision?.N ?? 0), updatedAtMs: Date.parse(item.updatedAt?.S ?? "") || 0, ...parseOpen(item.findings?.S, cluster) });
      }
      keys = (response.UnprocessedKeys?.[table]?.Keys ?? []) as typeof keys;
    }
  }

  return {
    async load(clusters) {
      const memories = new Map<string, ClusterMemory>();
      for (let start = 0; start < clusters.length; start += KEYS_PER_BATCH) await loadBatch(clusters.slice(start, start + KEYS_PER_BATCH), memories);
      for (const cluster of clusters) if (!memories.has(cluster)) memories.set(cluster, { cluster, revision: 0, open: [], updatedAtMs: 0 });
      return memories;
    },
    async save(memory, open, nowMs) {
      const seconds = Math.floor(nowMs / 1000);
      try {
        await dynamodb.send(
          new PutItemCommand({
            TableName: table,
            Item: {
              id: { S: idOf(memory.cluster) },
              revision: { N: String(memory.revision + 1) },
              findings: { S: JSON.stringify(open) },
              updatedAt: { S: new Date(nowMs).toISOString() },
              expiration: { N: String(seconds + RETENTION_SECONDS) },
            },
            ConditionExpression: memory.revision === 0 ? "attribute_not_exists(id)" : "revision = :revision",
            ...(memory.revision === 0 ? {} : { ExpressionAttributeValues: { ":revision": { N: String(memory.revision) } } }),
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

function parseOpen(text: string | undefined, cluster: string): { open: RememberedFinding[]; damaged?: string } {
  if (!text) return { open: [] };
  try {
    const parsed: unknown = JSON.parse(text);
    if (Array.isArray(parsed)) return { open: parsed as RememberedFinding[] };
  } catch {
    // Not JSON: reported just below, like any other shape problem.
  }
  return { open: [], damaged: `the drift state item of cluster ${cluster} is unreadable (attribute findings is not a JSON array); it is rewritten by this run` };
}

export { createFindingStore, RETENTION_SECONDS };
export type { ClusterMemory, FindingStore };
