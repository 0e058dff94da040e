/**
 * The Kubernetes RBAC Caretaker ships: one ClusterRole + ClusterRoleBinding per Kubernetes group that the functions'
 * EKS access entries map their IAM roles to. Each rule is there because a code path needs it (drain.md §9); the
 * sandbox tests run the drain with exactly these objects, so a missing verb fails a test, not an incident.
 */
interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

interface RbacObject {
  apiVersion: "rbac.authorization.k8s.io/v1";
  kind: "ClusterRole" | "ClusterRoleBinding";
  metadata: { name: string; labels: Record<string, string> };
  rules?: PolicyRule[];
  roleRef?: { apiGroup: "rbac.authorization.k8s.io"; kind: "ClusterRole"; name: string };
  subjects?: Array<{ apiGroup: "rbac.authorization.k8s.io"; kind: "Group"; name: string }>;
}

/** Kubernetes groups the access entries use. */
const DRAINER_GROUP = "caretaker:drainer";
const READER_GROUP = "caretaker:reader";
const LABELS = { "app.kubernetes.io/name": "caretaker", "app.kubernetes.io/component": "access" };

/**
 * What a drain needs: find and cordon/taint/label nodes, list and read pods, evict, read DaemonSets (kubectl's
 * filter), list PDBs (eviction timing) and VolumeAttachments (detach wait).
 */
const DRAINER_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch"] },
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
  { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
  { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
  // Read-only: evictions are timed to each PodDisruptionBudget's status instead of being refused with 429s.
  { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: ["list"] },
  // The volume-detach wait: a drained pod's claim → its PV → the node's VolumeAttachments.
  { apiGroups: [""], resources: ["persistentvolumeclaims"], verbs: ["get"] },
  { apiGroups: ["storage.k8s.io"], resources: ["volumeattachments"], verbs: ["list"] },
];
/** Only when force-deletes (deadline policy "force-delete" or --disable-eviction) are enabled. */
const FORCE_DELETE_RULE: PolicyRule = { apiGroups: [""], resources: ["pods"], verbs: ["delete"] };

function clusterRole(name: string, rules: PolicyRule[]): RbacObject {
  return { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels: LABELS }, rules };
}

function groupBinding(name: string, group: string): RbacObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name, labels: LABELS },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  };
}

/** The drainer's ClusterRole and binding; `forceDelete` adds `pods delete`, nothing else does. */
function drainerRbac(options: { forceDelete: boolean }): RbacObject[] {
  return [clusterRole("caretaker-drainer", options.forceDelete ? [...DRAINER_RULES, FORCE_DELETE_RULE] : DRAINER_RULES), groupBinding("caretaker-drainer", DRAINER_GROUP)];
}

export { clusterRole, DRAINER_GROUP, DRAINER_RULES, drainerRbac, FORCE_DELETE_RULE, groupBinding, READER_GROUP };
export type { PolicyRule, RbacObject };
