import type { GcRunReport } from "@caretaker/core/image-gc/run";
import { ExitCode } from "./io";
import { renderTable } from "./table";

/** A run report as the CLI gets it: whole when run locally; a deployed function may leave parts out and say so. */
/** A run report as the CLI receives it; `notReached` is absent from functions deployed before the time budget. */
type GcReportView = Omit<GcRunReport, "plans" | "notReached"> & { plans?: GcRunReport["plans"]; notReached?: string[]; omitted?: string[] };

/** Skipped repositories named on stderr before the rest are only counted. */
const SKIPPED_SHOWN = 10;

function formatBytes(bytes: number): string {
  if (bytes === 0) return "0 B";
  const units = ["B", "kB", "MB", "GB", "TB"];
  const exponent = Math.min(units.length - 1, Math.floor(Math.log10(bytes) / 3));
  return `${(bytes / 1000 ** exponent).toFixed(exponent === 0 ? 0 : 1)} ${units[exponent]}`;
}

/** "in-use 3, keep-n 2": kept images by reason, most frequent first. */
function protectedSummary(byReason: Record<string, number>): string {
  const entries = Object.entries(byReason).sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : 1));
  return entries.map(([reason, count]) => `${reason} ${count}`).join(", ") || "-";
}

/** Bytes the plan's deletions would free in a repository (what a dry run reports as reclaimable). */
function plannedBytes(report: GcReportView, repository: string): number | undefined {
  const plan = report.plans?.find((candidate) => candidate.repository === repository);
  return plan?.decisions.filter((decision) => decision.action === "delete").reduce((sum, decision) => sum + decision.sizeBytes, 0);
}

/**
 * One row per managed repository, and a total. In a dry run nothing is reclaimed: RECLAIMED shows what the plan would
 * free, in parentheses, when the plan is at hand.
 */
function renderRepositoryTable(report: GcReportView): string {
  const reclaimed = (repository: string, bytes: number) => {
    if (!report.dryRun) return formatBytes(bytes);
    const planned = plannedBytes(report, repository);
    return planned === undefined ? "-" : `(${formatBytes(planned)})`;
  };
  const rows = report.repositories.map((repository) => [
    repository.repository,
    String(repository.scanned),
    protectedSummary(repository.protectedByReason),
    String(repository.candidates),
    String(repository.deleted),
    String(repository.failed),
    reclaimed(repository.repository, repository.bytesReclaimed),
    repository.blocked ? `left alone: ${repository.blocked}` : repository.skipped > 0 ? `${repository.skipped} skipped when deleting` : "",
  ]);
  const { totals } = report;
  const plannedTotal = report.plans ? report.repositories.reduce((sum, repository) => sum + (plannedBytes(report, repository.repository) ?? 0), 0) : undefined;
  const total = ["TOTAL", String(totals.scanned), "", String(totals.candidates), String(totals.deleted), String(totals.failed), report.dryRun ? (plannedTotal === undefined ? "-" : `(${formatBytes(plannedTotal)})`) : formatBytes(totals.bytesReclaimed), totals.blocked > 0 ? `${totals.blocked} left alone` : ""];
  return renderTable(["repository", "scanned", "protected", "candidates", "deleted", "failed", "reclaimed", "note"], [...rows, ...(rows.length > 1 ? [total] : [])]);
}

/** `--details`: every image decision with its reasons, repository by repository. */
function renderDecisionTable(report: GcReportView): string {
  const rows = (report.plans ?? []).flatMap((plan) =>
    plan.decisions.map((decision) => [
      plan.repository,
      decision.digest.replace(/^(sha256:[0-9a-f]{12})[0-9a-f]+$/, "$1"),
      decision.tags.join(",") || "<untagged>",
      decision.kind,
      formatBytes(decision.sizeBytes),
      decision.action === "delete" && plan.blocked ? "delete (left alone)" : decision.action,
      decision.reasons.join("; "),
    ]),
  );
  return renderTable(["repository", "digest", "tags", "kind", "size", "decision", "reason"], rows);
}

/** What needs attention, and what was done; printed on stderr so stdout stays the table (or JSON). */
function conclusionLines(report: GcReportView, context: { command: "plan" | "run"; applyRequested: boolean; remote: boolean }): string[] {
  const lines: string[] = [];
  for (const cluster of report.clusters.filter((candidate) => !candidate.complete)) {
    // One failure per resource kind, usually all for the same reason: the first says it.
    const [first = "no detail", ...more] = cluster.failures;
    lines.push(`cluster ${cluster.cluster} could not be scanned, so nothing it may use was deleted: ${first}${more.length > 0 ? ` (and ${more.length} more failure(s), see --json)` : ""}`);
  }
  const skipped = report.skippedRepositories;
  if (skipped.length > 0) {
    const named = skipped.slice(0, SKIPPED_SHOWN).map((repository) => `${repository.repository} (${repository.reason})`);
    lines.push(`not managed: ${named.join(", ")}${skipped.length > SKIPPED_SHOWN ? `, … and ${skipped.length - SKIPPED_SHOWN} more` : ""}`);
  }
  const notReached = report.notReached ?? [];
  if (notReached.length > 0) lines.push(`time limit: ${notReached.length} repositor${notReached.length === 1 ? "y was" : "ies were"} not reached and left untouched (the next scheduled run starts with ${notReached[0]})`);
  for (const note of report.omitted ?? []) lines.push(`left out of the function's answer: ${note}`);
  const { totals } = report;
  if (report.dryRun) {
    const why =
      context.command === "plan" ? "gc plan never deletes; gc run --apply does" : !context.applyRequested ? "pass --apply to delete" : context.remote ? "deletion is off in the deployed configuration: gc.enabled" : "dry run";
    lines.push(`plan only: ${totals.candidates} image(s) would be deleted; nothing was deleted (${why})`);
  } else {
    lines.push(`deleted ${totals.deleted} image(s), ${formatBytes(totals.bytesReclaimed)} reclaimed${totals.failed > 0 ? `; ${totals.failed} failed` : ""}`);
  }
  if (totals.blocked > 0) lines.push(`${totals.blocked} repositor${totals.blocked === 1 ? "y was" : "ies were"} left alone this run (see NOTE)`);
  return lines;
}

/** 1 when something needs a person: deletions that failed, repositories left alone, clusters that could not be scanned. */
function gcExitCode(report: GcReportView): ExitCode {
  const attention = report.totals.failed > 0 || report.totals.blocked > 0 || (report.notReached?.length ?? 0) > 0 || report.clusters.some((cluster) => !cluster.complete);
  return attention ? ExitCode.Problems : ExitCode.Ok;
}

export { conclusionLines, formatBytes, gcExitCode, renderDecisionTable, renderRepositoryTable };
export type { GcReportView };
