import type { KubeObject } from "./store";

/** Small readers over pod objects, named after the apimachinery/podutil helpers they mirror. */
interface PodCondition {
  type: string;
  status: string;
}

function podPhase(pod: KubeObject): string {
  return ((pod.status as { phase?: string } | undefined)?.phase ?? "Pending") as string;
}

function isTerminal(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed";
}

/** podutil.IsPodReady: the Ready condition is True. */
function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === "Ready" && condition.status === "True");
}

function isDeleting(object: KubeObject): boolean {
  return Boolean(object.metadata.deletionTimestamp);
}

function controllerOf(object: KubeObject): { apiVersion: string; kind: string; name: string; uid: string } | undefined {
  return object.metadata.ownerReferences?.find((owner) => owner.controller === true);
}

function nodeNameOf(pod: KubeObject): string | undefined {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName || undefined;
}

function isMirrorPod(pod: KubeObject): boolean {
  return pod.metadata.annotations?.["kubernetes.io/config.mirror"] !== undefined;
}

function isDaemonSetPod(pod: KubeObject): boolean {
  const owner = controllerOf(pod);
  return owner?.kind === "DaemonSet" && owner.apiVersion === "apps/v1";
}

/** The pod's own grace period: `spec.terminationGracePeriodSeconds`, 30 s when unset (API default). */
function podGracePeriodSeconds(pod: KubeObject): number {
  const value = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
  return typeof value === "number" ? value : 30;
}

export { controllerOf, isDaemonSetPod, isDeleting, isMirrorPod, isPodReady, isTerminal, nodeNameOf, podGracePeriodSeconds, podPhase };
export type { PodCondition };
