import { CoreV1Api, PatchStrategy, setHeaderOptions, VersionApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { failureOf, kubeConfigFor } from "./helpers";

let cluster: SandboxCluster;
let core: CoreV1Api;

beforeAll(async () => {
  cluster = await startCluster({
    name: "prod",
    version: "1.31",
    nodes: [{ name: "node-a", labels: { pool: "general" } }, { name: "node-b", labels: { pool: "general" } }, { name: "node-c", labels: { pool: "gpu" } }],
    deployments: [{ name: "web", namespace: "shop", replicas: 5, nodes: ["node-a", "node-b"] }],
    pods: [{ name: "naked", namespace: "default", node: "node-a" }],
  });
  core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
});
afterAll(() => cluster.stop());

describe("sandbox API server basics", () => {
  it("serves /version and discovery, advertising pods/eviction in policy/v1", async () => {
    const version = await kubeConfigFor(cluster).makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe("v1.31.4-eks-2d5f260");
    const resources = await core.getAPIResources();
    expect(resources.resources.find((r) => r.name === "pods/eviction")).toMatchObject({ group: "policy", version: "v1", kind: "Eviction", verbs: ["create"] });
  });

  it("lists pods of one node across namespaces with a field selector", async () => {
    const pods = await core.listPodForAllNamespaces({ fieldSelector: "spec.nodeName=node-a" });
    expect(pods.items.length).toBeGreaterThan(0);
    expect(pods.items.every((pod) => pod.spec?.nodeName === "node-a")).toBe(true);
    expect(pods.items.map((pod) => pod.metadata?.name)).toContain("naked");
  });

  it("rejects a field the server does not index", async () => {
    const failure = await failureOf(core.listPodForAllNamespaces({ fieldSelector: "spec.hostname=x" }));
    expect(failure.code).toBe(400);
    expect(failure.status.message).toContain("field label not supported: spec.hostname");
  });

  it("selects nodes by labels, equality and set based", async () => {
    const general = await core.listNode({ labelSelector: "pool=general" });
    expect(general.items.map((n) => n.metadata?.name)).toEqual(["node-a", "node-b"]);
    const notGpu = await core.listNode({ labelSelector: "pool notin (gpu),kubernetes.io/os" });
    expect(notGpu.items.map((n) => n.metadata?.name)).toEqual(["node-a", "node-b"]);
  });

  it("paginates with limit and continue as a consistent snapshot", async () => {
    const first = await core.listNamespacedPod({ namespace: "shop", limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.metadata?._continue).toBeTruthy();
    expect(first.metadata?.remainingItemCount).toBe(3);
    const second = await core.listNamespacedPod({ namespace: "shop", limit: 2, _continue: first.metadata?._continue });
    const third = await core.listNamespacedPod({ namespace: "shop", limit: 2, _continue: second.metadata?._continue });
    expect(third.metadata?._continue).toBeFalsy();
    const names = [...first.items, ...second.items, ...third.items].map((pod) => pod.metadata?.name);
    expect(new Set(names).size).toBe(5);
  });

  it("answers 410 Expired for a continue token older than the compaction window", async () => {
    const first = await core.listNamespacedPod({ namespace: "shop", limit: 1 });
    cluster.clock.advance(6 * 60_000);
    const failure = await failureOf(core.listNamespacedPod({ namespace: "shop", limit: 1, _continue: first.metadata?._continue }));
    expect(failure.code).toBe(410);
    expect(failure.status.reason).toBe("Expired");
  });

  it("cordons with a strategic merge patch and bumps the resourceVersion only on change", async () => {
    const before = await core.readNode({ name: "node-c" });
    const patched = await core.patchNode({ name: "node-c", body: { spec: { unschedulable: true } } }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch));
    expect(patched.spec?.unschedulable).toBe(true);
    expect(patched.metadata?.resourceVersion).not.toBe(before.metadata?.resourceVersion);
    const again = await core.patchNode({ name: "node-c", body: { spec: { unschedulable: true } } }, setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch));
    expect(again.metadata?.resourceVersion).toBe(patched.metadata?.resourceVersion);
  });

  it("applies merge patches (null deletes) and JSON patches (failed test → 422)", async () => {
    await core.patchNode({ name: "node-c", body: { metadata: { labels: { drain: "yes", pool: null } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    const node = await core.readNode({ name: "node-c" });
    expect(node.metadata?.labels?.drain).toBe("yes");
    expect(node.metadata?.labels?.pool).toBeUndefined();
    const ok = await core.patchNode({ name: "node-c", body: [{ op: "replace", path: "/spec/unschedulable", value: false }] }, setHeaderOptions("Content-Type", PatchStrategy.JsonPatch));
    expect(ok.spec?.unschedulable).toBe(false);
    const failure = await failureOf(core.patchNode({ name: "node-c", body: [{ op: "test", path: "/spec/unschedulable", value: true }] }, setHeaderOptions("Content-Type", PatchStrategy.JsonPatch)));
    expect(failure.code).toBe(422);
  });

  it("merges node taints as a list that is replaced, not merged", async () => {
    const headers = setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch);
    await core.patchNode({ name: "node-b", body: { spec: { taints: [{ key: "a", effect: "NoSchedule" }] } } }, headers);
    const node = await core.patchNode({ name: "node-b", body: { spec: { taints: [{ key: "b", effect: "NoSchedule" }] } } }, headers);
    expect(node.spec?.taints?.map((t) => t.key)).toEqual(["b"]);
  });

  it("answers 409 to a PUT with a stale resourceVersion", async () => {
    const node = await core.readNode({ name: "node-a" });
    await core.patchNode({ name: "node-a", body: { metadata: { annotations: { touched: "1" } } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
    const failure = await failureOf(core.replaceNode({ name: "node-a", body: node }));
    expect(failure.code).toBe(409);
    expect(failure.status.message).toBe('Operation cannot be fulfilled on nodes "node-a": the object has been modified; please apply your changes to the latest version and try again');
  });

  it("says 404 with the server's wording for a missing pod", async () => {
    const failure = await failureOf(core.readNamespacedPod({ name: "ghost", namespace: "shop" }));
    expect(failure.code).toBe(404);
    expect(failure.status.message).toBe('pods "ghost" not found');
  });
});
