import type { ClusterFacts } from "../collect";
import { apiServerRange, type KubeProxyVersion, type NodegroupVersion, type SkewSnapshot } from "../skew";
import { type KubeVersion, safeParseKubeVersion } from "../versions";
import { type GroupedNode, readableNodes } from "./node-groups";

/** The facts parsed for the version rules: the control plane's version and what the skew rules take. */
interface ClusterSnapshot {
  controlPlane: KubeVersion;
  skew: SkewSnapshot;
  nodes: GroupedNode[];
}

/**
 * Parses the facts for the skew and support rules. Undefined when the control plane's version is unknown or
 * unreadable (already a problem on the facts). A node group or kube-proxy whose version cannot be read is left out
 * of the rules rather than guessed at.
 */
function clusterSnapshot(facts: ClusterFacts): ClusterSnapshot | undefined {
  const version = facts.controlPlane ? safeParseKubeVersion(facts.controlPlane.version) : undefined;
  if (!version?.ok) return undefined;
  const nodes = readableNodes(facts.nodes);
  const nodegroups = facts.nodegroups.flatMap((group): NodegroupVersion[] => {
    const parsed = group.version ? safeParseKubeVersion(group.version) : undefined;
    return parsed?.ok ? [{ name: group.name, version: parsed.version }] : [];
  });
  const proxy = facts.kubeProxy ? safeParseKubeVersion(facts.kubeProxy.version) : undefined;
  const kubeProxy: KubeProxyVersion | undefined = proxy?.ok && facts.kubeProxy ? { source: facts.kubeProxy.source, version: proxy.version } : undefined;
  return {
    controlPlane: version.version,
    nodes,
    skew: {
      apiservers: apiServerRange(version.version),
      nodes: nodes.map((grouped) => grouped.node),
      nodegroups,
      ...(kubeProxy ? { kubeProxy } : {}),
    },
  };
}

export { clusterSnapshot };
export type { ClusterSnapshot };
