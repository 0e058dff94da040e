import type { NodegroupFacts } from "../collect";
import { apiServerRange, type Finding, nodeComponentVerdict } from "../skew";
import { formatMinor, type KubeVersion, minorVersion, nextMinor, safeParseKubeVersion } from "../versions";
import type { DriftCode } from "./codes";
import { buildDaysApart, compareRelease } from "./release-version";

/** "Kubernetes version 1.32 is the last version for which Amazon EKS will release Amazon Linux 2 AMIs" (drift.md §11). */
const LAST_AL2_MINOR = 32;
const UNHEALTHY_STATUSES = new Set(["DEGRADED", "CREATE_FAILED", "DELETE_FAILED"]);
/** Where each AL2 AMI type goes on AL2023. */
const AL2023_SUCCESSOR: Record<string, string> = {
  AL2_x86_64: "AL2023_x86_64_STANDARD",
  AL2_ARM_64: "AL2023_ARM_64_STANDARD",
  AL2_x86_64_GPU: "AL2023_x86_64_NVIDIA",
};

function subjectOf(group: NodegroupFacts): string {
  return `managed node group ${group.name}`;
}

function unhealthy(group: NodegroupFacts): Finding<DriftCode>[] {
  if (!UNHEALTHY_STATUSES.has(group.status ?? "") && group.healthIssues.length === 0) return [];
  const issues = group.healthIssues.map((issue) => `${issue.code ?? "issue"}: ${issue.message ?? "no message"}`).join("; ");
  return [
    {
      code: "nodegroup-unhealthy",
      severity: "warning",
      subject: subjectOf(group),
      explanation: `The node group is ${group.status ?? "in an unknown state"}${issues ? ` with health issues (${issues})` : ""}. EKS cannot update a node group in this state, so it stands in the way of upgrades.`,
      nextStep: "Fix the health issues (aws eks describe-nodegroup shows them with the affected resources), then retry the node group's update.",
    },
  ];
}

/**
 * `Nodegroup.version` behind the control plane (checklist 8.1), judged by the skew policy: beyond the limit → error,
 * at the limit (blocks the next upgrade) → warning, within → info. Left out when EKS strict mode already reported
 * the group: that finding says the same and names the same remedy.
 */
function versionBehind(cluster: string, group: NodegroupFacts, version: KubeVersion, controlPlane: KubeVersion): Finding<DriftCode>[] {
  const verdict = nodeComponentVerdict(version, apiServerRange(controlPlane));
  if (verdict.behind <= 0) return [];
  const target = formatMinor(nextMinor(controlPlane));
  const [severity, consequence] =
    verdict.status === "too-old"
      ? (["error", `more than the ${verdict.limit} minor versions its nodes may be behind, so they are outside the Kubernetes version skew policy`] as const)
      : verdict.status === "supported" && verdict.blocksNextUpgrade
        ? (["warning", `the most its nodes may be: upgrading the control plane to ${target} would put them outside the skew policy`] as const)
        : (["info", `within the skew policy; EKS does not update node groups when it upgrades the control plane`] as const);
  return [
    {
      code: "nodegroup-version-behind",
      severity,
      subject: subjectOf(group),
      explanation: `The node group runs Kubernetes ${formatMinor(version)}, ${verdict.behind} minor version${verdict.behind === 1 ? "" : "s"} behind the control plane (${formatMinor(controlPlane)}): ${consequence}.`,
      nextStep: `Update the node group to ${formatMinor(controlPlane)} (aws eks update-nodegroup-version --cluster-name ${cluster} --nodegroup-name ${group.name}).`,
    },
  ];
}

/** `releaseVersion` behind the recommended EKS optimised AMI (checklist 8.2): informational, new AMIs carry fixes. */
function amiBehind(cluster: string, group: NodegroupFacts): Finding<DriftCode>[] {
  const recommended = group.recommendedRelease;
  if (!recommended || !group.releaseVersion || group.amiType === "CUSTOM") return [];
  const comparison = compareRelease(group.releaseVersion, recommended.releaseVersion);
  if (comparison === "same" || comparison === "ahead") return [];
  const days = buildDaysApart(group.releaseVersion, recommended.releaseVersion);
  const age = days !== undefined && days > 0 ? `, built ${days} day${days === 1 ? "" : "s"} earlier` : "";
  return [
    {
      code: "nodegroup-ami-behind",
      severity: "info",
      subject: subjectOf(group),
      explanation: `The node group runs AMI release ${group.releaseVersion}; EKS recommends ${recommended.releaseVersion} for ${group.amiType} on Kubernetes ${group.version}${comparison === "behind" ? age : " (the formats cannot be ordered, so it may be newer)"}. New AMI releases carry kernel, containerd and security fixes.`,
      nextStep: `Update the node group to the latest AMI release (aws eks update-nodegroup-version --cluster-name ${cluster} --nodegroup-name ${group.name}, without --kubernetes-version).`,
    },
  ];
}

/**
 * AL2 AMIs end at Kubernetes 1.32 (drift.md §11, checklist 8.4; eksup EKS008): once the control plane's next version
 * is 1.33 or later, an AL2 node group cannot follow it. It still works where it is, within the skew window, hence a
 * warning; every control-plane upgrade leaves it further behind.
 */
function al2EndOfLife(group: NodegroupFacts, controlPlane: KubeVersion): Finding<DriftCode>[] {
  if (!group.amiType?.startsWith("AL2_")) return [];
  const target = nextMinor(controlPlane);
  if (target.minor <= LAST_AL2_MINOR) return [];
  const last = formatMinor(minorVersion(1, LAST_AL2_MINOR));
  const successor = AL2023_SUCCESSOR[group.amiType] ?? "an AL2023 or Bottlerocket AMI type";
  const stranded = controlPlane.minor > LAST_AL2_MINOR;
  return [
    {
      code: "nodegroup-al2-end-of-life",
      severity: "warning",
      subject: subjectOf(group),
      explanation: stranded
        ? `The node group uses ${group.amiType}; EKS releases no Amazon Linux 2 AMIs after Kubernetes ${last}, so it can never be updated to the control plane's ${formatMinor(controlPlane)} and falls further behind with every control-plane upgrade.`
        : `The node group uses ${group.amiType}; EKS releases no Amazon Linux 2 AMIs after Kubernetes ${last}, so it cannot follow the control plane to ${formatMinor(target)}.`,
      nextStep: `Create a node group with amiType ${successor} (an existing group's AMI family cannot be changed in place), move the workloads to it, then delete ${group.name}${stranded ? "" : `, before upgrading the control plane to ${formatMinor(target)}`}.`,
    },
  ];
}

/**
 * Managed node group drift (checklist 8): health, version, AMI release, and the end of AL2. CUSTOM AMI groups get no
 * AMI check (their releaseVersion is an AMI id, 8.3); their nodes' kubelets are checked like any node's.
 */
function nodegroupFindings(
  cluster: string,
  nodegroups: readonly NodegroupFacts[], controlPlane: KubeVersion | undefined, reportedByStrictMode: ReadonlySet<string>): Finding<DriftCode>[] {
  return nodegroups.flatMap((group) => {
    const version = group.version ? safeParseKubeVersion(group.version) : undefined;
    return [
      ...unhealthy(group),
      ...(controlPlane && version?.ok && !reportedByStrictMode.has(subjectOf(group)) ? versionBehind(cluster, group, version.version, controlPlane) : []),
      ...amiBehind(cluster, group),
      ...(controlPlane ? al2EndOfLife(group, controlPlane) : []),
    ];
  });
}

export { nodegroupFindings };
