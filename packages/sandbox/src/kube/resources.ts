/**
 * The resources the simulator serves, as the API server's discovery documents describe them. Everything the router,
 * the store, discovery and RBAC need to know about a resource type lives here.
 */
interface ResourceType {
  /** API group; "" for the core group. */
  group: string;
  version: string;
  /** Plural, lower-case: the URL segment and the RBAC resource name. */
  resource: string;
  kind: string;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames?: string[];
  /** Subresources served under `<name>/<subresource>` (`status`, `eviction`, `scale`). */
  subresources?: Array<{ name: string; kind: string; group?: string; version?: string; verbs: string[] }>;
  /** Field selector keys the server supports besides metadata.name / metadata.namespace. */
  fieldSelectors?: string[];
  /** Create-only kinds (reviews) that are never stored. */
  virtual?: boolean;
}

const CRUD = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const READ_CREATE = ["create", "get", "list", "watch"];

const RESOURCES: ResourceType[] = [
  { group: "", version: "v1", resource: "namespaces", kind: "Namespace", singular: "namespace", namespaced: false, verbs: ["create", "delete", "get", "list", "patch", "update", "watch"], shortNames: ["ns"], subresources: [{ name: "status", kind: "Namespace", verbs: ["get", "patch", "update"] }], fieldSelectors: ["status.phase"] },
  { group: "", version: "v1", resource: "nodes", kind: "Node", singular: "node", namespaced: false, verbs: CRUD, shortNames: ["no"], subresources: [{ name: "status", kind: "Node", verbs: ["get", "patch", "update"] }], fieldSelectors: ["spec.unschedulable"] },
  {
    group: "", version: "v1", resource: "pods", kind: "Pod", singular: "pod", namespaced: true, verbs: CRUD, shortNames: ["po"],
    subresources: [
      { name: "eviction", kind: "Eviction", group: "policy", version: "v1", verbs: ["create"] },
      { name: "status", kind: "Pod", verbs: ["get", "patch", "update"] },
    ],
    fieldSelectors: ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "status.phase", "status.podIP", "status.nominatedNodeName"],
  },
  { group: "", version: "v1", resource: "events", kind: "Event", singular: "event", namespaced: true, verbs: CRUD, shortNames: ["ev"], fieldSelectors: ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid", "reason", "source", "type"] },
  { group: "", version: "v1", resource: "persistentvolumeclaims", kind: "PersistentVolumeClaim", singular: "persistentvolumeclaim", namespaced: true, verbs: CRUD, shortNames: ["pvc"] },
  { group: "", version: "v1", resource: "persistentvolumes", kind: "PersistentVolume", singular: "persistentvolume", namespaced: false, verbs: CRUD, shortNames: ["pv"] },
  { group: "", version: "v1", resource: "configmaps", kind: "ConfigMap", singular: "configmap", namespaced: true, verbs: CRUD, shortNames: ["cm"] },
  { group: "", version: "v1", resource: "serviceaccounts", kind: "ServiceAccount", singular: "serviceaccount", namespaced: true, verbs: CRUD, shortNames: ["sa"] },
  { group: "apps", version: "v1", resource: "deployments", kind: "Deployment", singular: "deployment", namespaced: true, verbs: CRUD, shortNames: ["deploy"], subresources: [{ name: "status", kind: "Deployment", verbs: ["get", "patch", "update"] }] },
  { group: "apps", version: "v1", resource: "replicasets", kind: "ReplicaSet", singular: "replicaset", namespaced: true, verbs: CRUD, shortNames: ["rs"], subresources: [{ name: "status", kind: "ReplicaSet", verbs: ["get", "patch", "update"] }] },
  { group: "apps", version: "v1", resource: "statefulsets", kind: "StatefulSet", singular: "statefulset", namespaced: true, verbs: CRUD, shortNames: ["sts"], subresources: [{ name: "status", kind: "StatefulSet", verbs: ["get", "patch", "update"] }] },
  { group: "apps", version: "v1", resource: "daemonsets", kind: "DaemonSet", singular: "daemonset", namespaced: true, verbs: CRUD, shortNames: ["ds"], subresources: [{ name: "status", kind: "DaemonSet", verbs: ["get", "patch", "update"] }] },
  { group: "apps", version: "v1", resource: "controllerrevisions", kind: "ControllerRevision", singular: "controllerrevision", namespaced: true, verbs: CRUD },
  { group: "batch", version: "v1", resource: "jobs", kind: "Job", singular: "job", namespaced: true, verbs: CRUD, subresources: [{ name: "status", kind: "Job", verbs: ["get", "patch", "update"] }] },
  { group: "batch", version: "v1", resource: "cronjobs", kind: "CronJob", singular: "cronjob", namespaced: true, verbs: CRUD, shortNames: ["cj"], subresources: [{ name: "status", kind: "CronJob", verbs: ["get", "patch", "update"] }] },
  { group: "policy", version: "v1", resource: "poddisruptionbudgets", kind: "PodDisruptionBudget", singular: "poddisruptionbudget", namespaced: true, verbs: CRUD, shortNames: ["pdb"], subresources: [{ name: "status", kind: "PodDisruptionBudget", verbs: ["get", "patch", "update"] }] },
  { group: "storage.k8s.io", version: "v1", resource: "volumeattachments", kind: "VolumeAttachment", singular: "volumeattachment", namespaced: false, verbs: CRUD },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterroles", kind: "ClusterRole", singular: "clusterrole", namespaced: false, verbs: CRUD },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "clusterrolebindings", kind: "ClusterRoleBinding", singular: "clusterrolebinding", namespaced: false, verbs: CRUD },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "roles", kind: "Role", singular: "role", namespaced: true, verbs: CRUD },
  { group: "rbac.authorization.k8s.io", version: "v1", resource: "rolebindings", kind: "RoleBinding", singular: "rolebinding", namespaced: true, verbs: CRUD },
  { group: "authentication.k8s.io", version: "v1", resource: "selfsubjectreviews", kind: "SelfSubjectReview", singular: "selfsubjectreview", namespaced: false, verbs: ["create"], virtual: true },
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectaccessreviews", kind: "SelfSubjectAccessReview", singular: "selfsubjectaccessreview", namespaced: false, verbs: ["create"], virtual: true },
  { group: "authorization.k8s.io", version: "v1", resource: "selfsubjectrulesreviews", kind: "SelfSubjectRulesReview", singular: "selfsubjectrulesreview", namespaced: false, verbs: ["create"], virtual: true },
];

/** Group versions that exist only for one subresource's body (policy/v1beta1 Eviction), not as served resources. */
const ACCEPTED_EVICTION_VERSIONS = new Set(["policy/v1", "policy/v1beta1"]);

function apiVersionOf(type: Pick<ResourceType, "group" | "version">): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

function findResource(group: string, version: string, resource: string): ResourceType | undefined {
  return RESOURCES.find((type) => type.group === group && type.version === version && type.resource === resource);
}

function findKind(apiVersion: string, kind: string): ResourceType | undefined {
  return RESOURCES.find((type) => apiVersionOf(type) === apiVersion && type.kind === kind);
}

/** Groups in discovery order, each with its versions (one per group here). */
function apiGroups(): Array<{ group: string; version: string }> {
  const seen = new Map<string, string>();
  for (const type of RESOURCES) if (type.group && !seen.has(type.group)) seen.set(type.group, type.version);
  return [...seen].map(([group, version]) => ({ group, version }));
}

export { ACCEPTED_EVICTION_VERSIONS, RESOURCES, READ_CREATE, apiGroups, apiVersionOf, findKind, findResource };
export type { ResourceType };
