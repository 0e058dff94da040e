import type { StaticToken } from "./authn";
import { imageIdFor, type ImageResolver } from "./images";
import type { KubeObject } from "./store";

/** One node of the simulated cluster; the instance id makes `spec.providerID` `aws:///<zone>/<id>`. */
interface NodeSpec {
  name: string;
  instanceId?: string;
  zone?: string;
  labels?: Record<string, string>;
  unschedulable?: boolean;
  taints?: Array<{ key: string; value?: string; effect: string }>;
  ready?: boolean;
  /** Defaults to the cluster's version. */
  kubeletVersion?: string;
}

interface PodTemplateOptions {
  image?: string;
  /** Extra containers' images (sidecars). */
  sidecars?: string[];
  initImages?: string[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  emptyDir?: boolean;
  priorityClassName?: string;
  terminationGracePeriodSeconds?: number;
  tolerations?: Array<Record<string, string>>;
  nodeSelector?: Record<string, string>;
}

/** A replicated workload whose pods exist (Running, Ready) from the start, spread over `nodes` round-robin. */
interface WorkloadSpec extends PodTemplateOptions {
  name: string;
  namespace?: string;
  replicas?: number;
  nodes?: string[];
  /** With createSandboxAccount: place the pods on this node group's nodes (names are generated there). */
  nodeGroup?: string;
  /** Older images, each kept as a scaled-down ReplicaSet / ControllerRevision (rollback history). */
  history?: string[];
}

interface JobSpec extends PodTemplateOptions {
  name: string;
  namespace?: string;
  nodes?: string[];
  nodeGroup?: string;
  completed?: boolean;
}

interface CronJobSpec extends PodTemplateOptions {
  name: string;
  namespace?: string;
  schedule?: string;
}

interface NakedPodSpec extends PodTemplateOptions {
  name: string;
  namespace?: string;
  node?: string;
  nodeGroup?: string;
  phase?: "Pending" | "Running" | "Succeeded" | "Failed";
  ready?: boolean;
  /** Owner written verbatim (e.g. a ReplicationController or a DaemonSet that no longer exists). */
  ownerReferences?: KubeObject["metadata"]["ownerReferences"];
  mirror?: boolean;
}

interface PdbDeclaration {
  name: string;
  namespace?: string;
  matchLabels: Record<string, string>;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
  unhealthyPodEvictionPolicy?: "IfHealthyBudget" | "AlwaysAllow";
}

interface ClusterSpec {
  name: string;
  /** Kubernetes minor version, e.g. "1.31"; the server reports `v1.31.4-eks-…`. */
  version?: string;
  gitVersion?: string;
  nodes?: NodeSpec[];
  namespaces?: string[];
  deployments?: WorkloadSpec[];
  statefulSets?: WorkloadSpec[];
  daemonSets?: WorkloadSpec[];
  jobs?: JobSpec[];
  cronJobs?: CronJobSpec[];
  pods?: NakedPodSpec[];
  pdbs?: PdbDeclaration[];
  /** Any other objects, created as given (RBAC roles and bindings, ConfigMaps, …). */
  objects?: KubeObject[];
  staticTokens?: Record<string, StaticToken>;
}

const SYSTEM_NAMESPACES = ["default", "kube-system", "kube-public", "kube-node-lease"];

function gitVersionOf(spec: ClusterSpec): string {
  return spec.gitVersion ?? `v${spec.version ?? "1.31"}.4-eks-2d5f260`;
}

function nodeObject(spec: NodeSpec, cluster: ClusterSpec, index: number): KubeObject {
  const zone = spec.zone ?? ["eu-west-1a", "eu-west-1b", "eu-west-1c"][index % 3];
  const instanceId = spec.instanceId ?? `i-${(0x0a00000000000000n + BigInt(index)).toString(16).padStart(17, "0")}`;
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: spec.name,
      labels: {
        "kubernetes.io/hostname": spec.name,
        "kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "topology.kubernetes.io/zone": zone as string,
        "node.kubernetes.io/instance-type": "m6i.large",
        ...spec.labels,
      },
    },
    spec: {
      providerID: `aws:///${zone}/${instanceId}`,
      ...(spec.unschedulable ? { unschedulable: true } : {}),
      ...(spec.taints ? { taints: spec.taints } : {}),
    },
    status: {
      conditions: [{ type: "Ready", status: spec.ready === false ? "False" : "True", reason: spec.ready === false ? "KubeletNotReady" : "KubeletReady" }],
      addresses: [
        { type: "InternalIP", address: `10.0.${Math.floor(index / 250)}.${(index % 250) + 4}` },
        { type: "Hostname", address: spec.name },
        { type: "InternalDNS", address: spec.name },
      ],
      nodeInfo: { kubeletVersion: spec.kubeletVersion ?? gitVersionOf(cluster), kubeProxyVersion: spec.kubeletVersion ?? gitVersionOf(cluster), osImage: "Amazon Linux 2023", containerRuntimeVersion: "containerd://1.7.27", architecture: "amd64", operatingSystem: "linux" },
      capacity: { cpu: "2", memory: "8Gi", pods: "110" },
      allocatable: { cpu: "1930m", memory: "7Gi", pods: "110" },
    },
  } as unknown as KubeObject;
}

function podSpecOf(options: PodTemplateOptions, fallbackImage: string) {
  return {
    containers: [
      { name: "app", image: options.image ?? fallbackImage, ...(options.emptyDir ? { volumeMounts: [{ name: "scratch", mountPath: "/scratch" }] } : {}) },
      ...(options.sidecars ?? []).map((image, index) => ({ name: `sidecar-${index}`, image })),
    ],
    ...(options.initImages?.length ? { initContainers: options.initImages.map((image, index) => ({ name: `init-${index}`, image })) } : {}),
    ...(options.emptyDir ? { volumes: [{ name: "scratch", emptyDir: {} }] } : {}),
    ...(options.priorityClassName ? { priorityClassName: options.priorityClassName } : {}),
    ...(options.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: options.terminationGracePeriodSeconds } : {}),
    ...(options.tolerations ? { tolerations: options.tolerations } : {}),
    ...(options.nodeSelector ? { nodeSelector: options.nodeSelector } : {}),
  };
}

function runningStatus(podSpec: ReturnType<typeof podSpecOf>, ready: boolean, resolveImage: ImageResolver, phase = "Running") {
  const statuses = (containers: Array<{ name: string; image: string }>) =>
    containers.map((container) => ({ name: container.name, image: container.image, imageID: imageIdFor(container.image, resolveImage), ready, restartCount: 0 }));
  return {
    phase,
    conditions: [
      { type: "PodScheduled", status: "True" },
      { type: "Ready", status: ready ? "True" : "False" },
    ],
    containerStatuses: statuses(podSpec.containers),
    ...(podSpec.initContainers ? { initContainerStatuses: statuses(podSpec.initContainers) } : {}),
  };
}

export { gitVersionOf, nodeObject, podSpecOf, runningStatus, SYSTEM_NAMESPACES };
export type { ClusterSpec, CronJobSpec, JobSpec, NakedPodSpec, NodeSpec, PdbDeclaration, PodTemplateOptions, WorkloadSpec };
