import { AuthorizationV1Api, RbacAuthorizationV1Api, setHeaderOptions, type V1ClusterRole, type V1ClusterRoleBinding } from "@kubernetes/client-node";
import { mapLimit } from "../drift/collect/context";
import type { ClusterConnection } from "../eks/connection";
import { type AccessCheck, AUTHENTICATED_CHECKS, checkKey, describeCheck, forbiddenChecks, type NeededCheck, neededChecks, ruleCovers } from "./access-checks";
import type { RbacObject } from "./rbac";

/** Whom a role is inside the cluster: its access entry's username and groups (or those bootstrap would create). */
interface VerificationSubject {
  roleArn: string;
  functions: string[];
  username: string;
  groups: string[];
  /** The groups Caretaker's functions need for this role. */
  expectedGroups: string[];
  /** No entry exists (dry run, or it could not be created): the identity is the one bootstrap would create. */
  assumed: boolean;
}

/** Checks that failed for the same reason, with the one fix for all of them. */
interface FailedChecks {
  expected: "allowed" | "denied";
  /**
   * `rbac`: the shipped RBAC does not (yet) say what it should — applying it fixes this, and right after it was
   * applied the authorizer may simply not have caught up; `access-entry`: the role is mapped to other groups;
   * `other-grant`: someone else's binding grants it; `defaults`: the API server's default RBAC for every
   * authenticated user (system:basic-user) no longer grants it.
   */
  cause: "rbac" | "access-entry" | "other-grant" | "defaults";
  checks: string[];
  fix: string;
}

interface RoleVerification extends VerificationSubject {
  /** Needed permissions (all must be allowed) and how many were. */
  needed: number;
  allowed: number;
  /** Permissions it must not have (all must be denied) and how many were. */
  forbidden: number;
  denied: number;
  failures: FailedChecks[];
}

interface VerifyContext {
  cluster: string;
  /** The shipped objects: what each group needs, and which bindings are Caretaker's. */
  objects: readonly RbacObject[];
  /** The command that re-applies the shipped RBAC, for fixes. */
  rerun: string;
  /** The deployed stage whose descriptor decided `pods delete` for the drainer; unset with roles given by flags. */
  stage?: string;
}

/** Reviews in flight per list (needed, forbidden) and role: a few dozen small POSTs at most, for any API server. */
const CONCURRENCY = 6;

/**
 * One SelfSubjectAccessReview as `username` in `group`, through impersonation. client-node sends each header once
 * (fetch joins repeated headers into one comma-separated line, which the API server would read as one group named
 * with the comma), so a role with several groups is checked one group at a time: RBAC only ever adds permissions,
 * so a role may do something exactly when one of its groups (or its user) may.
 */
function reviewAs(connection: ClusterConnection, username: string, group: string | undefined, check: AccessCheck): Promise<boolean> {
  const options = setHeaderOptions("Impersonate-User", username);
  const impersonation = group === undefined ? options : setHeaderOptions("Impersonate-Group", group, options);
  const resourceAttributes = { verb: check.verb, group: check.group, resource: check.resource, ...(check.subresource ? { subresource: check.subresource } : {}), ...(check.name ? { name: check.name } : {}) };
  return connection
    .call(`review whether ${username} may ${describeCheck(check)} (SelfSubjectAccessReview as that user)`, () =>
      connection.api(AuthorizationV1Api).createSelfSubjectAccessReview({ body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes } } }, impersonation),
    )
    .then((review) => review.status?.allowed === true);
}

async function allowedFor(connection: ClusterConnection, subject: VerificationSubject, check: AccessCheck): Promise<boolean> {
  const groups: Array<string | undefined> = subject.groups.length > 0 ? subject.groups : [undefined];
  for (const group of groups) if (await reviewAs(connection, subject.username, group, check)) return true;
  return false;
}

/** The ClusterRoleBindings that give `subject` a forbidden permission, as `ClusterRoleBinding/x (ClusterRole/y, Group g)`. */
async function grantsOf(connection: ClusterConnection, subject: VerificationSubject): Promise<(check: AccessCheck) => Array<{ binding: string; text: string }>> {
  try {
    const api = connection.api(RbacAuthorizationV1Api);
    const [bindings, roles] = await Promise.all([
      connection.call("list ClusterRoleBindings (to explain a failed check)", () => api.listClusterRoleBinding()),
      connection.call("list ClusterRoles (to explain a failed check)", () => api.listClusterRole()),
    ]);
    const rolesByName = new Map(roles.items.map((role: V1ClusterRole) => [role.metadata?.name, role]));
    const groups = [...subject.groups, "system:authenticated"];
    return (check) =>
      bindings.items.flatMap((binding: V1ClusterRoleBinding) => {
        const who = (binding.subjects ?? []).find((s) => (s.kind === "User" && s.name === subject.username) || (s.kind === "Group" && groups.includes(s.name)));
        const role = rolesByName.get(binding.roleRef.name);
        if (!who || binding.roleRef.kind !== "ClusterRole" || !(role?.rules ?? []).some((rule) => ruleCovers(rule as never, check))) return [];
        const name = binding.metadata?.name ?? "";
        return [{ binding: name, text: `ClusterRoleBinding ${name} (ClusterRole ${binding.roleRef.name}, ${who.kind} ${who.name})` }];
      });
  } catch {
    return () => [];
  }
}

type Failure = Omit<FailedChecks, "checks"> & { check: string };

function groupFailures(failures: readonly Failure[]): FailedChecks[] {
  const grouped = new Map<string, FailedChecks>();
  for (const failure of failures) {
    const key = `${failure.expected}|${failure.fix}`;
    const entry = grouped.get(key) ?? { expected: failure.expected, cause: failure.cause, checks: [], fix: failure.fix };
    entry.checks.push(failure.check);
    grouped.set(key, entry);
  }
  return [...grouped.values()];
}

/**
 * Verifies one role as the cluster sees it, through SelfSubjectAccessReviews under impersonation: every permission
 * its functions need (the shipped ClusterRoles bound to its groups) is allowed, and nothing it must not do (Secrets,
 * writes beyond its rules, RBAC, impersonation; pods delete unless force-deletes were chosen) is. Reviews are
 * cluster-wide; a grant limited to one namespace by a RoleBinding is not looked for.
 */
async function verifyRole(connection: ClusterConnection, subject: VerificationSubject, context: VerifyContext): Promise<RoleVerification> {
  // The probe needs only what every authenticated user has; the others what their groups' shipped roles grant.
  const groupNeeds = neededChecks(context.objects, subject.expectedGroups);
  const baseline = subject.functions.includes("probe") ? AUTHENTICATED_CHECKS.filter((check) => !groupNeeds.some((need) => checkKey(need) === checkKey(check))) : [];
  const needs: NeededCheck[] = [...groupNeeds, ...baseline];
  const forbidden = forbiddenChecks(groupNeeds);
  const [neededAnswers, forbiddenAnswers] = await Promise.all([
    mapLimit(needs, CONCURRENCY, (check) => allowedFor(connection, subject, check)),
    mapLimit(forbidden, CONCURRENCY, (check) => allowedFor(connection, subject, check)),
  ]);
  const failures: Failure[] = [];
  const missingGroups = subject.expectedGroups.filter((group) => !subject.groups.includes(group));
  needs.forEach((check, index) => {
    if (neededAnswers[index]) return;
    if (baseline.includes(check)) {
      const fix = `ClusterRole ${check.clusterRole}, bound to system:authenticated, is one of the API server's default roles and must grant it: kubectl get clusterrole ${check.clusterRole} clusterrolebinding ${check.clusterRole} -o yaml (the API server restores both at start unless their rbac.authorization.kubernetes.io/autoupdate annotation is "false")`;
      failures.push({ expected: "allowed", cause: "defaults", check: describeCheck(check), fix });
      return;
    }
    const group = subject.expectedGroups.find((candidate) => neededChecks(context.objects, [candidate]).some((need) => need.clusterRole === check.clusterRole)) ?? "";
    const entryCause = missingGroups.includes(group);
    const fix = entryCause
      ? `the role's access entry does not map it to ${group}: aws eks update-access-entry --cluster-name ${context.cluster} --principal-arn ${subject.roleArn} --kubernetes-groups ${subject.expectedGroups.join(" ")}`
      : `ClusterRole ${check.clusterRole}, bound to ${group}, must grant it: ${context.rerun} applies the shipped RBAC`;
    failures.push({ expected: "allowed", cause: entryCause ? "access-entry" : "rbac", check: describeCheck(check), fix });
  });
  const granted = forbiddenAnswers.some(Boolean) ? await grantsOf(connection, subject) : () => [];
  const shipped = new Set(context.objects.filter((object) => object.kind === "ClusterRoleBinding").map((object) => object.metadata.name));
  forbidden.forEach((check, index) => {
    if (!forbiddenAnswers[index]) return;
    const grants = granted(check);
    const ours = grants.filter((grant) => shipped.has(grant.binding));
    const theirs = grants.filter((grant) => !shipped.has(grant.binding));
    const fixes: string[] = [];
    if (ours.length > 0) fixes.push(`${ours.map((grant) => grant.text).join(", ")} grants more than Caretaker ships: ${context.rerun} restores it`);
    if (theirs.length > 0) fixes.push(`granted by ${theirs.map((grant) => grant.text).join(", ")}: remove that subject from the binding or the rule from the role`);
    if (fixes.length === 0) fixes.push(`find what grants it: kubectl get clusterrolebindings -o wide | grep -e '${subject.username}' ${subject.groups.map((g) => `-e '${g}'`).join(" ")}`);
    const forceDelete = subject.functions.includes("drain") && check.verb === "delete" && check.resource === "pods" && !check.subresource;
    const hint = !forceDelete
      ? ""
      : context.stage !== undefined
        ? ` (stage ${context.stage} does not force-delete; if its drain should, give a trigger onDeadline "force-delete" in CARETAKER_CONFIG and deploy: bootstrap then grants it)`
        : " (if the drain is configured to force-delete, bootstrap with --force-delete instead)";
    failures.push({ expected: "denied", cause: ours.length > 0 ? "rbac" : "other-grant", check: describeCheck(check), fix: `${fixes.join("; ")}${hint}` });
  });
  return {
    ...subject,
    needed: needs.length,
    allowed: neededAnswers.filter(Boolean).length,
    forbidden: forbidden.length,
    denied: forbiddenAnswers.filter((answer) => !answer).length,
    failures: groupFailures(failures),
  };
}

export { verifyRole };
export type { FailedChecks, RoleVerification, VerificationSubject, VerifyContext };
