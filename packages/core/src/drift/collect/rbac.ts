import type { PolicyRule } from "../../access";

/**
 * What drift detection reads through the Kubernetes API: every node's kubelet version and the kube-proxy
 * DaemonSet's image. `AmazonEKSViewPolicy` does not include nodes (drift.md §12), hence a ClusterRole of its own
 * rather than an access policy; read-only, and no Secrets (unlike `AmazonEKSAdminViewPolicy`).
 */
const DRIFT_RBAC_RULES: PolicyRule[] = [
  { apiGroups: [""], resources: ["nodes"], verbs: ["list"] },
  { apiGroups: ["apps"], resources: ["daemonsets"], verbs: ["get"] },
];

export { DRIFT_RBAC_RULES };
