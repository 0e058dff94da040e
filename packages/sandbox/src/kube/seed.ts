import type { SeededRandom } from "../random";
import type { ImageResolver } from "./images";
import { bootstrapRbacObjects } from "./rbac";
import type { Registry } from "./registry";
import { findKind, findResource, type ResourceType } from "./resources";
import { type ClusterSpec, type NakedPodSpec, nodeObject, podSpecOf, runningStatus, SYSTEM_NAMESPACES, type WorkloadSpec } from "./spec";
import type { KubeObject, OwnerReference } from "./store";

const R = (group: string, resource: string) => findResource(group, "v1", resource) as ResourceType;
const DEFAULT_IMAGE = "public.ecr.aws/docker/library/nginx:1.27";

interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: ReturnType<typeof podSpecOf>;
}

/**
 * Fills a fresh cluster from its declarative spec: system namespaces and default RBAC, nodes, workloads with their
 * controllers' objects (ReplicaSets and rollback history, ControllerRevisions) and Running/Ready pods already placed
 * on nodes, PDBs, and any verbatim objects. Everything goes through the store, so UIDs and versions are real.
 */
class ClusterSeeder {
  readonly #registry: Registry;
  readonly #random: SeededRandom;
  readonly #resolve: ImageResolver;
  readonly #spec: ClusterSpec;
  #cursor = 0;

  constructor(registry: Registry, random: SeededRandom, spec: ClusterSpec, resolve: ImageResolver) {
    this.#registry = registry;
    this.#random = random;
    this.#spec = spec;
    this.#resolve = resolve;
  }

  seed(): void {
    const spec = this.#spec;
    const used = [...(spec.deployments ?? []), ...(spec.statefulSets ?? []), ...(spec.daemonSets ?? []), ...(spec.jobs ?? []), ...(spec.cronJobs ?? []), ...(spec.pods ?? []), ...(spec.pdbs ?? [])]
      .map((item) => item.namespace ?? "default");
    for (const name of new Set([...SYSTEM_NAMESPACES, ...(spec.namespaces ?? []), ...used])) {
      this.#registry.create(R("", "namespaces"), undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name } } as unknown as KubeObject);
    }
    for (const object of bootstrapRbacObjects()) this.#createObject(object);
    (spec.nodes ?? []).forEach((node, index) => this.#registry.store.create(R("", "nodes"), nodeObject(node, spec, index)));
    for (const deployment of spec.deployments ?? []) this.#deployment(deployment);
    for (const statefulSet of spec.statefulSets ?? []) this.#statefulSet(statefulSet);
    for (const daemonSet of spec.daemonSets ?? []) this.#daemonSet(daemonSet);
    for (const job of spec.jobs ?? []) this.#job(job);
    for (const cronJob of spec.cronJobs ?? []) {
      const namespace = cronJob.namespace ?? "default";
      this.#registry.store.create(R("batch", "cronjobs"), {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: cronJob.name, namespace },
        spec: { schedule: cronJob.schedule ?? "0 3 * * *", jobTemplate: { spec: { template: { metadata: { labels: { app: cronJob.name } }, spec: { ...podSpecOf(cronJob, DEFAULT_IMAGE), restartPolicy: "OnFailure" } } } } },
      } as unknown as KubeObject);
    }
    for (const pod of spec.pods ?? []) this.#nakedPod(pod);
    for (const pdb of spec.pdbs ?? []) {
      this.#registry.store.create(R("policy", "poddisruptionbudgets"), {
        apiVersion: "policy/v1",
        kind: "PodDisruptionBudget",
        metadata: { name: pdb.name, namespace: pdb.namespace ?? "default" },
        spec: {
          selector: { matchLabels: pdb.matchLabels },
          ...(pdb.minAvailable !== undefined ? { minAvailable: pdb.minAvailable } : {}),
          ...(pdb.maxUnavailable !== undefined ? { maxUnavailable: pdb.maxUnavailable } : {}),
          ...(pdb.unhealthyPodEvictionPolicy ? { unhealthyPodEvictionPolicy: pdb.unhealthyPodEvictionPolicy } : {}),
        },
      } as unknown as KubeObject);
    }
    for (const object of spec.objects ?? []) this.#createObject(object);
  }

  #createObject(object: KubeObject): void {
    const type = findKind(object.apiVersion, object.kind);
    if (!type) throw new Error(`the sandbox does not model ${object.apiVersion} ${object.kind} (object ${object.metadata?.name})`);
    this.#registry.store.create(type, object, object.metadata.namespace);
  }

  /** Nodes a workload's pods go to: the listed ones, else every schedulable node; round-robin across calls. */
  #placement(nodes: string[] | undefined): () => string | undefined {
    const candidates = nodes ?? (this.#spec.nodes ?? []).filter((node) => !node.unschedulable).map((node) => node.name);
    return () => (candidates.length === 0 ? undefined : candidates[this.#cursor++ % candidates.length]);
  }

  #ownerRef(owner: KubeObject): OwnerReference {
    return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
  }

  #template(workload: WorkloadSpec, image?: string): PodTemplate {
    const labels = { app: workload.name, ...workload.labels };
    return { metadata: { labels, ...(workload.annotations ? { annotations: workload.annotations } : {}) }, spec: podSpecOf({ ...workload, ...(image ? { image } : {}) }, DEFAULT_IMAGE) };
  }

  #pod(name: string, namespace: string, owner: KubeObject | undefined, template: PodTemplate, node: string | undefined, phase = "Running", ready = true): KubeObject {
    const podSpec = { ...template.spec, ...(node ? { nodeName: node } : {}) };
    return this.#registry.store.create(R("", "pods"), {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, namespace, labels: template.metadata.labels, ...(template.metadata.annotations ? { annotations: template.metadata.annotations } : {}), ...(owner ? { ownerReferences: [this.#ownerRef(owner)] } : {}) },
      spec: podSpec,
      status: node ? runningStatus(podSpec, ready, this.#resolve, phase) : { phase: "Pending" },
    } as unknown as KubeObject);
  }

  #deployment(workload: WorkloadSpec): void {
    const namespace = workload.namespace ?? "default";
    const replicas = workload.replicas ?? 1;
    const template = this.#template(workload);
    const deployment = this.#registry.store.create(R("apps", "deployments"), {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: workload.name, namespace, labels: { app: workload.name }, annotations: { "deployment.kubernetes.io/revision": String((workload.history?.length ?? 0) + 1) } },
      spec: { replicas, selector: { matchLabels: template.metadata.labels }, template, revisionHistoryLimit: 10 },
      status: { replicas, readyReplicas: replicas, availableReplicas: replicas, updatedReplicas: replicas, observedGeneration: 1 },
    } as unknown as KubeObject);
    const replicaSet = (image: string | undefined, count: number, revision: number) =>
      this.#registry.store.create(R("apps", "replicasets"), {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: `${workload.name}-${this.#random.suffix(10)}`, namespace, labels: template.metadata.labels, annotations: { "deployment.kubernetes.io/revision": String(revision) }, ownerReferences: [this.#ownerRef(deployment)] },
        spec: { replicas: count, selector: { matchLabels: template.metadata.labels }, template: this.#template(workload, image) },
        status: { replicas: count, readyReplicas: count, availableReplicas: count, observedGeneration: 1 },
      } as unknown as KubeObject);
    (workload.history ?? []).forEach((image, index) => replicaSet(image, 0, index + 1));
    const current = replicaSet(undefined, replicas, (workload.history?.length ?? 0) + 1);
    const next = this.#placement(workload.nodes);
    for (let i = 0; i < replicas; i++) this.#pod(this.#registry.store.freeName(R("", "pods"), namespace, `${current.metadata.name}-`), namespace, current, template, next());
  }

  #statefulSet(workload: WorkloadSpec): void {
    const namespace = workload.namespace ?? "default";
    const replicas = workload.replicas ?? 1;
    const template = this.#template(workload);
    const statefulSet = this.#registry.store.create(R("apps", "statefulsets"), {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: { name: workload.name, namespace, labels: { app: workload.name } },
      spec: { replicas, serviceName: workload.name, selector: { matchLabels: template.metadata.labels }, template },
      status: { replicas, readyReplicas: replicas, currentReplicas: replicas, observedGeneration: 1 },
    } as unknown as KubeObject);
    [...(workload.history ?? []), undefined].forEach((image, index) => {
      this.#registry.store.create(R("apps", "controllerrevisions"), {
        apiVersion: "apps/v1",
        kind: "ControllerRevision",
        metadata: { name: `${workload.name}-${this.#random.suffix(10)}`, namespace, labels: template.metadata.labels, ownerReferences: [this.#ownerRef(statefulSet)] },
        data: { spec: { template: this.#template(workload, image) } },
        revision: index + 1,
      } as unknown as KubeObject);
    });
    const next = this.#placement(workload.nodes);
    for (let i = 0; i < replicas; i++) this.#pod(`${workload.name}-${i}`, namespace, statefulSet, template, next());
  }

  #daemonSet(workload: WorkloadSpec): void {
    const namespace = workload.namespace ?? "kube-system";
    const template = this.#template(workload);
    if (workload.nodes) {
      // A DaemonSet limited to some nodes says so with required node affinity, as real ones do.
      (template.spec as Record<string, unknown>).affinity = {
        nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: "kubernetes.io/hostname", operator: "In", values: workload.nodes }] }] } },
      };
    }
    const daemonSet = this.#registry.store.create(R("apps", "daemonsets"), {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: workload.name, namespace, labels: { app: workload.name } },
      spec: { selector: { matchLabels: template.metadata.labels }, template },
    } as unknown as KubeObject);
    const nodes = workload.nodes ?? (this.#spec.nodes ?? []).map((node) => node.name);
    for (const node of nodes) this.#pod(this.#registry.store.freeName(R("", "pods"), namespace, `${workload.name}-`), namespace, daemonSet, template, node);
  }

  #job(job: WorkloadSpec & { completed?: boolean }): void {
    const namespace = job.namespace ?? "default";
    const template = this.#template(job);
    const created = this.#registry.store.create(R("batch", "jobs"), {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: job.name, namespace },
      spec: { parallelism: 1, completions: 1, template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } } },
      status: job.completed ? { succeeded: 1 } : { active: 1 },
    } as unknown as KubeObject);
    this.#pod(this.#registry.store.freeName(R("", "pods"), namespace, `${job.name}-`), namespace, created, template, this.#placement(job.nodes)(), job.completed ? "Succeeded" : "Running", !job.completed);
  }

  #nakedPod(pod: NakedPodSpec): void {
    const namespace = pod.namespace ?? "default";
    const template = this.#template({ ...pod, annotations: { ...pod.annotations, ...(pod.mirror ? { "kubernetes.io/config.mirror": "mirror-hash" } : {}) } });
    const node = pod.node ?? (pod.phase === "Pending" ? undefined : this.#placement(undefined)());
    const podSpec = { ...template.spec, ...(node ? { nodeName: node } : {}) };
    this.#registry.store.create(R("", "pods"), {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: pod.name, namespace, labels: template.metadata.labels, ...(template.metadata.annotations ? { annotations: template.metadata.annotations } : {}), ...(pod.ownerReferences ? { ownerReferences: pod.ownerReferences } : {}) },
      spec: podSpec,
      status: node && pod.phase !== "Pending" ? runningStatus(podSpec, pod.ready ?? (pod.phase ?? "Running") === "Running", this.#resolve, pod.phase ?? "Running") : { phase: "Pending" },
    } as unknown as KubeObject);
  }
}

export { ClusterSeeder, DEFAULT_IMAGE };
