import type { ClusterDrift, DriftRunReport } from "@caretaker/core/drift/run";
import { ExitCode } from "./io";
import { renderTable } from "./table";

const ORDER = { error: 0, warning: 1, info: 2 } as const;

/**
 * What is rendered: a local run's report (facts included) or the drift function's answer (DriftRunSummary: facts
 * left out, the node count kept).
 */
interface DriftReportView {
  clusters: Array<Omit<ClusterDrift, "facts"> & ({ facts: Pick<ClusterDrift["facts"], "nodes"> } | { nodes: number })>;
  totals: DriftRunReport["totals"];
}

const nodeCount = (cluster: DriftReportView["clusters"][number]) => ("facts" in cluster ? cluster.facts.nodes.length : cluster.nodes);

/** Per cluster: its version and status, then its findings, most severe first, with what to do about each. */
function renderDriftReport(report: DriftReportView, options: { explain?: boolean } = {}): string {
  const blocks = report.clusters.map((cluster) => {
    const head = `${cluster.cluster}   Kubernetes ${cluster.version ?? "?"}${cluster.platformVersion ? ` (${cluster.platformVersion})` : ""}   ${cluster.status}   ${nodeCount(cluster)} node(s)`;
    if (cluster.findings.length === 0) return `${head}\n  no drift`;
    const findings = [...cluster.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
    const table = renderTable(
      options.explain ? ["severity", "code", "subject", "explanation", "next step"] : ["severity", "code", "subject", "next step"],
      findings.map((finding) => (options.explain ? [finding.severity, finding.code, finding.subject, finding.explanation, finding.nextStep] : [finding.severity, finding.code, finding.subject, finding.nextStep])),
    );
    return `${head}\n${table}`;
  });
  const { errors, warnings, info } = report.totals;
  return `${blocks.join("\n\n")}\n\n${report.totals.clusters} cluster(s): ${errors} error(s), ${warnings} warning(s), ${info} info.`;
}

/** `caretaker drift`'s exit code, for CI: 0 clean (info at most), 1 warnings, 2 errors. */
function driftExitCode(report: DriftRunReport): number {
  if (report.totals.errors > 0) return 2;
  return report.totals.warnings > 0 ? ExitCode.Problems : ExitCode.Ok;
}

export { driftExitCode, renderDriftReport };
export type { DriftReportView };
