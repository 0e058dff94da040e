import { AuthorizationV1Api, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/clock";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { kubeConfigFor } from "./helpers";

/**
 * Fidelity: what the simulator lets any authenticated identity do (an EKS access entry with no Kubernetes group, as
 * Caretaker's probe has) must be exactly what a real API server's default RBAC grants system:authenticated — the
 * ClusterRoles system:basic-user (self reviews), system:discovery and system:public-info-viewer (kube-apiserver's
 * bootstrappolicy, Kubernetes ≥ 1.28) — and nothing more, or tests of "authenticated only" would prove too little.
 */

let cluster: SandboxCluster;
const clock = new SandboxClock({ start: new Date("2026-11-21T10:00:00Z") });

beforeAll(async () => {
  cluster = await startCluster({ name: "prod", nodes: [{ name: "node-a" }], staticTokens: { "token-plain": { username: "plain" } } }, { clock });
});
afterAll(() => cluster.stop());

function plain() {
  return kubeConfigFor(cluster, { name: "plain", token: "token-plain" }).makeApiClient(AuthorizationV1Api);
}

async function may(spec: { resourceAttributes?: Record<string, string>; nonResourceAttributes?: { path: string; verb: string } }): Promise<boolean> {
  const review = await plain().createSelfSubjectAccessReview({ body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec } });
  return review.status?.allowed === true;
}

describe("the default RBAC every authenticated user has", () => {
  it("binds system:authenticated to exactly system:basic-user, system:discovery and system:public-info-viewer, with upstream's rules", async () => {
    // Act
    const rbac = kubeConfigFor(cluster).makeApiClient(RbacAuthorizationV1Api);
    const [bindings, roles] = await Promise.all([rbac.listClusterRoleBinding(), rbac.listClusterRole()]);

    // Assess
    const authenticated = bindings.items.filter((binding) => (binding.subjects ?? []).some((subject) => subject.kind === "Group" && subject.name === "system:authenticated"));
    expect(authenticated.map((binding) => binding.roleRef.name).sort()).toEqual(["system:basic-user", "system:discovery", "system:public-info-viewer"]);
    const rules = (name: string) => roles.items.find((role) => role.metadata?.name === name)?.rules?.map((rule) => ({ ...rule }));
    expect(rules("system:basic-user")).toEqual([
      { apiGroups: ["authorization.k8s.io"], resources: ["selfsubjectaccessreviews", "selfsubjectrulesreviews"], verbs: ["create"] },
      { apiGroups: ["authentication.k8s.io"], resources: ["selfsubjectreviews"], verbs: ["create"] },
    ]);
    expect(rules("system:discovery")).toEqual([
      { nonResourceURLs: ["/api", "/api/*", "/apis", "/apis/*", "/healthz", "/livez", "/openapi", "/openapi/*", "/readyz", "/version", "/version/"], verbs: ["get"] },
    ]);
    expect(rules("system:public-info-viewer")).toEqual([{ nonResourceURLs: ["/healthz", "/livez", "/readyz", "/version", "/version/"], verbs: ["get"] }]);
  });

  it.each([
    ["authorization.k8s.io", "selfsubjectaccessreviews"],
    ["authorization.k8s.io", "selfsubjectrulesreviews"],
    ["authentication.k8s.io", "selfsubjectreviews"],
  ])("lets a user with no group create %s %s", async (group, resource) => {
    expect(await may({ resourceAttributes: { verb: "create", group, resource } })).toBe(true);
  });

  it.each(["/version", "/version/", "/healthz", "/livez", "/readyz", "/api", "/api/v1", "/apis", "/apis/apps/v1", "/openapi/v2"])("lets a user with no group GET %s", async (path) => {
    expect(await may({ nonResourceAttributes: { path, verb: "get" } })).toBe(true);
  });

  it.each([
    ["get", "", "secrets"],
    ["list", "", "pods"],
    ["list", "", "nodes"],
    ["get", "", "namespaces"],
    ["create", "", "pods"],
    ["impersonate", "", "users"],
    ["list", "rbac.authorization.k8s.io", "clusterroles"],
    ["create", "authentication.k8s.io", "tokenreviews"],
    ["create", "authorization.k8s.io", "subjectaccessreviews"],
    ["delete", "authentication.k8s.io", "selfsubjectreviews"],
  ])("denies a user with no group %s %s/%s", async (verb, group, resource) => {
    expect(await may({ resourceAttributes: { verb, group, resource } })).toBe(false);
  });

  it.each([
    ["get", "/metrics"],
    ["get", "/logs"],
    ["get", "/debug/pprof/"],
    ["post", "/version"],
  ])("denies a user with no group %s %s", async (verb, path) => {
    expect(await may({ nonResourceAttributes: { path, verb } })).toBe(false);
  });
});
