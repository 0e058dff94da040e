import type { KubeVersion } from "../versions";

/**
 * How a node is run, from its labels (drift.md §5): `eks.amazonaws.com/nodegroup` → managed node group,
 * `eks.amazonaws.com/compute-type` fargate/auto/hybrid, `karpenter.sh/nodepool` → karpenter. It changes the advice
 * (how to move a node to a new version) and which EKS statements apply (strict mode covers MNG and Fargate only).
 */
const COMPUTE_TYPES = ["managed-node-group", "fargate", "auto", "hybrid", "karpenter", "self-managed"] as const;

type ComputeType = (typeof COMPUTE_TYPES)[number];

/** One node as the skew rules see it: its kubelet version (`status.nodeInfo.kubeletVersion`) and how it is run. */
interface NodeVersion {
  name: string;
  kubelet: KubeVersion;
  /** Unknown compute types get generic advice and no EKS strict-mode statement. */
  computeType?: ComputeType;
  /** The managed node group it belongs to (`eks.amazonaws.com/nodegroup`), so strict mode can report the group once. */
  nodegroup?: string;
}

/** A managed node group's `Nodegroup.version` from `DescribeNodegroup`. */
interface NodegroupVersion {
  name: string;
  version: KubeVersion;
}

/**
 * kube-proxy's version, from the `kube-system/kube-proxy` DaemonSet image tag or the EKS `kube-proxy` add-on's
 * `addonVersion` — never `nodeInfo.kubeProxyVersion`, which is empty by default from 1.31 (drift.md §3, §4.4).
 */
interface KubeProxyVersion {
  source: "daemonset" | "addon";
  version: KubeVersion;
}

function nodeSubject(node: Pick<NodeVersion, "name">): string {
  return `node ${node.name}`;
}

export { COMPUTE_TYPES, nodeSubject };
export type { ComputeType, KubeProxyVersion, NodegroupVersion, NodeVersion };
