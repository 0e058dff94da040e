import { apiServerRange, evaluateSkew, type Finding, type SkewCode, type SkewSnapshot } from "../skew";
import type { ForcedUpgrade } from "./support-window";

/** What the forced upgrade needs to know about the cluster: its nodes and kube-proxy, as for the skew rules. */
type ProjectionInput = Pick<SkewSnapshot, "nodes" | "kubeProxy">;

interface ForcedUpgradeProjection extends ForcedUpgrade {
  /** The kubelet and kube-proxy rules as they would stand with the control plane at `target` and nothing else moved. */
  findings: Finding<SkewCode>[];
  /** The errors among `findings` that are not errors today: what the forced upgrade itself would break. */
  breaks: Finding<SkewCode>[];
}

/**
 * Re-evaluates the skew rules with the control plane at version+1 (drift.md §8 step 3, §4.7). EKS moves only the
 * control plane; node groups, self-managed nodes and Fargate pods stay where they are, so the nodes are taken as
 * they are today. Auto Mode nodes "may" follow; they are kept as they are too, which can only over-warn. EKS strict
 * mode is left out: it is about the `UpdateClusterVersion` call a person makes, and EKS makes this one itself.
 */
function projectForcedUpgrade(forced: ForcedUpgrade, cluster: ProjectionInput): ForcedUpgradeProjection {
  const options = { eksStrict: "off" } as const;
  const today = evaluateSkew({ ...cluster, apiservers: apiServerRange(forced.from) }, options);
  const findings = evaluateSkew({ ...cluster, apiservers: apiServerRange(forced.target) }, options);
  const brokenToday = new Set(today.filter(isError).map(key));
  const breaks = findings.filter((finding) => isError(finding) && !brokenToday.has(key(finding)));
  return { ...forced, findings, breaks };
}

function isError(finding: Finding): boolean {
  return finding.severity === "error";
}

/** A violation is "the same" after the upgrade when the same rule fires on the same thing, whatever the numbers. */
function key(finding: Finding): string {
  return `${finding.code}\u0000${finding.subject}`;
}

export { projectForcedUpgrade };
export type { ForcedUpgradeProjection, ProjectionInput };
