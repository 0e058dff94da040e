import type { NodeFacts, NodeGroupRef } from "../collect";
import type { NodeVersion } from "../skew";
import { safeParseKubeVersion } from "../versions";

/** How a finding about several nodes names them: by the group they belong to, stable while nodes come and go. */
function groupSubject(group: NodeGroupRef): string {
  switch (group.kind) {
    case "managed-node-group":
      return `nodes of managed node group ${group.name}`;
    case "karpenter":
      return `nodes of Karpenter NodePool ${group.name}`;
    case "auto":
      return group.name ? `EKS Auto Mode nodes of NodePool ${group.name}` : "EKS Auto Mode nodes";
    case "fargate":
      return "Fargate nodes";
    case "hybrid":
      return "hybrid nodes";
    case "auto-scaling-group":
      return `nodes of Auto Scaling group ${group.name}`;
    case "unknown":
      return "nodes outside any known group";
  }
}

/** A node as the skew rules take it, with the group it is reported under. */
interface GroupedNode {
  node: NodeVersion;
  group: string;
}

/**
 * The nodes whose kubelet version can be read, as skew-rule input. Unreadable ones are left out here; the collection
 * already reported them as a problem.
 */
function readableNodes(nodes: readonly NodeFacts[]): GroupedNode[] {
  return nodes.flatMap((facts) => {
    const parsed = safeParseKubeVersion(facts.kubeletVersion);
    if (!parsed.ok) return [];
    const node: NodeVersion = {
      name: facts.name,
      kubelet: parsed.version,
      ...(facts.computeType ? { computeType: facts.computeType } : {}),
      ...(facts.group.kind === "managed-node-group" && facts.group.name ? { nodegroup: facts.group.name } : {}),
    };
    return [{ node, group: groupSubject(facts.group) }];
  });
}

export { groupSubject, readableNodes };
export type { GroupedNode };
