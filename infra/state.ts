/**
 * Caretaker's state table: at-most-once claims across duplicate deliveries (core's `createClaims`: one notification
 * per drain event), in the Powertools idempotency shape so the same table can serve that too: partition key `id`,
 * TTL attribute `expiration`. SST's Dynamo is always on-demand (PAY_PER_REQUEST) with point-in-time recovery, and
 * is retained on removal in stages that retain.
 */
function createState() {
  return new sst.aws.Dynamo("State", {
    fields: { id: "string" },
    primaryIndex: { hashKey: "id" },
    ttl: "expiration",
  });
}

export { createState };
