import { clusterRole, groupBinding, type RbacObject, READER_GROUP } from "../../access";
import { DRIFT_RBAC_RULES } from "../collect";

/** Drift detection's read-only ClusterRole (nodes list, DaemonSets get) bound to Caretaker's reader group. */
function driftReaderRbac(group: string = READER_GROUP): RbacObject[] {
  return [clusterRole("caretaker-drift-reader", DRIFT_RBAC_RULES), groupBinding("caretaker-drift-reader", group)];
}

export { driftReaderRbac };
