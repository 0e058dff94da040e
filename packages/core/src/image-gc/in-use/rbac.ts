import { type PolicyRule, type RbacObject, READER_GROUP } from "../../access";
import { SCANNED_KINDS } from "./kinds";

/**
 * Exactly what the in-use scan needs: `list` (cluster-wide) on each scanned resource — no get, no watch, no write,
 * no nodes, no secrets. Derived from the scanned kinds so a new kind cannot be scanned without its rule.
 *   "":      pods
 *   apps:    controllerrevisions, daemonsets, deployments, replicasets, statefulsets
 *   batch:   cronjobs, jobs
 */
const IMAGE_SCAN_RULES: PolicyRule[] = [...new Set(SCANNED_KINDS.map((kind) => kind.group))].map((group) => ({
  apiGroups: [group],
  resources: SCANNED_KINDS.filter((kind) => kind.group === group)
    .map((kind) => kind.resource)
    .sort(),
  verbs: ["list"],
}));

const LABELS = { "app.kubernetes.io/name": "caretaker", "app.kubernetes.io/component": "access" };

/** The image scanner's ClusterRole and its binding to a Kubernetes group (Caretaker's reader group by default). */
function imageScannerRbac(group: string = READER_GROUP): RbacObject[] {
  const name = "caretaker-image-scanner";
  return [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels: LABELS }, rules: IMAGE_SCAN_RULES },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name, labels: LABELS },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
    },
  ];
}

export { IMAGE_SCAN_RULES, imageScannerRbac };
