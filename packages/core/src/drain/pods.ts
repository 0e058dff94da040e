import type { V1Pod } from "@kubernetes/client-node";

/** `namespace/name`, as kubectl lists pods in its messages. */
function podId(pod: V1Pod): string {
  return `${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

function isTerminal(pod: V1Pod): boolean {
  return pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";
}

function controllerRef(pod: V1Pod) {
  return pod.metadata?.ownerReferences?.find((owner) => owner.controller === true);
}

const CRITICAL_PRIORITY_CLASSES = new Set(["system-cluster-critical", "system-node-critical"]);

/** Karpenter's "critical" tier: pods of the system-*-critical priority classes go last. */
function isCritical(pod: V1Pod): boolean {
  return CRITICAL_PRIORITY_CLASSES.has(pod.spec?.priorityClassName ?? "");
}

/** Opt-outs honoured by waiting, never by evicting: Karpenter's annotation and Caretaker's own. */
const DO_NOT_DISRUPT_ANNOTATIONS = ["karpenter.sh/do-not-disrupt", "caretaker.dev/do-not-drain"];

function isDoNotDisrupt(pod: V1Pod): boolean {
  return DO_NOT_DISRUPT_ANNOTATIONS.some((annotation) => pod.metadata?.annotations?.[annotation] === "true");
}

/** The pod's own grace period (API default 30 s). */
function podGraceSeconds(pod: V1Pod): number {
  return pod.spec?.terminationGracePeriodSeconds ?? 30;
}

export { controllerRef, DO_NOT_DISRUPT_ANNOTATIONS, isCritical, isDoNotDisrupt, isTerminal, podGraceSeconds, podId };
