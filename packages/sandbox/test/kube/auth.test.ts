import { createEksToken } from "@caretaker/core/eks";
import { AuthorizationV1Api, CoreV1Api, KubeConfig, RbacAuthorizationV1Api, VersionApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/clock";
import type { ClusterIdentitySource } from "../../src/kube/authn";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { failureOf, kubeConfigFor } from "./helpers";

const DRAINER = { accessKeyId: "AKIDDRAINER", secretAccessKey: "drainer-secret", principalArn: "arn:aws:iam::111122223333:role/caretaker-drain" };
const STRANGER = { accessKeyId: "AKIDSTRANGER", secretAccessKey: "stranger-secret", principalArn: "arn:aws:iam::111122223333:role/unmapped" };

/** Access entries as the EKS fake provides them: only the drain role is mapped, to the caretaker:drainer group. */
const identities: ClusterIdentitySource = {
  credentials: () => [DRAINER, STRANGER],
  identityFor: (principalArn) =>
    principalArn === DRAINER.principalArn ? { username: "arn:aws:sts::111122223333:assumed-role/caretaker-drain/{{SessionName}}", groups: ["caretaker:drainer"] } : undefined,
};

const DRAINER_ROLE = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRole",
  metadata: { name: "caretaker-drainer" },
  rules: [
    { apiGroups: [""], resources: ["nodes"], verbs: ["get", "list", "patch"] },
    { apiGroups: [""], resources: ["pods"], verbs: ["get", "list"] },
    { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
  ],
};
const DRAINER_BINDING = {
  apiVersion: "rbac.authorization.k8s.io/v1",
  kind: "ClusterRoleBinding",
  metadata: { name: "caretaker-drainer" },
  roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "caretaker-drainer" },
  subjects: [{ kind: "Group", name: "caretaker:drainer", apiGroup: "rbac.authorization.k8s.io" }],
};

let cluster: SandboxCluster;
const clock = new SandboxClock({ start: new Date("2026-11-21T10:00:00Z") });

beforeAll(async () => {
  cluster = await startCluster(
    { name: "prod", nodes: [{ name: "node-a" }], deployments: [{ name: "web", namespace: "shop", replicas: 2 }], objects: [DRAINER_ROLE, DRAINER_BINDING] as never },
    { clock, identities },
  );
});
afterAll(() => cluster.stop());

async function asEks(credentials: { accessKeyId: string; secretAccessKey: string }, options: { clusterName?: string; signedAt?: Date } = {}): Promise<KubeConfig> {
  const { token } = await createEksToken({ clusterName: options.clusterName ?? "prod", region: "eu-west-1", credentials, signingDate: options.signedAt ?? clock.now() });
  return kubeConfigFor(cluster, { name: "eks", token });
}

describe("authentication", () => {
  it("accepts a presigned EKS token and maps the role through its access entry", async () => {
    const review = await (await asEks(DRAINER)).makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "create", resource: "pods", subresource: "eviction", namespace: "shop" } } },
    });
    expect(review.status?.allowed).toBe(true);
    expect(cluster.requests.at(-1)?.user).toBe("arn:aws:sts::111122223333:assumed-role/caretaker-drain/{{SessionName}}");
  });

  it.each([
    ["an IAM principal without an access entry", () => asEks(STRANGER)],
    ["a token minted for another cluster", () => asEks(DRAINER, { clusterName: "staging" })],
    ["an expired token", () => asEks(DRAINER, { signedAt: new Date(clock.nowMs() - 16 * 60_000) })],
    ["a token signed with the wrong secret", () => asEks({ accessKeyId: DRAINER.accessKeyId, secretAccessKey: "guessed" })],
    ["a token that is not an EKS token", async () => kubeConfigFor(cluster, { name: "junk", token: "k8s-aws-v1.bm9wZQ" })],
  ])("answers 401 to %s", async (_case, kubeConfig) => {
    const failure = await failureOf((await kubeConfig()).makeApiClient(CoreV1Api).listNode());
    // client-node drops the body of 401 answers (its OpenAPI model has none), so assert the code and the log.
    expect(failure.code).toBe(401);
    expect(cluster.requests.at(-1)).toMatchObject({ path: "/api/v1/nodes", status: 401, user: "" });
  });

  it("lets anonymous requests read /version but nothing else", async () => {
    const anonymous = new KubeConfig();
    anonymous.loadFromString(JSON.stringify({ ...cluster.kubeconfig({ name: "anonymous" }) }));
    await expect(anonymous.makeApiClient(VersionApi).getCode()).resolves.toMatchObject({ major: "1" });
    const failure = await failureOf(anonymous.makeApiClient(CoreV1Api).listNode());
    expect(failure.code).toBe(403);
    expect(failure.status.message).toBe('nodes is forbidden: User "system:anonymous" cannot list resource "nodes" in API group "" at the cluster scope');
  });
});

describe("authorization (RBAC through access entries)", () => {
  it("allows exactly the drainer's rules and denies the rest with the API server's message", async () => {
    const core = (await asEks(DRAINER)).makeApiClient(CoreV1Api);
    await expect(core.listNode()).resolves.toMatchObject({ kind: "NodeList" });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    const name = pod?.metadata?.name as string;
    const denied = await failureOf(core.deleteNamespacedPod({ name, namespace: "shop" }));
    expect(denied.code).toBe(403);
    expect(denied.status.message).toBe(`pods "${name}" is forbidden: User "arn:aws:sts::111122223333:assumed-role/caretaker-drain/{{SessionName}}" cannot delete resource "pods" in API group "" in the namespace "shop"`);
    const secrets = await failureOf(core.listNamespacedConfigMap({ namespace: "shop" }));
    expect(secrets.code).toBe(403);
    await expect(core.createNamespacedPodEviction({ name, namespace: "shop", body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "shop" } } })).resolves.toBeTruthy();
  });

  it("denies an eviction when the role lacks pods/eviction even though it may read pods", async () => {
    const readerRole = { ...DRAINER_ROLE, metadata: { name: "reader" }, rules: [{ apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "create"] }] };
    const admin = kubeConfigFor(cluster).makeApiClient(RbacAuthorizationV1Api);
    await admin.createClusterRole({ body: readerRole as never });
    // roleRef is immutable: the binding is re-created to point at another role.
    await admin.deleteClusterRoleBinding({ name: "caretaker-drainer" });
    await admin.createClusterRoleBinding({ body: { ...DRAINER_BINDING, roleRef: { ...DRAINER_BINDING.roleRef, name: "reader" } } as never });
    const drainer = (await asEks(DRAINER)).makeApiClient(CoreV1Api);
    const [pod] = (await drainer.listNamespacedPod({ namespace: "shop" })).items.filter((p) => !p.metadata?.deletionTimestamp);
    const name = pod?.metadata?.name as string;
    const denied = await failureOf(drainer.createNamespacedPodEviction({ name, namespace: "shop", body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "shop" } } }));
    expect(denied.status.message).toContain('cannot create resource "pods/eviction" in API group "" in the namespace "shop"');
    await admin.deleteClusterRoleBinding({ name: "caretaker-drainer" });
    await admin.createClusterRoleBinding({ body: DRAINER_BINDING as never });
  });

  it("refuses to change a binding's roleRef (immutable), on PUT and on PATCH, with the API server's message", async () => {
    const admin = kubeConfigFor(cluster).makeApiClient(RbacAuthorizationV1Api);
    const current = await admin.readClusterRoleBinding({ name: "caretaker-drainer" });
    const replaced = await failureOf(admin.replaceClusterRoleBinding({ name: "caretaker-drainer", body: { ...current, roleRef: { ...DRAINER_BINDING.roleRef, name: "cluster-admin" } } }));
    const message = 'Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"cluster-admin"}: cannot change roleRef';
    expect(replaced.code).toBe(422);
    expect(replaced.status).toMatchObject({ reason: "Invalid", message: `ClusterRoleBinding.rbac.authorization.k8s.io "caretaker-drainer" is invalid: roleRef: ${message}` });
    expect(replaced.status.details?.causes).toEqual([{ reason: "FieldValueInvalid", message, field: "roleRef" }]);
    const patched = await failureOf(admin.patchClusterRoleBinding({ name: "caretaker-drainer", body: [{ op: "replace", path: "/roleRef/name", value: "cluster-admin" }] }));
    expect(patched.code).toBe(422);
    await expect(admin.replaceClusterRoleBinding({ name: "caretaker-drainer", body: { ...current, subjects: [...(current.subjects ?? []), { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ops" }] } })).resolves.toBeTruthy();
    await admin.replaceClusterRoleBinding({ name: "caretaker-drainer", body: { ...DRAINER_BINDING, metadata: { name: "caretaker-drainer" } } as never });
  });
});
