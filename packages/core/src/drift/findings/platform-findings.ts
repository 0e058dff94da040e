import type { ClusterFacts } from "../collect";
import type { Finding } from "../skew";
import type { ClusterCode } from "./codes";

/** "If your cluster is more than two platform versions behind the current platform version, then it's possible that Amazon EKS wasn't able to automatically update your cluster" (drift.md §7). */
const TOLERATED_BEHIND = 2;

function platformNumber(version: string | undefined): number | undefined {
  const match = /^eks\.(\d+)$/.exec(version ?? "");
  return match ? Number(match[1]) : undefined;
}

/**
 * The control plane's platform version against the default one for its Kubernetes version (checklist 14). EKS
 * rolls platform versions out by itself, gradually, so one or two behind is normal.
 */
function platformFindings(facts: ClusterFacts): Finding<ClusterCode>[] {
  const current = facts.controlPlane?.platformVersion;
  const latest = facts.versions.current?.defaultPlatformVersion;
  const have = platformNumber(current);
  const want = platformNumber(latest);
  if (have === undefined || want === undefined || want - have <= TOLERATED_BEHIND) return [];
  return [
    {
      code: "platform-version-behind",
      severity: "warning",
      subject: "control plane platform version",
      explanation: `The control plane is on platform version ${current}, ${want - have} behind ${latest}, the current one for Kubernetes ${facts.controlPlane?.version}. EKS updates platform versions by itself; this far behind, it may have been unable to.`,
      nextStep: "Check the cluster's health issues and recent updates (aws eks describe-cluster, aws eks list-updates); if nothing explains it, open an AWS support case.",
    },
  ];
}

export { platformFindings };
