import { findResource, type ResourceType } from "./resources";
import type { KubeObject, ObjectStore } from "./store";

/** Who the API server thinks is calling, after authentication. */
interface Identity {
  username: string;
  groups: string[];
  /** Set by impersonation (`Impersonate-Uid`) or an authenticator that knows one. */
  uid?: string;
  /** `user.Info` extra (`Impersonate-Extra-<key>`). */
  extra?: Record<string, string[]>;
  /** EKS access policies associated with the access entry, cluster-wide or limited to namespaces. */
  accessPolicies?: Array<{ policyArn: string; namespaces?: string[] }>;
}

type Attributes =
  | { kind: "resource"; verb: string; apiGroup: string; resource: string; subresource?: string; namespace?: string; name?: string }
  | { kind: "path"; verb: string; path: string };

interface PolicyRule {
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
  verbs: string[];
  nonResourceURLs?: string[];
}

interface Subject {
  kind: "User" | "Group" | "ServiceAccount";
  name: string;
  namespace?: string;
}

const CLUSTER_ROLES = findResource("rbac.authorization.k8s.io", "v1", "clusterroles") as ResourceType;
const CLUSTER_ROLE_BINDINGS = findResource("rbac.authorization.k8s.io", "v1", "clusterrolebindings") as ResourceType;
const ROLES = findResource("rbac.authorization.k8s.io", "v1", "roles") as ResourceType;
const ROLE_BINDINGS = findResource("rbac.authorization.k8s.io", "v1", "rolebindings") as ResourceType;

/** EKS access policies and what they grant here (AmazonEKSClusterAdminPolicy is `*` on everything). */
const ACCESS_POLICY_RULES: Record<string, PolicyRule[]> = {
  "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy": [
    { apiGroups: ["*"], resources: ["*"], verbs: ["*"] },
    { nonResourceURLs: ["*"], verbs: ["*"] },
  ],
  "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy": [{ apiGroups: ["*"], resources: ["*"], verbs: ["get", "list", "watch"] }],
};

function subjectMatches(subject: Subject, identity: Identity): boolean {
  if (subject.kind === "User") return subject.name === identity.username;
  if (subject.kind === "Group") return identity.groups.includes(subject.name);
  return identity.username === `system:serviceaccount:${subject.namespace}:${subject.name}`;
}

function ruleAllows(rule: PolicyRule, attributes: Attributes): boolean {
  const verbs = rule.verbs ?? [];
  if (!verbs.includes("*") && !verbs.includes(attributes.verb)) return false;
  if (attributes.kind === "path") {
    return (rule.nonResourceURLs ?? []).some((url) => url === "*" || url === attributes.path || (url.endsWith("*") && attributes.path.startsWith(url.slice(0, -1))));
  }
  if (rule.nonResourceURLs?.length && !rule.resources?.length) return false;
  const groups = rule.apiGroups ?? [];
  if (!groups.includes("*") && !groups.includes(attributes.apiGroup)) return false;
  const combined = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const resources = rule.resources ?? [];
  const resourceMatch = resources.some(
    (resource) => resource === "*" || resource === combined || (attributes.subresource && resource === `*/${attributes.subresource}`) || (!attributes.subresource && resource === attributes.resource),
  );
  if (!resourceMatch) return false;
  if (rule.resourceNames?.length) return attributes.name !== undefined && rule.resourceNames.includes(attributes.name);
  return true;
}

/** Every rule that applies to `identity` in `namespace` (cluster-wide rules plus the namespace's role bindings). */
function rulesFor(store: ObjectStore, identity: Identity, namespace: string | undefined): PolicyRule[] {
  const rules: PolicyRule[] = [];
  for (const policy of identity.accessPolicies ?? []) {
    const scoped = policy.namespaces?.length ? namespace !== undefined && policy.namespaces.includes(namespace) : true;
    if (scoped) rules.push(...(ACCESS_POLICY_RULES[policy.policyArn] ?? []));
  }
  const roleRules = (kind: string, name: string, ns?: string): PolicyRule[] => {
    const role = kind === "ClusterRole" ? store.peek(CLUSTER_ROLES, undefined, name) : store.peek(ROLES, ns, name);
    return ((role as (KubeObject & { rules?: PolicyRule[] }) | undefined)?.rules ?? []) as PolicyRule[];
  };
  for (const binding of store.list(CLUSTER_ROLE_BINDINGS)) {
    const subjects = (binding.subjects as Subject[] | undefined) ?? [];
    if (subjects.some((subject) => subjectMatches(subject, identity))) {
      const ref = binding.roleRef as { kind: string; name: string };
      rules.push(...roleRules(ref.kind, ref.name));
    }
  }
  if (namespace) {
    for (const binding of store.list(ROLE_BINDINGS, namespace)) {
      const subjects = (binding.subjects as Subject[] | undefined) ?? [];
      if (subjects.some((subject) => subjectMatches(subject, identity))) {
        const ref = binding.roleRef as { kind: string; name: string };
        rules.push(...roleRules(ref.kind, ref.name, namespace));
      }
    }
  }
  return rules;
}

/** The RBAC authorizer: allowed when any rule bound to the user or one of its groups covers the request. */
function authorize(store: ObjectStore, identity: Identity, attributes: Attributes): boolean {
  const namespace = attributes.kind === "resource" ? attributes.namespace : undefined;
  return rulesFor(store, identity, namespace).some((rule) => ruleAllows(rule, attributes));
}

/** apiserver `forbiddenMessage` + `errors.NewForbidden`: the exact text clients and Caretaker parse. */
function forbiddenMessage(identity: Identity, attributes: Attributes): string {
  if (attributes.kind === "path") return `forbidden: User "${identity.username}" cannot ${attributes.verb} path "${attributes.path}"`;
  const resource = attributes.subresource ? `${attributes.resource}/${attributes.subresource}` : attributes.resource;
  const scope = attributes.namespace ? `in the namespace "${attributes.namespace}"` : "at the cluster scope";
  const reason = `User "${identity.username}" cannot ${attributes.verb} resource "${resource}" in API group "${attributes.apiGroup}" ${scope}`;
  const qualified = attributes.apiGroup ? `${attributes.resource}.${attributes.apiGroup}` : attributes.resource;
  return attributes.name ? `${qualified} "${attributes.name}" is forbidden: ${reason}` : `${qualified} is forbidden: ${reason}`;
}

/** The default roles every cluster has (discovery, self reviews, public info, cluster-admin for system:masters). */
function bootstrapRbacObjects(): KubeObject[] {
  const role = (name: string, rules: PolicyRule[]) =>
    ({ apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } }, rules }) as unknown as KubeObject;
  const binding = (name: string, roleName: string, groups: string[]) =>
    ({
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name, labels: { "kubernetes.io/bootstrapping": "rbac-defaults" } },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
      subjects: groups.map((group) => ({ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group })),
    }) as unknown as KubeObject;
  return [
    role("cluster-admin", [{ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { nonResourceURLs: ["*"], verbs: ["*"] }]),
    role("system:discovery", [{ nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], verbs: ["get"] }]),
    role("system:basic-user", [
      { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] },
    ]),
    role("system:public-info-viewer", [{ nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"], verbs: ["get"] }]),
    binding("cluster-admin", "cluster-admin", ["system:masters"]),
    binding("system:discovery", "system:discovery", ["system:authenticated"]),
    binding("system:basic-user", "system:basic-user", ["system:authenticated"]),
    binding("system:public-info-viewer", "system:public-info-viewer", ["system:authenticated", "system:unauthenticated"]),
  ];
}

export { authorize, bootstrapRbacObjects, forbiddenMessage, rulesFor };
export type { Attributes, Identity, PolicyRule };
