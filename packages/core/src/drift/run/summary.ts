import type { DriftRunReport } from "./run-drift";
import type { DriftRequest } from "./trigger";

/**
 * What the drift function returns to its caller (`caretaker invoke drift`): the findings per cluster, without the
 * (possibly large) facts they came from — each cluster keeps its node count and what could not be read.
 */
interface DriftRunSummary {
  reason: DriftRequest["reason"];
  startedAt?: string;
  finishedAt?: string;
  totals: DriftRunReport["totals"];
  clusters: Array<Omit<DriftRunReport["clusters"][number], "facts"> & { nodes: number; problems: DriftRunReport["clusters"][number]["facts"]["problems"] }>;
  /** Clusters whose news was notified (runs that remember). */
  notified?: string[];
  digest?: string;
}

function summariseDriftRun(report: DriftRunReport, reason: DriftRequest["reason"]): DriftRunSummary {
  return {
    reason,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    totals: report.totals,
    clusters: report.clusters.map(({ facts, ...cluster }) => ({ ...cluster, nodes: facts.nodes.length, problems: facts.problems })),
    ...(report.tracked ? { notified: report.tracked.clusters.filter((cluster) => cluster.status === "notified").map((cluster) => cluster.cluster), digest: report.tracked.digest } : {}),
  };
}

export { summariseDriftRun };
export type { DriftRunSummary };
