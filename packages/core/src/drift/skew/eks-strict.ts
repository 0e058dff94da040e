import { compareMinor, formatMinor, nextMinor, type KubeVersion } from "../versions";
import { moveNodeAdvice } from "./advice";
import type { SkewCode } from "./codes";
import type { Finding } from "./finding";
import { nodeSubject, type NodegroupVersion, type NodeVersion } from "./nodes";

/**
 * EKS strict mode (drift.md §4 S8, §6). EKS's documents disagree: the `UpdateClusterVersion` API reference (and step 1
 * of the user guide's upgrade page) say managed node groups — and, per the guide, Fargate nodes — must match the
 * control plane's minor before an upgrade; the rest of the guide, the best-practices guide and eksup say the upstream
 * n-3 window applies. The skew rules follow upstream and alone decide "supported"; these statements are reported
 * separately, under their own code, as "may block UpdateClusterVersion", at the severity chosen here:
 * - "warning" (default): the API reference is the contract for the call, and a refused upgrade costs more than a
 *   warning, but nothing is out of support;
 * - "error": for teams whose upgrades are gated on it;
 * - "off": for teams who have seen EKS accept such upgrades.
 */
const EKS_STRICT_MODES = ["off", "warning", "error"] as const;

type EksStrictMode = (typeof EKS_STRICT_MODES)[number];

/**
 * One finding per managed node group whose `Nodegroup.version` is behind the control plane, then one per managed
 * node group node or Fargate node whose kubelet is behind it and that no group finding already covers (a node still
 * old inside an updated group, or a group that was not described). Only "behind" counts: EKS does not create node
 * groups ahead of the cluster, and a node ahead of it is the kubelet rule's error already.
 */
function checkEksStrict(
  controlPlane: KubeVersion,
  nodes: readonly NodeVersion[],
  nodegroups: readonly NodegroupVersion[],
  mode: EksStrictMode = "warning",
): Finding<SkewCode>[] {
  if (mode === "off") return [];
  const severity = mode;
  const current = formatMinor(controlPlane);
  const target = formatMinor(nextMinor(controlPlane));
  const behind = (version: KubeVersion) => compareMinor(version, controlPlane) < 0;

  const groups = nodegroups.filter((group) => behind(group.version));
  const reported = new Set(groups.map((group) => group.name));
  const groupFindings = groups.map(
    (group): Finding<SkewCode> => ({
      code: "eks-strict-version-mismatch",
      severity,
      subject: `managed node group ${group.name}`,
      explanation: `The node group's version ${formatMinor(group.version)} is behind the control plane (${current}). The EKS API reference says every managed node group must match the cluster's version before UpdateClusterVersion, so an upgrade to ${target} may be refused; this is stricter than the Kubernetes skew policy.`,
      nextStep: `Update the node group to ${current} (UpdateNodegroupVersion / aws eks update-nodegroup-version) before upgrading the control plane to ${target}.`,
    }),
  );

  const nodeFindings = nodes
    .filter((node) => behind(node.kubelet))
    .filter((node) => node.computeType === "fargate" || (node.computeType === "managed-node-group" && !(node.nodegroup && reported.has(node.nodegroup))))
    .map(
      (node): Finding<SkewCode> => ({
        code: "eks-strict-version-mismatch",
        severity,
        subject: nodeSubject(node),
        explanation:
          node.computeType === "fargate"
            ? `kubelet ${formatMinor(node.kubelet)} on this Fargate node is behind the control plane (${current}). The EKS user guide asks for Fargate nodes to match the control plane before an upgrade, so an upgrade to ${target} may be refused; this is stricter than the Kubernetes skew policy.`
            : `kubelet ${formatMinor(node.kubelet)} on this managed node group node is behind the control plane (${current}). The EKS API reference says managed node groups must match the cluster's version before UpdateClusterVersion, so an upgrade to ${target} may be refused; this is stricter than the Kubernetes skew policy.`,
        nextStep: `${moveNodeAdvice(node, controlPlane)} Do this before upgrading the control plane to ${target}.`,
      }),
    );

  return [...groupFindings, ...nodeFindings];
}

export { checkEksStrict, EKS_STRICT_MODES };
export type { EksStrictMode };
