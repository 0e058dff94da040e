import { formatMinor, type KubeVersion } from "../versions";
import type { NodeVersion } from "./nodes";

/** The least a node must reach to be supported by a control plane at `controlPlane`. */
interface Minimum {
  version: KubeVersion;
  controlPlane: KubeVersion;
}

/**
 * How to move one node to `target`, by the way it is run. Every route replaces the node: in-place minor kubelet
 * upgrades are not supported (drift.md §3), and each compute type has its own way of replacing.
 * `atLeast` names the oldest version that would do, for people who cannot go all the way at once.
 */
function moveNodeAdvice(node: NodeVersion, target: KubeVersion, atLeast?: Minimum): string {
  const version = formatMinor(target);
  const minimum = atLeast && atLeast.version.minor < target.minor ? ` A ${formatMinor(atLeast.controlPlane)} control plane needs at least ${formatMinor(atLeast.version)}.` : "";
  switch (node.computeType) {
    case "managed-node-group":
      return `Update the managed node group${node.nodegroup ? ` ${node.nodegroup}` : ""} to ${version} with UpdateNodegroupVersion (aws eks update-nodegroup-version).${minimum}`;
    case "fargate":
      return `Restart the pod running on it: Fargate starts new pods with the control plane's kubelet version (${version}).`;
    case "auto":
      return `EKS Auto Mode replaces its nodes after a control-plane upgrade; if this one lingers below ${version}, check the NodePool's disruption budgets and the pods' PodDisruptionBudgets.`;
    case "karpenter":
      return `Replace it with a ${version} node: Karpenter drifts nodes on a control-plane change only for alias AMIs, so update an EC2NodeClass that pins AMIs by id, name or tags.${minimum}`;
    default:
      return `Replace it with a node running ${version}, draining it first: in-place minor kubelet upgrades are not supported.${minimum}`;
  }
}

/** How to move kube-proxy, by where its version was read. */
function moveKubeProxyAdvice(source: "daemonset" | "addon", target: KubeVersion): string {
  const version = formatMinor(target);
  return source === "addon"
    ? `Update the kube-proxy add-on to a version for Kubernetes ${version} (aws eks update-addon --addon-name kube-proxy).`
    : `Update the kube-system/kube-proxy DaemonSet image to a ${version} build.`;
}

export { moveKubeProxyAdvice, moveNodeAdvice };
export type { Minimum };
