import type { ComputeType } from "../skew";
import type { NodeFacts, NodeGroupKind, NodeGroupRef } from "./facts";
import type { ListedNode } from "./nodes";

const LABEL_COMPUTE_TYPE = "eks.amazonaws.com/compute-type";
const LABEL_NODEGROUP = "eks.amazonaws.com/nodegroup";
const LABEL_NODEPOOL = "karpenter.sh/nodepool";

const COMPUTE_TYPE_OF: Record<NodeGroupKind, ComputeType | undefined> = {
  "managed-node-group": "managed-node-group",
  karpenter: "karpenter",
  fargate: "fargate",
  auto: "auto",
  hybrid: "hybrid",
  "auto-scaling-group": "self-managed",
  // Nothing says how it is run: generic advice, and no EKS strict-mode statement.
  unknown: undefined,
};

/**
 * Which group a node belongs to (drift.md §5), most specific first: EKS's compute-type label (Fargate, Auto Mode —
 * whose nodes also carry a NodePool label —, hybrid), the managed node group label, Karpenter's NodePool label, then
 * the Auto Scaling group its instance is in (self-managed groups carry no label). Anything else is "unknown".
 */
function groupOf(node: ListedNode, asgOfInstance: ReadonlyMap<string, string>): NodeGroupRef {
  const labels = node.labels;
  const computeType = labels[LABEL_COMPUTE_TYPE];
  if (computeType === "fargate") return { kind: "fargate" };
  if (computeType === "hybrid") return { kind: "hybrid" };
  if (computeType === "auto") return labels[LABEL_NODEPOOL] ? { kind: "auto", name: labels[LABEL_NODEPOOL] } : { kind: "auto" };
  if (labels[LABEL_NODEGROUP]) return { kind: "managed-node-group", name: labels[LABEL_NODEGROUP] };
  if (labels[LABEL_NODEPOOL]) return { kind: "karpenter", name: labels[LABEL_NODEPOOL] };
  const asg = node.instanceId ? asgOfInstance.get(node.instanceId) : undefined;
  if (asg) return { kind: "auto-scaling-group", name: asg };
  return { kind: "unknown" };
}

function classifyNode(node: ListedNode, asgOfInstance: ReadonlyMap<string, string>): NodeFacts {
  const group = groupOf(node, asgOfInstance);
  const computeType = COMPUTE_TYPE_OF[group.kind];
  return {
    name: node.name,
    kubeletVersion: node.kubeletVersion,
    ...(node.instanceId ? { instanceId: node.instanceId } : {}),
    group,
    ...(computeType ? { computeType } : {}),
  };
}

export { classifyNode };
