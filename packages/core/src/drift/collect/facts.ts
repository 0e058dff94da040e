import type { ComputeType } from "../skew";
import type { SupportType } from "../support";

/**
 * Everything drift detection read about one cluster, as the APIs said it (versions stay text; parsing, and any
 * judgement, is `assessCluster`'s job). Collected once, assessed any number of times with different options.
 */
interface ClusterFacts {
  cluster: string;
  /** From the cluster's ARN; absent when DescribeCluster failed. */
  account?: string;
  region?: string;
  collectedAt: Date;
  /** Absent when DescribeCluster failed: then nothing else was collected (see `problems`). */
  controlPlane?: ControlPlaneFacts;
  /** Every node the Kubernetes API listed; empty (with a problem) when it could not be listed. */
  nodes: NodeFacts[];
  /** Absent when there is no kube-proxy to check (no DaemonSet, e.g. Auto Mode) or it could not be read. */
  kubeProxy?: KubeProxyFacts;
  nodegroups: NodegroupFacts[];
  addons: AddonFacts[];
  insights: InsightFacts[];
  /** DescribeClusterVersions for the cluster's version and the next one; `next` is absent until EKS offers it. */
  versions: { current?: ClusterVersionFacts; next?: ClusterVersionFacts };
  /** The Auto Scaling groups tagged for the cluster or backing its managed node groups. */
  autoScalingGroups: AutoScalingGroupFacts[];
  /** What could not be checked, and why: a drift report must say so rather than look clean. */
  problems: DriftProblem[];
  /** API requests this collection made itself (SDK retries not counted; see `CallCounts`). */
  calls: CallCounts;
}

/** The part of the collection a problem is about; findings name it so a report says what was not checked. */
const CHECK_AREAS = ["cluster", "nodes", "kube-proxy", "nodegroups", "ami-releases", "addons", "insights", "support", "auto-scaling-groups"] as const;

type CheckArea = (typeof CHECK_AREAS)[number];

interface DriftProblem {
  check: CheckArea;
  message: string;
}

interface ControlPlaneFacts {
  arn?: string;
  /** `Cluster.version`, e.g. "1.31". */
  version: string;
  platformVersion?: string;
  status: string;
  /** `upgradePolicy.supportType`; absent means EKS's default, EXTENDED. */
  supportType?: SupportType;
  tags: Record<string, string>;
  /** `computeConfig.enabled`: EKS Auto Mode runs kube-proxy itself. */
  autoMode: boolean;
}

/** How a node is run, from its labels or its instance's Auto Scaling group (drift.md §5). */
const NODE_GROUP_KINDS = ["managed-node-group", "karpenter", "fargate", "auto", "hybrid", "auto-scaling-group", "unknown"] as const;

type NodeGroupKind = (typeof NODE_GROUP_KINDS)[number];

interface NodeGroupRef {
  kind: NodeGroupKind;
  /** Node group, NodePool or Auto Scaling group name; absent for Fargate, hybrid and unknown nodes. */
  name?: string;
}

interface NodeFacts {
  name: string;
  /** `status.nodeInfo.kubeletVersion`, e.g. "v1.31.0-eks-a737599"; "" when the node reports none. */
  kubeletVersion: string;
  /** From `spec.providerID` (`aws:///<zone>/<instance id>`), for EC2-backed nodes. */
  instanceId?: string;
  group: NodeGroupRef;
  computeType?: ComputeType;
}

interface KubeProxyFacts {
  source: "daemonset" | "addon";
  /** The DaemonSet image tag or the add-on version, e.g. "v1.31.2-minimal-eksbuild.3". */
  version: string;
  image?: string;
}

interface HealthIssue {
  code?: string;
  message?: string;
}

interface NodegroupFacts {
  name: string;
  version?: string;
  /** The EKS optimised AMI release ("1.31.3-20250103"), or the AMI id when `amiType` is CUSTOM. */
  releaseVersion?: string;
  amiType?: string;
  status?: string;
  autoScalingGroups: string[];
  healthIssues: HealthIssue[];
  /** The release EKS recommends for this AMI type and the group's version, from SSM public parameters (drift.md §11). */
  recommendedRelease?: { parameter: string; releaseVersion: string };
}

/** The add-on versions DescribeAddonVersions lists for one Kubernetes version, newest first. */
interface AddonVersionList {
  kubernetesVersion: string;
  versions: string[];
  defaultVersion?: string;
}

interface AddonFacts {
  name: string;
  version?: string;
  status?: string;
  healthIssues: HealthIssue[];
  /** Absent for a version when the lookup failed, EKS has no catalog entry for the add-on, or (next) EKS does not offer the version yet. */
  compatibility: { current?: AddonVersionList; next?: AddonVersionList };
}

interface InsightFacts {
  id: string;
  name: string;
  category?: string;
  kubernetesVersion?: string;
  /** PASSING | WARNING | ERROR | UNKNOWN. */
  status: string;
  reason?: string;
  description?: string;
  recommendation?: string;
  lastTransitionTime?: Date;
  /** Only non-passing insights are described; false when DescribeInsight failed. */
  described: boolean;
  resourceCount?: number;
  deprecations?: Array<{ usage?: string; replacedWith?: string; stopServingVersion?: string; clients: string[] }>;
  addonCompatibility?: Array<{ name?: string; compatibleVersions: string[] }>;
}

/** The `ClusterVersionInformation` fields drift uses, under the API's names so `readClusterVersionInfo` reads them. */
interface ClusterVersionFacts {
  clusterVersion: string;
  endOfStandardSupportDate?: Date;
  endOfExtendedSupportDate?: Date;
  versionStatus?: string;
  defaultPlatformVersion?: string;
}

interface LifecycleHookFacts {
  name: string;
  transition?: string;
  defaultResult?: string;
  heartbeatTimeout?: number;
}

interface AutoScalingGroupFacts {
  name: string;
  /** The managed node group it backs, when it is one. */
  nodegroup?: string;
  /** Its tags as DescribeAutoScalingGroups returns them (cluster tags, Caretaker's `caretaker:drain`, …). */
  tags: Record<string, string>;
  desiredCapacity?: number;
  instanceIds: string[];
  /** Absent when DescribeLifecycleHooks failed (see `problems`). */
  hooks?: LifecycleHookFacts[];
}

/**
 * Requests per "service:Operation" ("eks:DescribeNodegroup", "kubernetes:list nodes"), one per logical request the
 * collector sent. SDK-internal retries and the connector's own DescribeCluster (done once per connector and cached)
 * are not in here; the sandbox's call log sees those.
 */
interface CallCounts {
  aws: Record<string, number>;
  kubernetes: Record<string, number>;
}

export { CHECK_AREAS, NODE_GROUP_KINDS };
export type {
  AddonFacts,
  AddonVersionList,
  AutoScalingGroupFacts,
  CallCounts,
  CheckArea,
  ClusterFacts,
  ClusterVersionFacts,
  ControlPlaneFacts,
  DriftProblem,
  HealthIssue,
  InsightFacts,
  KubeProxyFacts,
  LifecycleHookFacts,
  NodeFacts,
  NodeGroupKind,
  NodeGroupRef,
  NodegroupFacts,
};
