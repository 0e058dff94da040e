import { AuthenticationV1Api, AuthorizationV1Api, setHeaderOptions } from "@kubernetes/client-node";
import { request as httpsRequest } from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/clock";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { kubeConfigFor } from "./helpers";

const rbac = "rbac.authorization.k8s.io";
const role = (name: string, rules: object[]) => ({ apiVersion: `${rbac}/v1`, kind: "ClusterRole", metadata: { name }, rules });
const binding = (name: string, subject: { kind: "User" | "Group"; name: string }) => ({
  apiVersion: `${rbac}/v1`,
  kind: "ClusterRoleBinding",
  metadata: { name },
  roleRef: { apiGroup: rbac, kind: "ClusterRole", name },
  subjects: [{ apiGroup: rbac, ...subject }],
});

/** The drainer group may evict; "helpdesk" may impersonate only the user "alice"; "nobody" has no rights at all. */
const OBJECTS = [
  role("drainer", [{ apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] }]),
  binding("drainer", { kind: "Group", name: "caretaker:drainer" }),
  role("helpdesk", [{ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["alice"] }]),
  binding("helpdesk", { kind: "User", name: "helpdesk" }),
  role("alice", [{ apiGroups: [""], resources: ["configmaps"], verbs: ["list"] }]),
  binding("alice", { kind: "User", name: "alice" }),
];

let cluster: SandboxCluster;
const clock = new SandboxClock({ start: new Date("2026-11-21T10:00:00Z") });

beforeAll(async () => {
  cluster = await startCluster(
    {
      name: "prod",
      nodes: [{ name: "node-a" }],
      objects: OBJECTS as never,
      staticTokens: { "token-nobody": { username: "nobody", groups: ["devs"] }, "token-helpdesk": { username: "helpdesk" } },
    },
    { clock },
  );
});
afterAll(() => cluster.stop());

interface RawAnswer {
  status: number;
  body: { reason?: string; message?: string; code?: number; status?: Record<string, unknown>; details?: Record<string, unknown> };
}

/** A POST with each header value on its own line (client-node's fetch joins repeated headers into one). */
function post(path: string, token: string, headers: Record<string, string | string[]>, body: object): Promise<RawAnswer> {
  const url = new URL(path, cluster.url);
  return new Promise((resolve, reject) => {
    const request = httpsRequest(url, { method: "POST", ca: cluster.caPem }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    });
    request.on("error", reject);
    request.setHeader("Authorization", `Bearer ${token}`);
    request.setHeader("Content-Type", "application/json");
    for (const [name, value] of Object.entries(headers)) request.setHeader(name, value);
    request.end(JSON.stringify(body));
  });
}

const whoAmI = (token: string, headers: Record<string, string | string[]>) =>
  post("/apis/authentication.k8s.io/v1/selfsubjectreviews", token, headers, { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" });

const canI = (token: string, headers: Record<string, string | string[]>, resourceAttributes: object) =>
  post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", token, headers, { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes } });

describe("impersonation (Impersonate-User / -Group / -Uid / -Extra-*)", () => {
  it("acts as exactly the user and groups asked for, plus system:authenticated", async () => {
    const answer = await whoAmI(cluster.adminToken, { "Impersonate-User": "caretaker-check", "Impersonate-Group": "caretaker:drainer" });
    expect(answer.status).toBe(201);
    expect(answer.body.status).toEqual({ userInfo: { username: "caretaker-check", groups: ["caretaker:drainer", "system:authenticated"] } });
    expect(cluster.requests.at(-1)).toMatchObject({ user: "caretaker-check", impersonator: "kubernetes-admin", status: 201 });
  });

  it("does not look up the impersonated user's own groups: a user alone is only system:authenticated", async () => {
    const answer = await whoAmI(cluster.adminToken, { "Impersonate-User": "nobody" });
    expect(answer.body.status).toEqual({ userInfo: { username: "nobody", groups: ["system:authenticated"] } });
  });

  it("takes each Impersonate-Group line as one group, and a comma-joined line as one group named with the comma", async () => {
    const lines = await whoAmI(cluster.adminToken, { "Impersonate-User": "u", "Impersonate-Group": ["caretaker:drainer", "caretaker:reader"] });
    expect(lines.body.status).toEqual({ userInfo: { username: "u", groups: ["caretaker:drainer", "caretaker:reader", "system:authenticated"] } });
    const joined = await whoAmI(cluster.adminToken, { "Impersonate-User": "u", "Impersonate-Group": "caretaker:drainer, caretaker:reader" });
    expect(joined.body.status).toEqual({ userInfo: { username: "u", groups: ["caretaker:drainer, caretaker:reader", "system:authenticated"] } });
  });

  it("adds no system:authenticated when system:unauthenticated is asked for, nor to system:anonymous: neither may review itself", async () => {
    // system:basic-user (self reviews) is bound to system:authenticated only, so the missing group shows as a 403.
    const unauthenticated = await whoAmI(cluster.adminToken, { "Impersonate-User": "u", "Impersonate-Group": "system:unauthenticated" });
    expect(unauthenticated.body.message).toBe('selfsubjectreviews.authentication.k8s.io is forbidden: User "u" cannot create resource "selfsubjectreviews" in API group "authentication.k8s.io" at the cluster scope');
    const anonymous = await whoAmI(cluster.adminToken, { "Impersonate-User": "system:anonymous" });
    expect(anonymous.status).toBe(403);
    const authenticated = await whoAmI(cluster.adminToken, { "Impersonate-User": "u", "Impersonate-Group": "system:authenticated" });
    expect(authenticated.body.status).toEqual({ userInfo: { username: "u", groups: ["system:authenticated"] } });
  });

  it("gives an impersonated ServiceAccount its fixed groups, and carries a UID and extras", async () => {
    const serviceAccount = await whoAmI(cluster.adminToken, { "Impersonate-User": "system:serviceaccount:kube-system:node-drainer" });
    expect(serviceAccount.body.status).toEqual({
      userInfo: { username: "system:serviceaccount:kube-system:node-drainer", groups: ["system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated"] },
    });
    const withUid = await whoAmI(cluster.adminToken, { "Impersonate-User": "u", "Impersonate-Uid": "uid-1", "Impersonate-Extra-Scopes": ["view", "edit"] });
    expect(withUid.body.status).toEqual({ userInfo: { username: "u", uid: "uid-1", groups: ["system:authenticated"], extra: { scopes: ["view", "edit"] } } });
  });

  it("evaluates SelfSubjectAccessReviews as the impersonated identity", async () => {
    const as = { "Impersonate-User": "caretaker-check", "Impersonate-Group": "caretaker:drainer" };
    const evict = await canI(cluster.adminToken, as, { verb: "create", resource: "pods", subresource: "eviction", namespace: "shop" });
    const secrets = await canI(cluster.adminToken, as, { verb: "list", resource: "secrets" });
    expect(evict.body.status).toMatchObject({ allowed: true });
    expect(secrets.body.status).toMatchObject({ allowed: false });
  });

  it("answers 400 to groups, a UID or extras without a user", async () => {
    const groups = await whoAmI(cluster.adminToken, { "Impersonate-Group": "caretaker:drainer" });
    expect(groups.status).toBe(400);
    expect(groups.body).toMatchObject({ reason: "BadRequest", code: 400, message: "requested [{Group  caretaker:drainer    }] without impersonating a user" });
    const uid = await whoAmI(cluster.adminToken, { "Impersonate-Uid": "uid-1" });
    expect(uid.body.message).toBe("requested [{UID  uid-1  authentication.k8s.io/v1  }] without impersonating a user");
  });

  it("refuses a requester without the impersonate verb, with the authorizer's message", async () => {
    const answer = await whoAmI("token-nobody", { "Impersonate-User": "caretaker-check", "Impersonate-Group": "caretaker:drainer" });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({
      reason: "Forbidden",
      message: 'users "caretaker-check" is forbidden: User "nobody" cannot impersonate resource "users" in API group "" at the cluster scope',
      details: { name: "caretaker-check", group: "", kind: "users" },
    });
    expect(cluster.requests.at(-1)).toMatchObject({ user: "nobody", status: 403 });
  });

  it("checks every value: a user it may impersonate, but not a group, a UID or a ServiceAccount", async () => {
    await expect(whoAmI("token-helpdesk", { "Impersonate-User": "alice" })).resolves.toMatchObject({ status: 201 });
    const other = await whoAmI("token-helpdesk", { "Impersonate-User": "bob" });
    expect(other.body.message).toBe('users "bob" is forbidden: User "helpdesk" cannot impersonate resource "users" in API group "" at the cluster scope');
    const group = await whoAmI("token-helpdesk", { "Impersonate-User": "alice", "Impersonate-Group": "system:masters" });
    expect(group.body.message).toBe('groups "system:masters" is forbidden: User "helpdesk" cannot impersonate resource "groups" in API group "" at the cluster scope');
    const uid = await whoAmI("token-helpdesk", { "Impersonate-User": "alice", "Impersonate-Uid": "uid-1" });
    expect(uid.body.message).toBe('uids.authentication.k8s.io "uid-1" is forbidden: User "helpdesk" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope');
    const serviceAccount = await whoAmI("token-helpdesk", { "Impersonate-User": "system:serviceaccount:kube-system:default" });
    expect(serviceAccount.body.message).toBe(
      'serviceaccounts "default" is forbidden: User "helpdesk" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "kube-system"',
    );
  });

  it("works through client-node's per-request header options, as Caretaker uses it", async () => {
    const admin = kubeConfigFor(cluster);
    const options = setHeaderOptions("Impersonate-Group", "caretaker:drainer", setHeaderOptions("Impersonate-User", "caretaker-check"));
    const review = await admin.makeApiClient(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } }, options);
    expect(review.status?.userInfo).toEqual({ username: "caretaker-check", groups: ["caretaker:drainer", "system:authenticated"] });
    const access = await admin.makeApiClient(AuthorizationV1Api).createSelfSubjectAccessReview(
      { body: { apiVersion: "authorization.k8s.io/v1", kind: "SelfSubjectAccessReview", spec: { resourceAttributes: { verb: "delete", resource: "pods" } } } },
      options,
    );
    expect(access.status?.allowed).toBe(false);
  });
});
