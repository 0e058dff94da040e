import type { Report, Severity } from "../../notify/report";
import type { DriftFinding } from "../findings/drift-finding";
import type { FindingSeverity } from "../skew";
import { type FindingChanges, mostSevere, type RememberedFinding } from "./diff-findings";

interface ReportScope {
  account: string;
  region: string;
  now: Date;
}

function line(finding: Pick<DriftFinding, "severity" | "subject" | "explanation">): string {
  return `[${finding.severity.toUpperCase()}] ${finding.subject}: ${finding.explanation}`;
}

function counted(count: number, word: string): string {
  return `${count} ${word}`;
}

/**
 * The notification for one cluster whose findings changed: what opened or got worse (with its next step), what was
 * resolved, and everything still open, so the message stands on its own.
 */
function driftChangeReport(cluster: string, changes: FindingChanges, scope: ReportScope): Report {
  const raised = [...changes.opened, ...changes.worsened.map((change) => change.finding)];
  const worst = mostSevere(raised.map((finding) => finding.severity));
  const severity: Severity = worst === "error" ? "error" : worst === "warning" ? "warning" : raised.length > 0 ? "info" : "success";
  const parts = [
    changes.opened.length > 0 ? counted(changes.opened.length, "new") : "",
    changes.worsened.length > 0 ? counted(changes.worsened.length, "worse") : "",
    changes.resolved.length > 0 ? counted(changes.resolved.length, "resolved") : "",
  ].filter(Boolean);
  const stillOpen = changes.open.filter((finding) => !raised.some((raisedFinding) => raisedFinding.fingerprint === finding.fingerprint));
  return {
    kind: "drift",
    severity,
    title: `Drift in ${cluster}: ${parts.join(", ")}`,
    summary: `${changes.open.length === 0 ? "No drift finding is open any more." : `${changes.open.length} finding(s) open after this run.`}${changes.held > 0 ? ` ${changes.held} change(s) of things being updated right now are held back until the update is over.` : ""}`,
    cluster,
    account: scope.account,
    region: scope.region,
    facts: [
      { label: "New", value: String(changes.opened.length) },
      { label: "Worse", value: String(changes.worsened.length) },
      { label: "Resolved", value: String(changes.resolved.length) },
      { label: "Open", value: String(changes.open.length) },
    ],
    sections: [
      { title: "New", items: changes.opened.map(line) },
      { title: "Worse", items: changes.worsened.map((change) => `${line(change.finding)} (was ${change.wasCode ? `${change.wasCode}, ` : ""}${change.was})`) },
      { title: "Resolved", items: changes.resolved.map((finding) => `${finding.subject}: ${finding.code} (open since ${finding.since.slice(0, 10)})`) },
      { title: "Less severe", items: changes.eased.map((change) => `${line(change.finding)} (was ${change.wasCode ? `${change.wasCode}, ` : ""}${change.was})`) },
      { title: "Still open", items: stillOpen.map(line) },
    ].filter((section) => section.items.length > 0),
    nextSteps: unique(raised.map((finding) => finding.nextStep)),
    fingerprint: `drift/${scope.account}/${scope.region}/${cluster}/${scope.now.toISOString()}`,
    occurredAt: scope.now,
  };
}

/** The periodic reminder of every finding still open, per cluster — the notification that keeps silence honest. */
function driftDigestReport(open: ReadonlyMap<string, readonly RememberedFinding[]>, scope: ReportScope & { periodDays: number }): Report {
  const clusters = [...open.entries()].filter(([, findings]) => findings.length > 0).sort(([a], [b]) => a.localeCompare(b));
  const all = clusters.flatMap(([, findings]) => findings);
  const worst: FindingSeverity | undefined = mostSevere(all.map((finding) => finding.severity));
  const count = (severity: FindingSeverity) => String(all.filter((finding) => finding.severity === severity).length);
  return {
    kind: "drift",
    severity: worst === "error" ? "error" : worst === "warning" ? "warning" : "info",
    title: `Drift digest: ${all.length} open finding(s) in ${clusters.length} cluster(s)`,
    summary: `Findings still open in ${scope.region} (reminder every ${scope.periodDays} day(s); changes are notified as they happen).`,
    account: scope.account,
    region: scope.region,
    facts: [
      { label: "Errors", value: count("error") },
      { label: "Warnings", value: count("warning") },
      { label: "Info", value: count("info") },
    ],
    sections: clusters.map(([cluster, findings]) => ({ title: cluster, items: findings.map((finding) => `${line(finding)} (since ${finding.since.slice(0, 10)})`) })),
    nextSteps: unique(all.filter((finding) => finding.severity === "error").map((finding) => finding.nextStep)),
    fingerprint: `drift-digest/${scope.account}/${scope.region}/${scope.now.toISOString()}`,
    occurredAt: scope.now,
  };
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.filter(Boolean))];
}

export { driftChangeReport, driftDigestReport };
export type { ReportScope };
