import type { InsightFacts } from "../collect";
import type { Finding, FindingSeverity } from "../skew";
import type { ClusterCode } from "./codes";

/**
 * EKS's statuses (drift.md §9.2): ERROR typically concerns the next version (N+1) and may make UpdateClusterVersion
 * refuse without `force`; WARNING concerns N+2 or later; UNKNOWN means EKS could not determine it. The status is in
 * the code, so an insight going from WARNING to ERROR is a new finding, not a repeat.
 */
const BY_STATUS: Record<string, { code: ClusterCode; severity: FindingSeverity }> = {
  ERROR: { code: "insight-error", severity: "error" },
  WARNING: { code: "insight-warning", severity: "warning" },
  UNKNOWN: { code: "insight-unknown", severity: "info" },
};

/** How many deprecated APIs or add-ons an explanation lists before "and N more". */
const LISTED = 3;

function listed<T>(items: readonly T[], show: (item: T) => string): string {
  const more = items.length > LISTED ? `; and ${items.length - LISTED} more` : "";
  return `${items.slice(0, LISTED).map(show).join("; ")}${more}`;
}

function details(insight: InsightFacts): string {
  const parts: string[] = [];
  if (insight.deprecations?.length) {
    parts.push(
      `Deprecated APIs in use: ${listed(insight.deprecations, (d) => `${d.usage ?? "an API"}${d.stopServingVersion ? ` (removed in ${d.stopServingVersion})` : ""}${d.replacedWith ? ` → ${d.replacedWith}` : ""}${d.clients.length ? `, called by ${d.clients.slice(0, 2).join(", ")}` : ""}`)}.`,
    );
  }
  if (insight.addonCompatibility?.length) {
    parts.push(`Add-ons concerned: ${listed(insight.addonCompatibility, (a) => `${a.name ?? "an add-on"}${a.compatibleVersions.length ? ` (compatible: ${a.compatibleVersions.slice(0, 2).join(", ")})` : ""}`)}.`);
  }
  if (insight.resourceCount) parts.push(`${insight.resourceCount} resource${insight.resourceCount === 1 ? "" : "s"} affected.`);
  return parts.join(" ");
}

/** Each insight that is not PASSING (checklist 12), with what EKS says about it. */
function insightFindings(cluster: string, insights: readonly InsightFacts[]): Finding<ClusterCode>[] {
  return insights.flatMap((insight) => {
    const mapped = BY_STATUS[insight.status];
    if (!mapped) return [];
    const version = insight.kubernetesVersion ? ` for Kubernetes ${insight.kubernetesVersion}` : "";
    const reason = insight.reason ? ` ${insight.reason}` : "";
    const more = details(insight);
    return [
      {
        code: mapped.code,
        severity: mapped.severity,
        subject: `EKS insight "${insight.name}"`,
        explanation: `EKS upgrade insight${version} is ${insight.status}.${reason}${insight.description && insight.description !== insight.name ? ` (${insight.description})` : ""}${more ? ` ${more}` : ""}`,
        nextStep: insight.recommendation
          ? `${insight.recommendation} (aws eks describe-insight --cluster-name ${cluster} --id ${insight.id})`
          : `See the insight's details: aws eks describe-insight --cluster-name ${cluster} --id ${insight.id}${insight.status === "UNKNOWN" ? "; refresh insights with aws eks start-insights-refresh" : ""}.`,
      },
    ];
  });
}

export { insightFindings };
