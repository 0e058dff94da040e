export { clusterRole, DRAINER_GROUP, DRAINER_RULES, drainerRbac, FORCE_DELETE_RULE, groupBinding, READER_GROUP } from "./rbac";
export type { PolicyRule, RbacObject } from "./rbac";
