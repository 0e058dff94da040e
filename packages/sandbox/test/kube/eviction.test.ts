import { CoreV1Api, PolicyV1Api } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/clock";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import type { ClusterSpec } from "../../src/kube/spec";
import { failureOf, kubeConfigFor } from "./helpers";

let cluster: SandboxCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const NODES = [{ name: "node-a" }, { name: "node-b" }, { name: "node-c" }];

async function start(spec: Omit<ClusterSpec, "name" | "nodes">, scale = 1) {
  const clock = new SandboxClock({ scale });
  cluster = await startCluster({ name: "prod", nodes: NODES, ...spec }, { clock, timing: { recreateDelayMs: 1_000, readyDelayMs: 5_000 } });
  const kubeConfig = kubeConfigFor(cluster);
  return { cluster, clock, core: kubeConfig.makeApiClient(CoreV1Api), policy: kubeConfig.makeApiClient(PolicyV1Api) };
}

function evict(core: CoreV1Api, namespace: string, name: string, deleteOptions?: object, apiVersion = "policy/v1") {
  return core.createNamespacedPodEviction({ name, namespace, body: { apiVersion, kind: "Eviction", metadata: { name, namespace }, ...(deleteOptions ? { deleteOptions } : {}) } });
}

const podsOn = async (core: CoreV1Api, node: string, namespace = "shop") =>
  (await core.listNamespacedPod({ namespace, fieldSelector: `spec.nodeName=${node}` })).items;

describe("eviction subresource", () => {
  it("evicts within the budget, then answers 429 with the disruption-budget cause", async () => {
    // Prepare: 3 replicas, all on node-a, maxUnavailable 1.
    const { core, cluster } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node-a"] }], pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }] });
    const [first, second] = await podsOn(core, "node-a");
    // Act
    await evict(core, "shop", first?.metadata?.name as string);
    const failure = await failureOf(evict(core, "shop", second?.metadata?.name as string));
    // Assess
    expect(failure.code).toBe(429);
    expect(failure.status.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(failure.status.details?.causes?.[0]).toMatchObject({ reason: "DisruptionBudget", message: "The disruption budget web needs 2 healthy pods and has 2 currently" });
    expect(cluster.counters.pdbViolations).toBe(0);
    expect(cluster.counters.evictions).toBe(1);
  });

  it("marks an evicted pod terminating for its grace period, then the kubelet removes it", async () => {
    const { core, clock } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 1, nodes: ["node-a"], terminationGracePeriodSeconds: 30 }] });
    const [pod] = await podsOn(core, "node-a");
    const name = pod?.metadata?.name as string;
    await evict(core, "shop", name);
    const terminating = await core.readNamespacedPod({ name, namespace: "shop" });
    expect(terminating.metadata?.deletionTimestamp).toBeTruthy();
    expect(terminating.metadata?.deletionGracePeriodSeconds).toBe(30);
    clock.advance(29_000);
    await expect(core.readNamespacedPod({ name, namespace: "shop" })).resolves.toBeTruthy();
    clock.advance(1_000);
    expect((await failureOf(core.readNamespacedPod({ name, namespace: "shop" }))).code).toBe(404);
  });

  it("replaces an evicted ReplicaSet pod with a new name and UID on another schedulable node, Ready after the delay", async () => {
    const { core, clock } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 1, nodes: ["node-a"] }] });
    await core.patchNode({ name: "node-a", body: { spec: { unschedulable: true } } }, (await import("@kubernetes/client-node")).setHeaderOptions("Content-Type", "application/strategic-merge-patch+json" as never));
    const [old] = await podsOn(core, "node-a");
    await evict(core, "shop", old?.metadata?.name as string);
    clock.advance(1_000);
    const replacements = (await core.listNamespacedPod({ namespace: "shop" })).items.filter((pod) => !pod.metadata?.deletionTimestamp);
    expect(replacements).toHaveLength(1);
    const replacement = replacements[0];
    expect(replacement?.metadata?.uid).not.toBe(old?.metadata?.uid);
    expect(replacement?.metadata?.name).not.toBe(old?.metadata?.name);
    expect(["node-b", "node-c"]).toContain(replacement?.spec?.nodeName);
    expect(replacement?.status?.conditions?.find((c) => c.type === "Ready")?.status).not.toBe("True");
    clock.advance(5_000);
    const ready = await core.readNamespacedPod({ name: replacement?.metadata?.name as string, namespace: "shop" });
    expect(ready.status?.conditions?.find((c) => c.type === "Ready")?.status).toBe("True");
  });

  it("recreates a StatefulSet pod under the same name with a new UID once the old one is gone", async () => {
    const { core, clock } = await start({ statefulSets: [{ name: "db", namespace: "shop", replicas: 1, nodes: ["node-a"], terminationGracePeriodSeconds: 10 }] });
    const old = await core.readNamespacedPod({ name: "db-0", namespace: "shop" });
    await evict(core, "shop", "db-0");
    clock.advance(5_000);
    expect((await core.readNamespacedPod({ name: "db-0", namespace: "shop" })).metadata?.uid).toBe(old.metadata?.uid);
    clock.advance(5_000); // grace over: gone
    clock.advance(1_000); // controller delay
    const recreated = await core.readNamespacedPod({ name: "db-0", namespace: "shop" });
    expect(recreated.metadata?.uid).not.toBe(old.metadata?.uid);
    expect(recreated.metadata?.deletionTimestamp).toBeFalsy();
  });

  it("answers 500 with the exact message when more than one PDB selects the pod", async () => {
    const { core } = await start({
      deployments: [{ name: "web", namespace: "shop", replicas: 3 }],
      pdbs: [
        { name: "web-a", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 },
        { name: "web-b", namespace: "shop", matchLabels: { app: "web" }, minAvailable: 1 },
      ],
    });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    const failure = await failureOf(evict(core, "shop", pod?.metadata?.name as string));
    expect(failure.code).toBe(500);
    expect(failure.status.message).toBe("This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
  });

  it("deletes pending, terminal and already-terminating pods without consulting the PDB", async () => {
    const { core, cluster } = await start({
      pods: [
        { name: "pending", namespace: "shop", phase: "Pending", labels: { app: "guarded" } },
        { name: "done", namespace: "shop", phase: "Succeeded", labels: { app: "guarded" } },
      ],
      pdbs: [{ name: "guarded", namespace: "shop", matchLabels: { app: "guarded" }, minAvailable: 5 }],
    });
    await evict(core, "shop", "pending");
    await evict(core, "shop", "done");
    expect((await core.listNamespacedPod({ namespace: "shop" })).items).toHaveLength(0);
    expect(cluster.counters.pdbViolations).toBe(0);
  });

  it("deletes an unready pod when the budget is already met (IfHealthyBudget) and always with AlwaysAllow", async () => {
    const { core } = await start({
      deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node-a"] }],
      pods: [
        { name: "broken", namespace: "shop", node: "node-b", ready: false, labels: { app: "web" }, ownerReferences: [{ apiVersion: "v1", kind: "ReplicationController", name: "legacy", uid: "0000", controller: true }] },
        { name: "crashing", namespace: "shop", node: "node-b", ready: false, labels: { app: "batch" } },
      ],
      pdbs: [
        { name: "web", namespace: "shop", matchLabels: { app: "web" }, minAvailable: 3 },
        { name: "batch", namespace: "shop", matchLabels: { app: "batch" }, minAvailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" },
      ],
    });
    await evict(core, "shop", "broken");
    await evict(core, "shop", "crashing");
    expect((await core.readNamespacedPod({ name: "broken", namespace: "shop" })).metadata?.deletionTimestamp).toBeTruthy();
    expect((await core.readNamespacedPod({ name: "crashing", namespace: "shop" })).metadata?.deletionTimestamp).toBeTruthy();
    // A healthy pod of the same budget is still protected.
    const healthy = (await podsOn(core, "node-a"))[0];
    expect((await failureOf(evict(core, "shop", healthy?.metadata?.name as string))).code).toBe(429);
  });

  it("answers 409 when the UID precondition names another incarnation of the pod", async () => {
    const { core } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 2 }] });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    const failure = await failureOf(evict(core, "shop", pod?.metadata?.name as string, { preconditions: { uid: "00000000-0000-4000-8000-000000000000" } }));
    expect(failure.code).toBe(409);
    expect(failure.status.message).toContain("Precondition failed: UID in precondition");
    expect((await core.readNamespacedPod({ name: pod?.metadata?.name as string, namespace: "shop" })).metadata?.deletionTimestamp).toBeFalsy();
  });

  it("accepts policy/v1beta1 Eviction bodies and rejects a name mismatch", async () => {
    const { core } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 2 }] });
    const [a, b] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    await evict(core, "shop", a?.metadata?.name as string, undefined, "policy/v1beta1");
    const failure = await failureOf(core.createNamespacedPodEviction({ name: b?.metadata?.name as string, namespace: "shop", body: { apiVersion: "policy/v1", kind: "Eviction", metadata: { name: "other", namespace: "shop" } } }));
    expect(failure.code).toBe(400);
    expect(failure.status.message).toBe("name in URL does not match name in Eviction object");
  });

  it("refuses evictions in a terminating namespace with the NamespaceTerminating cause", async () => {
    const { core } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 1, terminationGracePeriodSeconds: 60 }] });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    await core.deleteNamespace({ name: "shop" });
    const failure = await failureOf(evict(core, "shop", pod?.metadata?.name as string));
    expect(failure.code).toBe(403);
    expect(failure.status.details?.causes?.[0]?.reason).toBe("NamespaceTerminating");
  });

  it("reports PDB status like the disruption controller, with percentages rounded up", async () => {
    const { policy } = await start({
      deployments: [{ name: "web", namespace: "shop", replicas: 5 }],
      pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, minAvailable: "50%" }],
    });
    const pdb = await policy.readNamespacedPodDisruptionBudget({ name: "web", namespace: "shop" });
    expect(pdb.status).toMatchObject({ expectedPods: 5, desiredHealthy: 3, currentHealthy: 5, disruptionsAllowed: 2 });
  });
});

describe("pod deletion", () => {
  it("lets a second delete shorten the grace period and grace 0 remove the pod at once, counting it", async () => {
    const { core, cluster } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 1, terminationGracePeriodSeconds: 120 }] });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    const name = pod?.metadata?.name as string;
    await core.deleteNamespacedPod({ name, namespace: "shop" });
    await core.deleteNamespacedPod({ name, namespace: "shop", gracePeriodSeconds: 300 });
    expect((await core.readNamespacedPod({ name, namespace: "shop" })).metadata?.deletionGracePeriodSeconds).toBe(120);
    await core.deleteNamespacedPod({ name, namespace: "shop", gracePeriodSeconds: 0 });
    expect((await failureOf(core.readNamespacedPod({ name, namespace: "shop" }))).code).toBe(404);
    expect(cluster.counters.gracePeriodZeroDeletions).toBe(1);
  });

  it("counts a PDB violation when a client deletes a guarded healthy pod directly", async () => {
    const { core, cluster } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 2 }], pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, minAvailable: 2 }] });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    await core.deleteNamespacedPod({ name: pod?.metadata?.name as string, namespace: "shop" });
    expect(cluster.counters.pdbViolations).toBe(1);
  });

  it("counts DaemonSet and mirror pods removed by clients, and DaemonSet pods come back only on their own node", async () => {
    const { core, cluster, clock } = await start({ daemonSets: [{ name: "agent", namespace: "kube-system" }], pods: [{ name: "static-etcd", namespace: "kube-system", node: "node-a", mirror: true }] });
    const onA = (await core.listNamespacedPod({ namespace: "kube-system", fieldSelector: "spec.nodeName=node-a" })).items.find((pod) => pod.metadata?.name?.startsWith("agent-"));
    await evict(core, "kube-system", onA?.metadata?.name as string);
    await evict(core, "kube-system", "static-etcd");
    expect(cluster.counters.daemonSetPodsEvicted).toBe(1);
    expect(cluster.counters.mirrorPodsEvicted).toBe(1);
    clock.advance(31_000);
    const agents = (await core.listNamespacedPod({ namespace: "kube-system" })).items.filter((pod) => pod.metadata?.name?.startsWith("agent-"));
    expect(agents.map((pod) => pod.spec?.nodeName).sort()).toEqual(["node-a", "node-b", "node-c"]);
  });

  it("honours the UID precondition on DELETE", async () => {
    const { core } = await start({ deployments: [{ name: "web", namespace: "shop", replicas: 1 }] });
    const [pod] = (await core.listNamespacedPod({ namespace: "shop" })).items;
    const failure = await failureOf(core.deleteNamespacedPod({ name: pod?.metadata?.name as string, namespace: "shop", body: { preconditions: { uid: "not-the-uid" } } }));
    expect(failure.code).toBe(409);
  });
});
