import { CoreV1Api, type V1Node } from "@kubernetes/client-node";
import type { ClusterConnection } from "../../eks/connection";
import { ClusterAccessError } from "../../eks/errors";
import { safeParseKubeVersion } from "../versions";
import type { CollectContext } from "./context";
import { kubeRequest } from "./kube-request";

/** A node as listed, before its group is known (that needs the cluster's Auto Scaling groups). */
interface ListedNode {
  name: string;
  kubeletVersion: string;
  instanceId?: string;
  labels: Record<string, string>;
}

/** The Kubernetes API's recommended chunk size; ⌈nodes/500⌉ requests per cluster. */
const NODE_PAGE_SIZE = 500;
/** An expired continue token (410) means the snapshot is gone: start again, a bounded number of times. */
const MAX_RESTARTS = 2;
/** How many unreadable kubelet versions a problem names before "and N more". */
const NAMED = 5;

/** `aws:///eu-west-1a/i-0abc…` → `i-0abc…`; Fargate and hybrid nodes have no EC2 instance. */
const PROVIDER_ID = /^aws:\/\/\/[^/]*\/(i-[0-9a-f]+)$/;

function listedNode(node: V1Node): ListedNode {
  const instanceId = PROVIDER_ID.exec(node.spec?.providerID ?? "")?.[1];
  return {
    name: node.metadata?.name ?? "",
    kubeletVersion: node.status?.nodeInfo?.kubeletVersion ?? "",
    ...(instanceId ? { instanceId } : {}),
    labels: { ...node.metadata?.labels },
  };
}

function isExpiredContinue(error: unknown): boolean {
  return error instanceof ClusterAccessError && error.status === 410;
}

/**
 * Every node's kubelet version (`status.nodeInfo.kubeletVersion`, the authoritative per-node source, drift.md §2),
 * 500 per page. On failure, the nodes seen so far are kept and the problem says the list is incomplete: findings
 * about the nodes that were seen are still true.
 */
async function listNodes(ctx: CollectContext, connection: ClusterConnection): Promise<ListedNode[]> {
  const core = connection.api(CoreV1Api);
  let nodes: ListedNode[] = [];
  let token: string | undefined;
  let restarts = 0;
  try {
    for (;;) {
      let page;
      try {
        const request = { limit: NODE_PAGE_SIZE, ...(token ? { _continue: token } : {}) };
        page = await kubeRequest(ctx, connection, "list nodes", (options) => core.listNode(request, options));
      } catch (error) {
        if (!isExpiredContinue(error) || restarts >= MAX_RESTARTS) throw error;
        restarts++;
        nodes = [];
        token = undefined;
        continue;
      }
      nodes.push(...page.items.map(listedNode));
      token = page.metadata?._continue || undefined;
      if (!token) break;
    }
  } catch (error) {
    const seen = nodes.length > 0 ? ` Only the ${nodes.length} nodes listed before the failure were checked.` : " No node's kubelet was checked.";
    ctx.problem("nodes", `${error instanceof Error ? error.message : String(error)}${seen}`);
  }
  reportUnreadableVersions(ctx, nodes);
  return nodes;
}

/** One problem for all nodes whose kubelet version cannot be read: they are left out of the skew checks. */
function reportUnreadableVersions(ctx: CollectContext, nodes: readonly ListedNode[]): void {
  const unreadable = nodes.filter((node) => !safeParseKubeVersion(node.kubeletVersion).ok);
  if (unreadable.length === 0) return;
  const named = unreadable
    .slice(0, NAMED)
    .map((node) => `${node.name} (${JSON.stringify(node.kubeletVersion)})`)
    .join(", ");
  const more = unreadable.length > NAMED ? ` and ${unreadable.length - NAMED} more` : "";
  ctx.problem("nodes", `The kubelet version of ${unreadable.length === 1 ? "1 node" : `${unreadable.length} nodes`} cannot be read, so the skew rules skip ${unreadable.length === 1 ? "it" : "them"}: ${named}${more}.`);
}

export { listNodes, NODE_PAGE_SIZE };
export type { ListedNode };
