import type { V1Node, V1Taint } from "@kubernetes/client-node";
import { ClusterAccessError } from "../eks/errors";
import type { Clock } from "../clock";
import type { DrainKube } from "./kube";

/** Caretaker's NoSchedule taint; removed on uncordon only because it is ours. */
const CARETAKER_TAINT_KEY = "caretaker.dev/draining";
const EXCLUDE_FROM_LB_LABEL = "node.kubernetes.io/exclude-from-external-load-balancers";
/** The label value that marks the exclusion as Caretaker's (so uncordon never removes someone else's). */
const EXCLUDE_FROM_LB_VALUE = "caretaker";
/** Optimistic-lock retries when another writer changes the node between our read and our patch. */
const CONFLICT_RETRIES = 5;

interface CordonOptions {
  excludeFromLoadBalancers: boolean;
  taint: boolean;
  /** Why (event id or "manual"); becomes the taint value, trimmed to a valid label value. */
  reason: string;
  dryRun?: boolean;
}

interface CordonResult {
  node: V1Node;
  /** Whether anything was changed (false when the node already was as wanted: no request sent). */
  changed: boolean;
}

class NodeNotFoundError extends Error {
  override readonly name = "NodeNotFoundError";
  readonly node: string;
  constructor(cluster: string, node: string) {
    super(`node "${node}" not found in cluster "${cluster}"`);
    this.node = node;
  }
}

/** A taint value must be a valid label value: ≤ 63 characters of [A-Za-z0-9._-], starting and ending alphanumeric. */
function taintValue(reason: string): string {
  return reason.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, "") || "drain";
}

function isConflict(error: unknown): boolean {
  return error instanceof ClusterAccessError && error.status === 409;
}

/**
 * Applies `desired` to the node with a strategic-merge patch carrying the resourceVersion it was computed from (an
 * optimistic lock: the node's taint list is replaced as a whole), re-reading and retrying on 409.
 */
async function updateNode(kube: DrainKube, clock: Clock, name: string, desired: (node: V1Node) => object | undefined, dryRun: boolean): Promise<CordonResult> {
  for (let attempt = 1; ; attempt++) {
    const node = await kube.getNode(name);
    if (!node) throw new NodeNotFoundError(kube.cluster, name);
    const patch = desired(node);
    if (!patch) return { node, changed: false };
    if (dryRun) return { node, changed: true };
    try {
      const patched = await kube.patchNode(name, { ...patch, metadata: { ...(patch as { metadata?: object }).metadata, resourceVersion: node.metadata?.resourceVersion } }, "strategic");
      return { node: patched, changed: true };
    } catch (error) {
      if (!isConflict(error) || attempt >= CONFLICT_RETRIES) throw error;
      await clock.sleep(750);
    }
  }
}

/** Cordon (spec.unschedulable), plus the load-balancer exclusion label and Caretaker's taint when asked; idempotent. */
function cordonNode(kube: DrainKube, clock: Clock, name: string, options: CordonOptions): Promise<CordonResult> {
  return updateNode(
    kube,
    clock,
    name,
    (node) => {
      const taints = node.spec?.taints ?? [];
      const needsCordon = node.spec?.unschedulable !== true;
      const needsLabel = options.excludeFromLoadBalancers && node.metadata?.labels?.[EXCLUDE_FROM_LB_LABEL] === undefined;
      const needsTaint = options.taint && !taints.some((taint) => taint.key === CARETAKER_TAINT_KEY);
      if (!needsCordon && !needsLabel && !needsTaint) return undefined;
      return {
        ...(needsLabel ? { metadata: { labels: { [EXCLUDE_FROM_LB_LABEL]: EXCLUDE_FROM_LB_VALUE } } } : {}),
        spec: {
          unschedulable: true,
          ...(needsTaint ? { taints: [...taints, { key: CARETAKER_TAINT_KEY, value: taintValue(options.reason), effect: "NoSchedule" } satisfies V1Taint] } : {}),
        },
      };
    },
    options.dryRun ?? false,
  );
}

/** Uncordon, removing the label and taint only where they are Caretaker's; idempotent. */
function uncordonNode(kube: DrainKube, clock: Clock, name: string, options: { dryRun?: boolean } = {}): Promise<CordonResult> {
  return updateNode(
    kube,
    clock,
    name,
    (node) => {
      const taints = node.spec?.taints ?? [];
      const ourTaint = taints.some((taint) => taint.key === CARETAKER_TAINT_KEY);
      const ourLabel = node.metadata?.labels?.[EXCLUDE_FROM_LB_LABEL] === EXCLUDE_FROM_LB_VALUE;
      if (node.spec?.unschedulable !== true && !ourTaint && !ourLabel) return undefined;
      return {
        ...(ourLabel ? { metadata: { labels: { [EXCLUDE_FROM_LB_LABEL]: null } } } : {}),
        spec: { unschedulable: null, ...(ourTaint ? { taints: taints.filter((taint) => taint.key !== CARETAKER_TAINT_KEY) } : {}) },
      };
    },
    options.dryRun ?? false,
  );
}

export { CARETAKER_TAINT_KEY, cordonNode, EXCLUDE_FROM_LB_LABEL, EXCLUDE_FROM_LB_VALUE, NodeNotFoundError, taintValue, uncordonNode };
export type { CordonOptions, CordonResult };
