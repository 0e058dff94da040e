import type { V1Pod } from "@kubernetes/client-node";
import type { DrainKube } from "./kube";
import type { DrainOptions } from "./options";
import { controllerRef, isTerminal, podId } from "./pods";

/** kubectl's messages (k8s.io/kubectl/pkg/drain/filters.go), kept verbatim so operators recognise them. */
const MESSAGES = {
  daemonSetFatal: "DaemonSet-managed Pods (use --ignore-daemonsets to ignore)",
  daemonSetWarning: "ignoring DaemonSet-managed Pods",
  localStorageFatal: "Pods with local storage (use --delete-emptydir-data to override)",
  localStorageWarning: "deleting Pods with local storage",
  unmanagedFatal: "Pods that declare no controller (use --force to override)",
  unmanagedWarning: "deleting Pods that declare no controller",
} as const;

type PodStatus = "okay" | "skip" | "warning" | "error";

interface PodDecision {
  pod: V1Pod;
  /** Whether the pod is to be evicted (or deleted). */
  delete: boolean;
  status: PodStatus;
  message?: string;
  /** Which filter decided ("daemonset", "mirror", "local-storage", "unreplicated", "deleted", "selected"). */
  reason: string;
}

interface FilterResult {
  decisions: PodDecision[];
  /** kubectl's Warnings(): "<message>: ns/a, ns/b", one per message, in first-seen order. */
  warnings: string[];
  /** kubectl's errors(): "cannot delete <message>: ns/a, ns/b"; any error aborts the drain before evicting. */
  errors: string[];
}

const decision = (pod: V1Pod, reason: string, remove: boolean, status: PodStatus, message?: string): PodDecision => ({ pod, reason, delete: remove, status, ...(message ? { message } : {}) });

/** skipDeletedFilter: a pod terminating for longer than the threshold is neither evicted nor waited for. */
function skipDeleted(pod: V1Pod, options: DrainOptions, now: number): PodDecision | undefined {
  const deletion = pod.metadata?.deletionTimestamp;
  if (options.skipWaitForDeleteTimeoutSeconds <= 0 || !deletion) return undefined;
  const ageSeconds = (now - new Date(deletion).getTime()) / 1000;
  return ageSeconds > options.skipWaitForDeleteTimeoutSeconds ? decision(pod, "deleted", false, "skip") : undefined;
}

async function daemonSetFilter(pod: V1Pod, options: DrainOptions, kube: DrainKube): Promise<PodDecision | undefined> {
  const owner = controllerRef(pod);
  if (owner?.kind !== "DaemonSet" || owner.apiVersion !== "apps/v1") return undefined;
  if (isTerminal(pod)) return decision(pod, "daemonset", true, "okay");
  const namespace = pod.metadata?.namespace ?? "";
  if (!(await kube.daemonSetExists(namespace, owner.name))) {
    if (options.force) return decision(pod, "daemonset", true, "warning", `daemonsets.apps "${owner.name}" not found`);
    throw new Error(`daemonsets.apps "${owner.name}" not found (pod ${podId(pod)} is orphaned; use --force to delete it)`);
  }
  if (!options.ignoreDaemonSets) return decision(pod, "daemonset", false, "error", MESSAGES.daemonSetFatal);
  return decision(pod, "daemonset", false, "warning", MESSAGES.daemonSetWarning);
}

function mirrorPodFilter(pod: V1Pod): PodDecision | undefined {
  return pod.metadata?.annotations?.["kubernetes.io/config.mirror"] !== undefined ? decision(pod, "mirror", false, "skip") : undefined;
}

function localStorageFilter(pod: V1Pod, options: DrainOptions): PodDecision | undefined {
  if (!(pod.spec?.volumes ?? []).some((volume) => volume.emptyDir)) return undefined;
  if (isTerminal(pod)) return decision(pod, "local-storage", true, "okay");
  if (!options.deleteEmptyDirData) return decision(pod, "local-storage", false, "error", MESSAGES.localStorageFatal);
  return undefined; // allowed: the chain goes on, and the last filter's status is what counts
}

function unreplicatedFilter(pod: V1Pod, options: DrainOptions): PodDecision {
  if (isTerminal(pod) || controllerRef(pod)) return decision(pod, "selected", true, "okay");
  if (options.force) return decision(pod, "unreplicated", true, "warning", MESSAGES.unmanagedWarning);
  return decision(pod, "unreplicated", false, "error", MESSAGES.unmanagedFatal);
}

function groupByMessage(decisions: PodDecision[], status: PodStatus): Map<string, string[]> {
  const grouped = new Map<string, string[]>();
  for (const item of decisions) {
    if (item.status !== status || !item.message) continue;
    grouped.set(item.message, [...(grouped.get(item.message) ?? []), podId(item.pod)]);
  }
  return grouped;
}

/**
 * kubectl's filter chain, in kubectl's order: skip-deleted → DaemonSet → mirror → local storage → unreplicated.
 * The first filter that says "do not delete" ends the chain for that pod, and — as in kubectl's filterPods — the
 * status of the last filter run is the pod's (so an allowed emptyDir pod with a controller carries no warning).
 */
async function filterPods(pods: V1Pod[], options: DrainOptions, kube: DrainKube, now: number): Promise<FilterResult> {
  const decisions: PodDecision[] = [];
  for (const pod of pods) {
    const early = skipDeleted(pod, options, now) ?? (await daemonSetFilter(pod, options, kube)) ?? mirrorPodFilter(pod);
    if (early) {
      decisions.push(early);
      continue;
    }
    const local = localStorageFilter(pod, options);
    if (local) {
      decisions.push(local);
      continue;
    }
    decisions.push(unreplicatedFilter(pod, options));
  }
  const warnings = [...groupByMessage(decisions, "warning")].map(([message, ids]) => `${message}: ${ids.join(", ")}`);
  const errors = [...groupByMessage(decisions, "error")].map(([message, ids]) => `cannot delete ${message}: ${ids.join(", ")}`);
  return { decisions, warnings, errors };
}

export { filterPods, MESSAGES };
export type { FilterResult, PodDecision };
