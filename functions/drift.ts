import { DriftTriggerSchema, driftRequest, type DriftRunSummary, runDrift, summariseDriftRun } from "@caretaker/core/drift/run";
import { driftDeps } from "./lib/drift-deps";
import { createHandler } from "./lib/handler";
import { logger } from "./lib/powertools";

/**
 * The drift function. On its schedule: every cluster, findings remembered, news notified, the digest when due. On an
 * EKS version change (CloudTrail) or an AWS Health EKS event: the clusters named, remembered and notified. Invoked
 * directly: `{ "clusters"?: [...], "remember"?: false }`, a report returned to the caller (core's DriftRunSummary).
 */
const handler = createHandler({
  name: "drift",
  schema: DriftTriggerSchema,
  async handle(trigger): Promise<DriftRunSummary> {
    const request = driftRequest(trigger);
    const { config, report: reportDeps, remember } = driftDeps();
    // Events (a Health notice is not filtered by cluster) only start checks of the clusters drift is configured for.
    if (request.clusters && config.clusters && request.reason !== "manual") request.clusters = request.clusters.filter((name) => config.clusters?.includes(name));
    if (request.clusters?.length === 0) {
      logger.warn("event names no EKS cluster: nothing to check", { reason: request.reason });
      return { reason: request.reason, clusters: [], totals: { clusters: 0, errors: 0, warnings: 0, info: 0 } };
    }
    const deps = request.remember ? remember : reportDeps;
    if (request.remember && !deps.state) logger.warn("CARETAKER_STATE_TABLE is not set: findings are not remembered and nothing is notified");
    const report = await runDrift(deps, { ...config, digestPeriodDays: request.digest ? config.digestPeriodDays : 0 }, request.clusters ? { clusters: request.clusters } : {});
    logger.info("drift run finished", { reason: request.reason, totals: report.totals, calls: report.calls });
    return summariseDriftRun(report, request.reason);
  },
});

export { handler };
