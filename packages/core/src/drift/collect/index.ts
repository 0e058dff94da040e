export { amiReleaseParameter } from "./ami-parameters";
export type { AmiReleaseParameter } from "./ami-parameters";
export { collectAutoScalingGroups } from "./auto-scaling-groups";
export type { AutoScalingGroupSelection } from "./auto-scaling-groups";
export { collectClusterFacts } from "./collect-cluster-facts";
export { createCollectContext, describeError, mapLimit } from "./context";
export type { CollectContext, CollectDeps } from "./context";
export { CHECK_AREAS, NODE_GROUP_KINDS } from "./facts";
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
} from "./facts";
export { imageTag } from "./kube-proxy";
export { createDriftLookups } from "./lookups";
export type { DriftLookups } from "./lookups";
export { KUBE_REQUEST_TIMEOUT_MS } from "./kube-request";
export { NODE_PAGE_SIZE } from "./nodes";
export { DRIFT_RBAC_RULES } from "./rbac";
