import { clusterRole, groupBinding, type PolicyRule, type RbacObject, READER_GROUP } from "../../access";
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

/** The image scanner's ClusterRole and its binding to a Kubernetes group (Caretaker's reader group by default). */
function imageScannerRbac(group: string = READER_GROUP): RbacObject[] {
  return [clusterRole("caretaker-image-scanner", IMAGE_SCAN_RULES), groupBinding("caretaker-image-scanner", group)];
}

export { IMAGE_SCAN_RULES, imageScannerRbac };
