import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { clusterNames } from "../../eks/list-clusters";
import type { Notifier } from "../../notify/notifier";
import type { Claims } from "../../state/claims";
import { type AssessedCluster, createFindingStore, type TrackResult, trackDriftChanges } from "../changes";
import { type ClusterFacts, type CollectDeps, collectClusterFacts, createDriftLookups } from "../collect";
import { mapLimit } from "../collect/context";
import { assessCluster, type DriftFinding } from "../findings";
import type { DriftConfig } from "./config";
import { uncheckedBy } from "./unchecked";

interface DriftRunDeps extends CollectDeps {
  /** The state table; without it nothing is remembered and nothing notified (a one-off report). */
  state?: { dynamodb: DynamoDBClient; table: string; claims?: Claims };
  notifier?: Notifier;
  logger?: { info(message: string, ...extra: Array<Record<string, unknown>>): void; warn(message: string, ...extra: Array<Record<string, unknown>>): void };
}

/** One cluster in the run's report (drift.md §15's output contract, with the facts it was judged from). */
interface ClusterDrift {
  cluster: string;
  status: string;
  version?: string;
  platformVersion?: string;
  findings: DriftFinding[];
  facts: ClusterFacts;
}

interface DriftRunReport {
  startedAt: string;
  finishedAt: string;
  account?: string;
  region?: string;
  clusters: ClusterDrift[];
  totals: { clusters: number; errors: number; warnings: number; info: number };
  /** What was notified (absent when the run keeps no state). */
  tracked?: TrackResult;
  /** Requests made, by operation, across clusters (SDK retries not counted). */
  calls: Record<string, number>;
}

/**
 * One drift run: every cluster (the configured ones, else all of the account and Region) is collected and assessed,
 * a bounded number at a time with lookups shared across clusters; with a state table, findings are remembered and
 * only news (new, worse, resolved) is notified, plus the periodic digest.
 */
async function runDrift(deps: DriftRunDeps, config: DriftConfig, options: { clusters?: readonly string[] } = {}): Promise<DriftRunReport> {
  const startedAt = new Date(deps.clock.now());
  const names = await clusterNames(deps.eks, options.clusters ?? config.clusters);
  const lookups = createDriftLookups();
  const collectDeps: CollectDeps = { ...deps, lookups };
  const clusters = await mapLimit(names, config.concurrency, async (cluster): Promise<ClusterDrift> => {
    const facts = await collectClusterFacts(collectDeps, cluster);
    const findings = assessCluster(facts, { now: new Date(deps.clock.now()), eksStrict: config.eksStrict, hookName: config.hookName, alertWindowDays: config.alertWindowDays });
    for (const problem of facts.problems) deps.logger?.warn("drift check incomplete", { cluster, check: problem.check, problem: problem.message });
    return {
      cluster,
      status: facts.controlPlane?.status ?? "UNREADABLE",
      ...(facts.controlPlane ? { version: facts.controlPlane.version } : {}),
      ...(facts.controlPlane?.platformVersion ? { platformVersion: facts.controlPlane.platformVersion } : {}),
      findings,
      facts,
    };
  });

  const account = clusters.find((cluster) => cluster.facts.account)?.facts.account;
  const region = clusters.find((cluster) => cluster.facts.region)?.facts.region ?? (await deps.eks.config.region());
  const count = (severity: DriftFinding["severity"]) => clusters.reduce((sum, cluster) => sum + cluster.findings.filter((finding) => finding.severity === severity).length, 0);
  const calls: Record<string, number> = {};
  for (const cluster of clusters) {
    for (const [operation, n] of Object.entries({ ...cluster.facts.calls.aws, ...cluster.facts.calls.kubernetes })) calls[operation] = (calls[operation] ?? 0) + n;
  }

  let tracked: TrackResult | undefined;
  if (deps.state && account) {
    const results: AssessedCluster[] = clusters.map((cluster) => {
      const unchecked = uncheckedBy(cluster.facts.problems);
      return {
        cluster: cluster.cluster,
        // Only a cluster whose control plane was read and judged can change what is remembered of it.
        assessed: cluster.status === "ACTIVE" || cluster.status === "UPDATING",
        updating: cluster.status === "UPDATING",
        findings: cluster.findings,
        ...(unchecked ? { unchecked } : {}),
      };
    });
    tracked = await trackDriftChanges(
      {
        store: createFindingStore({ dynamodb: deps.state.dynamodb, table: deps.state.table, scope: { account, region } }),
        clock: deps.clock,
        ...(deps.notifier ? { notifier: deps.notifier } : {}),
        ...(deps.state.claims ? { claims: deps.state.claims } : {}),
        ...(deps.logger ? { logger: deps.logger } : {}),
      },
      results,
      { account, region, digestPeriodDays: config.digestPeriodDays },
    );
  } else if (deps.state) {
    deps.logger?.warn("no cluster could be read: drift state left as it was", { clusters: names });
  }

  return {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(deps.clock.now()).toISOString(),
    ...(account ? { account } : {}),
    region,
    clusters,
    totals: { clusters: clusters.length, errors: count("error"), warnings: count("warning"), info: count("info") },
    ...(tracked ? { tracked } : {}),
    calls,
  };
}

export { runDrift };
export type { ClusterDrift, DriftRunDeps, DriftRunReport };
