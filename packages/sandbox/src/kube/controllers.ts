import type { SandboxClock } from "../clock";
import type { SeededRandom } from "../random";
import { controllerOf, isDeleting, isTerminal, nodeNameOf } from "./pod-state";
import { imageIdFor, type ImageResolver } from "./images";
import type { Registry } from "./registry";
import { findResource, RESOURCES, type ResourceType } from "./resources";
import { ApiError } from "./status";
import type { KubeObject } from "./store";

const R = (group: string, resource: string) => findResource(group, "v1", resource) as ResourceType;
const PODS = R("", "pods");
const NODES = R("", "nodes");
const NAMESPACES = R("", "namespaces");
const REPLICASETS = R("apps", "replicasets");
const STATEFULSETS = R("apps", "statefulsets");
const DAEMONSETS = R("apps", "daemonsets");
const JOBS = R("batch", "jobs");
const PVCS = R("", "persistentvolumeclaims");
const VOLUME_ATTACHMENTS = findResource("storage.k8s.io", "v1", "volumeattachments") as ResourceType;
/** The attach/detach controller's (and the CSI driver's) time to detach a volume once no pod on the node uses it. */
const DETACH_DELAY_MS = 10_000;
/** PodGC removes pods bound to a node that no longer exists after this quarantine. */
const ORPHAN_POD_QUARANTINE_MS = 40_000;

interface ControllerTiming {
  /** Controller reaction time: from a pod disappearing (or starting to terminate) to its replacement being created. */
  recreateDelayMs: number;
  /** From a pod being scheduled to its containers running and the Ready condition turning True. */
  readyDelayMs: number;
}

interface Toleration {
  key?: string;
  operator?: "Exists" | "Equal";
  value?: string;
  effect?: string;
}

interface Taint {
  key: string;
  value?: string;
  effect: string;
}


function tolerates(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some(
    (toleration) =>
      (toleration.key === undefined || toleration.key === "" ? toleration.operator === "Exists" : toleration.key === taint.key) &&
      (toleration.operator === "Exists" || (toleration.value ?? "") === (taint.value ?? "")) &&
      (!toleration.effect || toleration.effect === taint.effect),
  );
}

interface NodeSelectorTerm {
  matchExpressions?: Array<{ key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }>;
}

/** Required node affinity: every expression of a term must hold (terms are ORed by the caller). */
function matchesTerm(term: NodeSelectorTerm, labels: Record<string, string>): boolean {
  return (term.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    const value = labels[key];
    if (operator === "In") return value !== undefined && values.includes(value);
    if (operator === "NotIn") return value === undefined || !values.includes(value);
    if (operator === "Exists") return value !== undefined;
    return value === undefined;
  });
}

function isNodeReady(node: KubeObject): boolean {
  const conditions = (node.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions ?? [];
  return conditions.some((condition) => condition.type === "Ready" && condition.status === "True");
}

/**
 * The control loops a drain interacts with, simplified but faithful in what a drainer can observe: the scheduler,
 * the kubelet (start, readiness, image IDs), ReplicaSet / StatefulSet / DaemonSet / Job controllers replacing pods,
 * the namespace controller, the garbage collector (owner references) and PodGC (pods of deleted nodes).
 */
class Controllers {
  readonly #registry: Registry;
  readonly #clock: SandboxClock;
  readonly #random: SeededRandom;
  readonly #timing: ControllerTiming;
  readonly #resolveImage: ImageResolver;
  readonly #pending = new Set<string>();
  #stopped = false;

  constructor(registry: Registry, clock: SandboxClock, random: SeededRandom, timing: ControllerTiming, resolveImage: ImageResolver = () => undefined) {
    this.#registry = registry;
    this.#clock = clock;
    this.#random = random;
    this.#timing = timing;
    this.#resolveImage = resolveImage;
  }

  start(): void {
    this.#registry.store.onChange(({ type, resource, object, previous }) => {
      if (this.#stopped) return;
      if (resource === PODS) this.#onPod(type, object, previous);
      else if (resource === NODES) this.#onNode(type, object);
      else if (resource === NAMESPACES && isDeleting(object)) this.#later(`ns/${object.metadata.name}`, 0, () => this.#reconcileNamespace(object.metadata.name));
      else if ([REPLICASETS, STATEFULSETS, DAEMONSETS, JOBS].includes(resource) && type !== "DELETED") this.#later(this.#ownerKey(resource.kind, object), 0, () => this.#reconcileOwner(resource, object));
      if (type === "DELETED") this.#later(`gc/${object.metadata.uid}`, 0, () => this.#collectDependents(object));
    });
  }

  stop(): void {
    this.#stopped = true;
  }

  /** Runs `work` once after `delayMs`, however many times it is requested meanwhile (per key). */
  #later(key: string, delayMs: number, work: () => void): void {
    if (this.#pending.has(key)) return;
    this.#pending.add(key);
    this.#clock.setTimeout(() => {
      this.#pending.delete(key);
      if (this.#stopped) return;
      try {
        work();
      } catch (error) {
        // Controllers retry on their next trigger, as real ones requeue; conflicts and races are expected here.
        if (!(error instanceof ApiError)) throw error;
      }
    }, delayMs);
  }

  #ownerKey(kind: string, object: KubeObject): string {
    return `${kind}/${object.metadata.namespace}/${object.metadata.name}`;
  }

  #onPod(type: string, pod: KubeObject, previous?: KubeObject): void {
    const owner = controllerOf(pod);
    const becameDeleting = isDeleting(pod) && !(previous && isDeleting(previous));
    if (owner && (type === "DELETED" || becameDeleting)) {
      const resource = RESOURCES.find((candidate) => candidate.kind === owner.kind && candidate.group === owner.apiVersion.split("/")[0] && owner.apiVersion.includes("/"));
      if (resource) {
        this.#later(`${owner.kind}/${pod.metadata.namespace}/${owner.name}`, this.#timing.recreateDelayMs, () => {
          const current = this.#registry.store.peek(resource, pod.metadata.namespace, owner.name);
          if (current) this.#reconcileOwner(resource, current);
        });
      }
    }
    if (type === "DELETED") this.#later(`detach/${pod.metadata.uid}`, DETACH_DELAY_MS, () => this.#detachVolumesOf(pod));
    if (type === "DELETED" || isDeleting(pod)) return;
    if (!nodeNameOf(pod)) this.#later(`schedule/${pod.metadata.uid}`, 0, () => this.#schedule(pod.metadata.namespace as string, pod.metadata.name, pod.metadata.uid));
    else if ((pod.status as { phase?: string } | undefined)?.phase === "Pending") {
      this.#later(`kubelet/${pod.metadata.uid}`, this.#timing.readyDelayMs, () => this.#startPod(pod.metadata.namespace as string, pod.metadata.name, pod.metadata.uid));
    }
  }

  #onNode(type: string, node: KubeObject): void {
    if (type === "DELETED") {
      this.#later(`podgc/${node.metadata.name}`, ORPHAN_POD_QUARANTINE_MS, () => {
        if (this.#registry.store.peek(NODES, undefined, node.metadata.name)) return;
        for (const pod of this.#registry.store.list(PODS)) {
          if (nodeNameOf(pod) === node.metadata.name) this.#registry.deletePod(pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 }, "system");
        }
      });
      return;
    }
    // A node that became schedulable (or appeared) may take pending pods and DaemonSet pods.
    for (const pod of this.#registry.store.list(PODS)) {
      if (!nodeNameOf(pod) && !isDeleting(pod)) this.#later(`schedule/${pod.metadata.uid}`, 0, () => this.#schedule(pod.metadata.namespace as string, pod.metadata.name, pod.metadata.uid));
    }
    for (const ds of this.#registry.store.list(DAEMONSETS)) this.#later(this.#ownerKey("DaemonSet", ds), 0, () => this.#reconcileOwner(DAEMONSETS, ds));
  }

  /** Nodes a pod may run on: schedulable, Ready, taints tolerated, nodeSelector matched. */
  #eligibleNodes(pod: KubeObject, { ignoreUnschedulable = false } = {}): KubeObject[] {
    const spec = pod.spec as { tolerations?: Toleration[]; nodeSelector?: Record<string, string>; affinity?: { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms?: NodeSelectorTerm[] } } } };
    const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
    return this.#registry.store.list(NODES).filter((node) => {
      const nodeSpec = node.spec as { unschedulable?: boolean; taints?: Taint[] } | undefined;
      if (isDeleting(node) || !isNodeReady(node)) return false;
      // A cordoned node takes only pods that tolerate node.kubernetes.io/unschedulable (the NodeUnschedulable plugin).
      if (nodeSpec?.unschedulable && !ignoreUnschedulable && !tolerates(spec.tolerations ?? [], { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" })) return false;
      const taints = (nodeSpec?.taints ?? []).filter((taint) => taint.effect === "NoSchedule" || taint.effect === "NoExecute");
      if (!taints.every((taint) => tolerates(spec.tolerations ?? [], taint) || (ignoreUnschedulable && taint.key === "node.kubernetes.io/unschedulable"))) return false;
      if (terms.length > 0 && !terms.some((term) => matchesTerm(term, node.metadata.labels ?? {}))) return false;
      return Object.entries(spec.nodeSelector ?? {}).every(([key, value]) => node.metadata.labels?.[key] === value);
    });
  }

  #schedule(namespace: string, name: string, uid: string): void {
    const pod = this.#registry.store.peek(PODS, namespace, name);
    if (!pod || pod.metadata.uid !== uid || nodeNameOf(pod) || isDeleting(pod)) return;
    const candidates = this.#eligibleNodes(pod);
    if (candidates.length === 0) return; // stays Pending until a node event retries
    const load = new Map<string, number>();
    for (const other of this.#registry.store.list(PODS)) {
      const node = nodeNameOf(other);
      if (node) load.set(node, (load.get(node) ?? 0) + 1);
    }
    const target = candidates.sort((a, b) => (load.get(a.metadata.name) ?? 0) - (load.get(b.metadata.name) ?? 0) || a.metadata.name.localeCompare(b.metadata.name))[0] as KubeObject;
    const bound = structuredClone(pod);
    (bound.spec as { nodeName?: string }).nodeName = target.metadata.name;
    bound.metadata.resourceVersion = "";
    this.#registry.store.update(PODS, bound);
  }

  /** The kubelet starts the containers: Running, Ready, and an imageID per container. */
  #startPod(namespace: string, name: string, uid: string): void {
    const pod = this.#registry.store.peek(PODS, namespace, name);
    if (!pod || pod.metadata.uid !== uid || isDeleting(pod) || !nodeNameOf(pod)) return;
    const now = this.#registry.store.now();
    const containers = ((pod.spec as { containers?: Array<{ name: string; image: string }> }).containers ?? []).map((container) => ({
      name: container.name,
      image: container.image,
      imageID: imageIdFor(container.image, this.#resolveImage),
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: now } },
    }));
    const status = {
      ...(pod.status as object),
      phase: "Running",
      startTime: now,
      podIP: `10.0.${this.#random.int(0, 255)}.${this.#random.int(1, 254)}`,
      conditions: [
        { type: "PodScheduled", status: "True", lastTransitionTime: now },
        { type: "Initialized", status: "True", lastTransitionTime: now },
        { type: "ContainersReady", status: "True", lastTransitionTime: now },
        { type: "Ready", status: "True", lastTransitionTime: now },
      ],
      containerStatuses: containers,
    };
    this.#registry.store.update(PODS, { ...structuredClone(pod), status, metadata: { ...pod.metadata, resourceVersion: "" } }, { subresource: "status" });
  }

  #reconcileOwner(resource: ResourceType, owner: KubeObject): void {
    const current = this.#registry.store.peek(resource, owner.metadata.namespace, owner.metadata.name);
    if (!current || isDeleting(current)) return;
    const namespace = current.metadata.namespace as string;
    const owned = this.#registry.store.list(PODS, namespace).filter((pod) => controllerOf(pod)?.uid === current.metadata.uid);
    const spec = current.spec as { replicas?: number; parallelism?: number; completions?: number; template?: { metadata?: KubeObject["metadata"]; spec?: Record<string, unknown> } };
    const ref = { apiVersion: current.apiVersion, kind: current.kind, name: current.metadata.name, uid: current.metadata.uid, controller: true, blockOwnerDeletion: true };
    const make = (name: string | undefined, nodeName?: string) => {
      const template = structuredClone(spec.template ?? {});
      const pod = {
        apiVersion: "v1",
        kind: "Pod",
        metadata: {
          ...(name ? { name } : { generateName: `${current.metadata.name}-` }),
          namespace,
          labels: template.metadata?.labels ?? {},
          ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
          ownerReferences: [ref],
        },
        spec: { ...(template.spec ?? {}), ...(nodeName ? { nodeName } : {}) },
      } as unknown as KubeObject;
      this.#registry.create(PODS, namespace, pod);
    };

    if (resource === STATEFULSETS) {
      for (let ordinal = 0; ordinal < (spec.replicas ?? 1); ordinal++) {
        const name = `${current.metadata.name}-${ordinal}`;
        // Stable identity: the replacement waits until the old pod object is gone, then reuses the name.
        if (!this.#registry.store.peek(PODS, namespace, name)) make(name);
      }
      return;
    }
    if (resource === DAEMONSETS) {
      const template = { spec: spec.template?.spec ?? {} } as unknown as KubeObject;
      for (const node of this.#eligibleNodes(template, { ignoreUnschedulable: true })) {
        if (!owned.some((pod) => nodeNameOf(pod) === node.metadata.name && !isDeleting(pod))) make(undefined, node.metadata.name);
      }
      return;
    }
    const active = owned.filter((pod) => !isDeleting(pod) && !isTerminal(pod));
    if (resource === JOBS) {
      const succeeded = owned.filter((pod) => (pod.status as { phase?: string }).phase === "Succeeded").length;
      const wanted = Math.min(spec.parallelism ?? 1, (spec.completions ?? 1) - succeeded);
      for (let i = active.length; i < wanted; i++) make(undefined);
      return;
    }
    for (let i = active.length; i < (spec.replicas ?? 1); i++) make(undefined);
  }

  /** The attach/detach controller: a PV's VolumeAttachment on a node goes once no pod there uses its claim. */
  #detachVolumesOf(pod: KubeObject): void {
    const node = nodeNameOf(pod);
    const namespace = pod.metadata.namespace as string;
    const claims = ((pod.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName: string } }> }).volumes ?? []).flatMap((volume) => (volume.persistentVolumeClaim ? [volume.persistentVolumeClaim.claimName] : []));
    for (const claim of claims) {
      const volumeName = (this.#registry.store.peek(PVCS, namespace, claim)?.spec as { volumeName?: string } | undefined)?.volumeName;
      if (!volumeName) continue;
      const stillUsed = this.#registry.store.list(PODS, namespace).some((other) => nodeNameOf(other) === node && ((other.spec as { volumes?: Array<{ persistentVolumeClaim?: { claimName: string } }> }).volumes ?? []).some((volume) => volume.persistentVolumeClaim?.claimName === claim));
      if (stillUsed) continue;
      for (const attachment of this.#registry.store.list(VOLUME_ATTACHMENTS)) {
        const spec = attachment.spec as { nodeName?: string; source?: { persistentVolumeName?: string } };
        if (spec.nodeName === node && spec.source?.persistentVolumeName === volumeName) this.#registry.store.remove(VOLUME_ATTACHMENTS, undefined, attachment.metadata.name);
      }
    }
  }

  /** Namespace deletion: delete everything in it, then the namespace itself once it is empty. */
  #reconcileNamespace(name: string): void {
    const namespace = this.#registry.store.peek(NAMESPACES, undefined, name);
    if (!namespace || !isDeleting(namespace)) return;
    let remaining = 0;
    for (const resource of RESOURCES.filter((type) => type.namespaced && !type.virtual)) {
      for (const object of this.#registry.store.list(resource, name)) {
        remaining++;
        if (!isDeleting(object)) this.#registry.delete(resource, name, object.metadata.name, {}, "system");
      }
    }
    if (remaining === 0) this.#registry.store.remove(NAMESPACES, undefined, name);
    else this.#later(`ns/${name}`, 1000, () => this.#reconcileNamespace(name));
  }

  /** Background cascading deletion: dependents whose only owner is gone are deleted. */
  #collectDependents(owner: KubeObject): void {
    for (const resource of RESOURCES.filter((type) => !type.virtual)) {
      for (const object of this.#registry.store.list(resource)) {
        const owners = object.metadata.ownerReferences ?? [];
        if (owners.length > 0 && owners.every((ref) => ref.uid === owner.metadata.uid) && !isDeleting(object)) {
          this.#registry.delete(resource, object.metadata.namespace, object.metadata.name, {}, "system");
        }
      }
    }
  }
}

export { Controllers };
export type { ControllerTiming };
