import { isDeleting, isPodReady, controllerOf } from "./pod-state";
import { findResource, type ResourceType } from "./resources";
import { labelSelectorMatcher, type LabelSelectorObject } from "./selectors";
import type { KubeObject, ObjectStore } from "./store";

const PODS = findResource("", "v1", "pods") as ResourceType;
const PDBS = findResource("policy", "v1", "poddisruptionbudgets") as ResourceType;
const REPLICASETS = findResource("apps", "v1", "replicasets") as ResourceType;
const DEPLOYMENTS = findResource("apps", "v1", "deployments") as ResourceType;
const STATEFULSETS = findResource("apps", "v1", "statefulsets") as ResourceType;
/** The disruption controller forgets a disrupted pod that was not deleted within this time (DeletionTimeout). */
const DISRUPTED_POD_TIMEOUT_MS = 2 * 60_000;

type IntOrString = number | string;

interface PdbSpec {
  selector?: LabelSelectorObject;
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
  unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
}

interface PdbStatus {
  observedGeneration: number;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptedPods?: Record<string, string>;
  conditions: Array<{ type: string; status: string; reason: string; message: string; observedGeneration: number; lastTransitionTime: string }>;
}

/** intstr.GetScaledValueFromIntOrPercent with roundUp = true, as the disruption controller calls it. */
function scaled(value: IntOrString, total: number): number {
  if (typeof value === "number") return value;
  const match = /^(\d+)%$/.exec(value);
  if (!match) return Number.parseInt(value, 10) || 0;
  return Math.ceil((Number(match[1]) * total) / 100);
}

function pdbsFor(store: ObjectStore, pod: KubeObject): KubeObject[] {
  return store
    .list(PDBS, pod.metadata.namespace)
    .filter((pdb) => labelSelectorMatcher((pdb.spec as PdbSpec).selector)(pod.metadata.labels));
}

/** The replica count of the workload that owns `pod` (Deployment via ReplicaSet, ReplicaSet, StatefulSet). */
function controllerScale(store: ObjectStore, pod: KubeObject): { key: string; replicas: number } | undefined {
  const owner = controllerOf(pod);
  const namespace = pod.metadata.namespace;
  if (!owner) return undefined;
  if (owner.kind === "ReplicaSet") {
    const rs = store.peek(REPLICASETS, namespace, owner.name);
    if (!rs) return undefined;
    const deployment = controllerOf(rs);
    if (deployment?.kind === "Deployment") {
      const d = store.peek(DEPLOYMENTS, namespace, deployment.name);
      if (d) return { key: `Deployment/${d.metadata.uid}`, replicas: (d.spec as { replicas?: number }).replicas ?? 1 };
    }
    return { key: `ReplicaSet/${rs.metadata.uid}`, replicas: (rs.spec as { replicas?: number }).replicas ?? 1 };
  }
  if (owner.kind === "StatefulSet") {
    const sts = store.peek(STATEFULSETS, namespace, owner.name);
    if (sts) return { key: `StatefulSet/${sts.metadata.uid}`, replicas: (sts.spec as { replicas?: number }).replicas ?? 1 };
  }
  return undefined;
}

/**
 * A PDB's status as the disruption controller computes it: expected pods (controller scale for maxUnavailable and
 * percentages, matching pods for an integer minAvailable), desired healthy, current healthy (Ready, not deleting, not
 * recently disrupted) and disruptions allowed. `undefined` when the controller could not compute it (maxUnavailable
 * over pods without a scalable controller), in which case the stored status is kept.
 */
function computePdbStatus(store: ObjectStore, pdb: KubeObject, nowMs: number): PdbStatus | undefined {
  const spec = pdb.spec as PdbSpec;
  const matches = labelSelectorMatcher(spec.selector);
  const pods = store.list(PODS, pdb.metadata.namespace).filter((pod) => matches(pod.metadata.labels));
  const previous = (pdb.status as PdbStatus | undefined)?.disruptedPods ?? {};
  const disruptedPods: Record<string, string> = {};
  for (const [name, at] of Object.entries(previous)) {
    const pod = pods.find((candidate) => candidate.metadata.name === name);
    if (pod && !isDeleting(pod) && nowMs - Date.parse(at) < DISRUPTED_POD_TIMEOUT_MS) disruptedPods[name] = at;
  }

  let expectedPods: number;
  let desiredHealthy: number;
  if (spec.maxUnavailable !== undefined || typeof spec.minAvailable === "string") {
    const scales = new Map<string, number>();
    for (const pod of pods) {
      const scale = controllerScale(store, pod);
      if (!scale) return undefined; // "found no controllers for pod": the controller leaves the status alone
      scales.set(scale.key, scale.replicas);
    }
    expectedPods = [...scales.values()].reduce((sum, replicas) => sum + replicas, 0);
    desiredHealthy =
      spec.maxUnavailable !== undefined
        ? Math.max(0, expectedPods - scaled(spec.maxUnavailable, expectedPods))
        : scaled(spec.minAvailable as string, expectedPods);
  } else {
    expectedPods = pods.length;
    desiredHealthy = spec.minAvailable ?? 0;
  }
  const currentHealthy = pods.filter((pod) => isPodReady(pod) && !isDeleting(pod) && !(pod.metadata.name in disruptedPods)).length;
  const allowed = currentHealthy - desiredHealthy;
  const disruptionsAllowed = expectedPods <= 0 || allowed <= 0 ? 0 : allowed;
  const oldCondition = (pdb.status as PdbStatus | undefined)?.conditions?.[0];
  const status = disruptionsAllowed > 0 ? "True" : "False";
  const generation = pdb.metadata.generation ?? 1;
  return {
    observedGeneration: generation,
    disruptionsAllowed,
    currentHealthy,
    desiredHealthy,
    expectedPods,
    ...(Object.keys(disruptedPods).length > 0 ? { disruptedPods } : {}),
    conditions: [
      {
        type: "DisruptionAllowed",
        status,
        reason: disruptionsAllowed > 0 ? "SufficientPods" : "InsufficientPods",
        message: "",
        observedGeneration: generation,
        lastTransitionTime: oldCondition?.status === status ? oldCondition.lastTransitionTime : store.now(),
      },
    ],
  };
}

/** Recomputes and stores the status of every PDB in `namespace` (all namespaces when omitted) that changed. */
function refreshPdbStatuses(store: ObjectStore, nowMs: number, namespace?: string): void {
  for (const pdb of store.list(PDBS, namespace)) {
    const status = computePdbStatus(store, pdb, nowMs);
    if (!status) continue;
    const comparable = (value: unknown) => JSON.stringify(value, (key, v) => (key === "lastTransitionTime" ? undefined : v));
    if (comparable(status) === comparable(pdb.status)) continue;
    store.update(PDBS, { ...pdb, status, metadata: { ...pdb.metadata, resourceVersion: "" } }, { subresource: "status" });
  }
}

/** Records that an eviction was approved for `podName` (the eviction handler's UpdateStatus on the PDB). */
function recordDisruption(store: ObjectStore, pdb: KubeObject, podName: string, status: PdbStatus): void {
  const next: PdbStatus = { ...status, disruptionsAllowed: status.disruptionsAllowed - 1, disruptedPods: { ...(status.disruptedPods ?? {}), [podName]: store.now() } };
  store.update(PDBS, { ...pdb, status: next, metadata: { ...pdb.metadata, resourceVersion: "" } }, { subresource: "status" });
}

export { computePdbStatus, pdbsFor, recordDisruption, refreshPdbStatuses };
export type { PdbSpec, PdbStatus };
