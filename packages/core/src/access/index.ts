export { DRAINER_GROUP, DRAINER_RULES, drainerRbac, FORCE_DELETE_RULE, READER_GROUP } from "./rbac";
export type { PolicyRule, RbacObject } from "./rbac";
