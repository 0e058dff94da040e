import type { PolicyRule, RbacObject } from "./rbac";

/** One question for the authorizer: may the subject `verb` this resource (cluster-wide unless `namespace`)? */
interface AccessCheck {
  verb: string;
  /** API group; "" for the core group. */
  group: string;
  resource: string;
  subresource?: string;
  name?: string;
}

/** A check the subject needs, with the shipped ClusterRole that grants it. */
interface NeededCheck extends AccessCheck {
  clusterRole: string;
}

const WRITE_VERBS = ["create", "update", "patch", "delete", "deletecollection"];

/**
 * What no Caretaker function may do unless one of its shipped rules grants it: read Secrets, exec into or evict pods,
 * mint tokens, change workloads, nodes or namespaces, grant itself more (RBAC writes, bind, escalate), impersonate.
 * Writes to every resource a function reads are added per subject (`forbiddenChecks`).
 */
const SENSITIVE_CHECKS: readonly AccessCheck[] = [
  { verb: "get", group: "", resource: "secrets" },
  { verb: "list", group: "", resource: "secrets" },
  { verb: "watch", group: "", resource: "secrets" },
  { verb: "delete", group: "", resource: "pods" },
  { verb: "create", group: "", resource: "pods", subresource: "eviction" },
  { verb: "create", group: "", resource: "pods", subresource: "exec" },
  { verb: "create", group: "", resource: "serviceaccounts", subresource: "token" },
  { verb: "patch", group: "", resource: "nodes" },
  { verb: "delete", group: "", resource: "nodes" },
  { verb: "delete", group: "", resource: "namespaces" },
  { verb: "patch", group: "apps", resource: "deployments" },
  { verb: "delete", group: "apps", resource: "daemonsets" },
  { verb: "create", group: "rbac.authorization.k8s.io", resource: "clusterrolebindings" },
  { verb: "update", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
  { verb: "bind", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
  { verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles" },
  { verb: "impersonate", group: "", resource: "users" },
  { verb: "impersonate", group: "", resource: "groups" },
  { verb: "impersonate", group: "", resource: "serviceaccounts" },
];

/**
 * What the probe does, which the API server's default RBAC grants every authenticated user (ClusterRole
 * system:basic-user, bound to system:authenticated): review its own identity. Its access entry maps it to no group,
 * so this is all it needs — and SENSITIVE_CHECKS are all it must be denied.
 */
const AUTHENTICATED_CHECKS: readonly NeededCheck[] = [{ verb: "create", group: "authentication.k8s.io", resource: "selfsubjectreviews", clusterRole: "system:basic-user" }];

function splitResource(resource: string): { resource: string; subresource?: string } {
  const slash = resource.indexOf("/");
  return slash < 0 ? { resource } : { resource: resource.slice(0, slash), subresource: resource.slice(slash + 1) };
}

function checkKey(check: AccessCheck): string {
  return [check.verb, check.group, check.resource, check.subresource ?? "", check.name ?? ""].join("|");
}

/** `create pods/eviction`, `get daemonsets.apps`: RBAC's notation (resource.group/subresource). */
function describeCheck(check: AccessCheck): string {
  const resource = `${check.resource}${check.group ? `.${check.group}` : ""}${check.subresource ? `/${check.subresource}` : ""}`;
  return `${check.verb} ${resource}${check.name ? ` "${check.name}"` : ""}`;
}

/** Whether a rule covers a check, with the RBAC authorizer's matching (wildcard verbs, groups and resources; "*\/sub"). */
function ruleCovers(rule: PolicyRule & { resourceNames?: string[] }, check: AccessCheck): boolean {
  const has = (list: readonly string[] | undefined, value: string) => (list ?? []).includes("*") || (list ?? []).includes(value);
  if (!has(rule.verbs, check.verb) || !has(rule.apiGroups, check.group)) return false;
  const combined = check.subresource ? `${check.resource}/${check.subresource}` : check.resource;
  const resourceMatch = (rule.resources ?? []).some(
    (resource) => resource === "*" || resource === combined || (check.subresource !== undefined && resource === `*/${check.subresource}`),
  );
  if (!resourceMatch) return false;
  if (rule.resourceNames?.length) return check.name !== undefined && rule.resourceNames.includes(check.name);
  return true;
}

/** The ClusterRoles bound to `group` in `objects`, by name. */
function rolesBoundTo(objects: readonly RbacObject[], group: string): RbacObject[] {
  const names = objects
    .filter((object) => object.kind === "ClusterRoleBinding" && object.subjects?.some((subject) => subject.kind === "Group" && subject.name === group))
    .map((binding) => binding.roleRef?.name);
  return objects.filter((object) => object.kind === "ClusterRole" && names.includes(object.metadata.name));
}

/** Every (verb, resource) a group's shipped ClusterRoles grant, each with the role that grants it. */
function neededChecks(objects: readonly RbacObject[], groups: readonly string[]): NeededCheck[] {
  const checks = new Map<string, NeededCheck>();
  for (const group of groups) {
    for (const role of rolesBoundTo(objects, group)) {
      for (const rule of role.rules ?? []) {
        for (const apiGroup of rule.apiGroups) {
          for (const resource of rule.resources) {
            for (const verb of rule.verbs) {
              const check: NeededCheck = { verb, group: apiGroup, ...splitResource(resource), clusterRole: role.metadata.name };
              if (!checks.has(checkKey(check))) checks.set(checkKey(check), check);
            }
          }
        }
      }
    }
  }
  return [...checks.values()];
}

/**
 * What a subject with these needs must be denied: the sensitive checks, plus every write to a resource it reads,
 * except what one of its needed rules covers (the drainer patches nodes; with force-deletes it deletes pods).
 */
function forbiddenChecks(needs: readonly NeededCheck[]): AccessCheck[] {
  const neededRules: PolicyRule[] = needs.map((need) => ({
    apiGroups: [need.group],
    resources: [need.subresource ? `${need.resource}/${need.subresource}` : need.resource],
    verbs: [need.verb],
  }));
  const read = new Map<string, AccessCheck>();
  for (const need of needs) if (!need.subresource) read.set(`${need.group}|${need.resource}`, { verb: "", group: need.group, resource: need.resource });
  const candidates = [...SENSITIVE_CHECKS, ...[...read.values()].flatMap((resource) => WRITE_VERBS.map((verb) => ({ ...resource, verb })))];
  const forbidden = new Map<string, AccessCheck>();
  for (const check of candidates) {
    if (neededRules.some((rule) => ruleCovers(rule, check))) continue;
    forbidden.set(checkKey(check), check);
  }
  return [...forbidden.values()];
}

export { AUTHENTICATED_CHECKS, checkKey, describeCheck, forbiddenChecks, neededChecks, ruleCovers };
export type { AccessCheck, NeededCheck };
