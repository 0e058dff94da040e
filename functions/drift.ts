import { DriftTriggerSchema, driftRequest, type DriftRunReport, runDrift } from "@caretaker/core/drift/run";
import { driftDeps } from "./lib/drift-deps";
import { createHandler } from "./lib/handler";
import { logger } from "./lib/powertools";

/** What the function returns: the findings per cluster, without the (possibly large) facts they came from. */
interface DriftResult {
  reason: string;
  startedAt?: string;
  finishedAt?: string;
  totals: DriftRunReport["totals"];
  clusters: Array<Omit<DriftRunReport["clusters"][number], "facts"> & { nodes: number; problems: DriftRunReport["clusters"][number]["facts"]["problems"] }>;
  /** Clusters whose news was notified (runs that remember). */
  notified?: string[];
  digest?: string;
}

function summary(report: DriftRunReport, reason: string): DriftResult {
  return {
    reason,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    totals: report.totals,
    clusters: report.clusters.map(({ facts, ...cluster }) => ({ ...cluster, nodes: facts.nodes.length, problems: facts.problems })),
    ...(report.tracked ? { notified: report.tracked.clusters.filter((cluster) => cluster.status === "notified").map((cluster) => cluster.cluster), digest: report.tracked.digest } : {}),
  };
}

/**
 * The drift function. On its schedule: every cluster, findings remembered, news notified, the digest when due. On an
 * EKS version change (CloudTrail) or an AWS Health EKS event: the clusters named, remembered and notified. Invoked
 * directly: `{ "clusters"?: [...], "remember"?: false }`, a report returned to the caller.
 */
const handler = createHandler({
  name: "drift",
  schema: DriftTriggerSchema,
  async handle(trigger): Promise<DriftResult> {
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
    return summary(report, request.reason);
  },
});

export { handler };
