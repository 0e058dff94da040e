import { DRAINER_GROUP, drainerRbac } from "@caretaker/core/access";
import { drainNode, drainOptions, type DrainOptionsInput, type ProgressEvent } from "@caretaker/core/drain";
import type { ClusterSpec } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { type DrainHarness, drainHarness } from "./harness";

const NODES = [{ name: "node" }, { name: "spare-1" }, { name: "spare-2" }];
const DRAINER_TOKEN = "drainer-token";

let harness: DrainHarness | undefined;
afterEach(async () => {
  await harness?.cluster.stop();
  harness = undefined;
});

/** A cluster where the drain runs as the shipped drainer RBAC group (no admin rights). */
async function asDrainer(spec: Omit<ClusterSpec, "name" | "nodes">, forceDelete = false) {
  harness = await drainHarness(
    { name: "prod", nodes: NODES, ...spec, objects: [...(spec.objects ?? []), ...(drainerRbac({ forceDelete }) as never[])], staticTokens: { [DRAINER_TOKEN]: { username: "caretaker-drain", groups: [DRAINER_GROUP] } } },
    { token: DRAINER_TOKEN },
  );
  return harness;
}

function drain(h: DrainHarness, options: DrainOptionsInput = {}, extra: { budgetEndsAt?: number; deadlineAt?: number; events?: ProgressEvent[] } = {}) {
  return drainNode(h.kube, h.clock, {
    node: "node",
    reason: "test-event-1",
    options: drainOptions(options),
    ...(extra.budgetEndsAt !== undefined ? { budgetEndsAt: extra.budgetEndsAt } : {}),
    ...(extra.deadlineAt !== undefined ? { deadlineAt: extra.deadlineAt } : {}),
    ...(extra.events ? { onProgress: (event: ProgressEvent) => extra.events?.push(event) } : {}),
  });
}

const podsOnNode = (h: DrainHarness) => h.cluster.list("v1", "Pod").filter((pod) => (pod.spec as { nodeName?: string }).nodeName === "node");

describe("drainNode on the sandbox, with exactly the shipped drainer RBAC", () => {
  it("drains a PDB-guarded Deployment one disruption at a time, with zero PDB violations", async () => {
    // Prepare: 3 replicas all on the node, maxUnavailable 1, plus a DaemonSet pod that must stay.
    const h = await asDrainer({
      deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node"], terminationGracePeriodSeconds: 10 }],
      daemonSets: [{ name: "agent", namespace: "kube-system" }],
      pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
    });
    // Act
    const result = await drain(h);
    // Assess
    expect(result.outcome).toBe("drained");
    expect(result.evicted).toHaveLength(3);
    expect(result.warnings).toEqual([expect.stringMatching(/^ignoring DaemonSet-managed Pods: kube-system\/agent-/)]);
    expect(h.cluster.counters.total).toBe(0);
    // Evictions are timed to the PDB's status: exactly one request per pod, none refused.
    expect(h.cluster.requests.filter((entry) => entry.resource === "pods/eviction").map((entry) => entry.status)).toEqual([201, 201, 201]);
    expect(podsOnNode(h).map((pod) => pod.metadata.name)).toEqual([expect.stringMatching(/^agent-/)]);
    const node = h.cluster.get("v1", "Node", undefined, "node");
    expect(node?.metadata.labels?.["node.kubernetes.io/exclude-from-external-load-balancers"]).toBe("caretaker");
    expect((node?.spec as { taints: Array<{ key: string; value: string; effect: string }> }).taints).toEqual([{ key: "caretaker.dev/draining", value: "test-event-1", effect: "NoSchedule" }]);
  });

  it("reports a pod selected by two PDBs as a misconfiguration and keeps retrying until the deadline, never dropping it", async () => {
    const h = await asDrainer({
      deployments: [{ name: "web", namespace: "shop", replicas: 2, nodes: ["node"] }],
      pdbs: [
        { name: "web-a", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 },
        { name: "web-b", namespace: "shop", matchLabels: { app: "web" }, minAvailable: 1 },
      ],
    });
    const result = await drain(h, { timeoutSeconds: 300 });
    expect(result.outcome).toBe("timed-out");
    expect(result.pdbMisconfigured).toHaveLength(2);
    expect(result.pending.map((pending) => pending.reason)).toEqual([expect.stringContaining("more than one PodDisruptionBudget"), expect.stringContaining("more than one PodDisruptionBudget")]);
    expect(h.requestsFor("create pods/eviction")).toBeGreaterThan(4);
    expect(h.cluster.counters.total).toBe(0);
  });

  it("stops at the deadline with the PDB-blocked pods listed, evicting nothing it may not", async () => {
    const h = await asDrainer({
      deployments: [{ name: "db", namespace: "shop", replicas: 2, nodes: ["node"] }],
      pdbs: [{ name: "db", namespace: "shop", matchLabels: { app: "db" }, minAvailable: 2 }],
    });
    const result = await drain(h, { timeoutSeconds: 120 });
    expect(result.outcome).toBe("timed-out");
    expect(result.pending).toHaveLength(2);
    expect(result.pending[0]?.reason).toBe("pdb-blocked: PodDisruptionBudget shop/db allows no disruption now (needs 2 healthy pods, has 2)");
    expect(podsOnNode(h)).toHaveLength(2);
    expect(h.cluster.counters.total).toBe(0);
  });

  it("waits for do-not-disrupt pods instead of evicting them, then force-deletes at the deadline with a grace period of at least 1 s", async () => {
    const h = await asDrainer(
      { deployments: [{ name: "batch", namespace: "shop", replicas: 1, nodes: ["node"], annotations: { "karpenter.sh/do-not-disrupt": "true" }, terminationGracePeriodSeconds: 120 }] },
      true,
    );
    const result = await drain(h, { timeoutSeconds: 300, onDeadline: "force-delete" });
    expect(result.outcome).toBe("drained");
    expect(result.evicted).toEqual([]);
    expect(result.forceDeleted).toHaveLength(1);
    expect(h.cluster.counters.gracePeriodZeroDeletions).toBe(0);
    const deletion = h.cluster.requests.find((entry) => entry.verb === "delete" && entry.resource === "pods");
    expect(deletion?.status).toBe(200);
  });

  it("force-deletes pods whose budget never allows an eviction at the deadline, rather than retrying until the run's budget ends", async () => {
    // Prepare: a Spot drain's deadline (100 s), a run's budget far beyond it, and a PDB that allows no disruption.
    const h = await asDrainer(
      {
        deployments: [{ name: "web", namespace: "shop", replicas: 2, nodes: ["node"], terminationGracePeriodSeconds: 10 }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 0 }],
      },
      true,
    );
    const started = h.clock.now();
    // Act
    const result = await drain(h, { onDeadline: "force-delete" }, { deadlineAt: started + 100_000, budgetEndsAt: started + 870_000 });
    // Assess: deleted when their 10 s grace period no longer fit before the deadline, and gone about then (a poll
    // later at most), long before the run's budget ends.
    expect(result.outcome).toBe("drained");
    expect(result.evicted).toEqual([]);
    expect(result.forceDeleted).toHaveLength(2);
    expect(h.clock.now() - started).toBeLessThan(105_000);
    const deletions = h.cluster.requests.filter((entry) => entry.verb === "delete" && entry.resource === "pods");
    expect(deletions.map((entry) => entry.status)).toEqual([200, 200]);
    expect(podsOnNode(h)).toEqual([]);
  });

  it("reports a pod it may not force-delete (no pods delete in the RBAC) as failed, naming the missing permission", async () => {
    const h = await asDrainer({ deployments: [{ name: "batch", namespace: "shop", replicas: 1, nodes: ["node"], annotations: { "caretaker.dev/do-not-drain": "true" } }] });
    const result = await drain(h, { timeoutSeconds: 60, onDeadline: "force-delete" });
    expect(result.outcome).toBe("failed");
    expect(result.failed).toEqual([{ pod: expect.stringMatching(/^shop\/batch-/), error: expect.stringContaining('denied delete on pods (the core API group, namespace "shop")') }]);
    expect(podsOnNode(h)).toHaveLength(1);
  });

  it("evicts ordinary pods first and system-*-critical ones only after those are gone", async () => {
    const h = await asDrainer({
      deployments: [
        { name: "dns", namespace: "kube-system", replicas: 1, nodes: ["node"], priorityClassName: "system-cluster-critical", terminationGracePeriodSeconds: 5 },
        { name: "web", namespace: "shop", replicas: 2, nodes: ["node"], terminationGracePeriodSeconds: 5 },
      ],
    });
    const events: ProgressEvent[] = [];
    const result = await drain(h, {}, { events });
    expect(result.outcome).toBe("drained");
    const order = events.filter((event) => event.type === "evicted" || event.type === "gone").map((event) => `${event.type}:${(event as { pod: string }).pod.split("/")[0]}`);
    const firstCritical = order.indexOf("evicted:kube-system");
    expect(order.slice(0, firstCritical).filter((entry) => entry.startsWith("gone:shop"))).toHaveLength(2);
  });

  it("stops when its time budget ends and resumes from the cluster's state on the next run", async () => {
    const h = await asDrainer({
      deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node"], terminationGracePeriodSeconds: 30 }],
      pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
    });
    const first = await drain(h, {}, { budgetEndsAt: h.clock.now() + 20_000 });
    expect(first.outcome).toBe("in-progress");
    expect(first.pending.length).toBeGreaterThan(0);
    const second = await drain(h);
    expect(second.outcome).toBe("drained");
    expect(second.cordonChanged).toBe(false);
    expect([...first.evicted, ...second.evicted].sort()).toHaveLength(3);
    expect(h.cluster.counters.total).toBe(0);
  });

  it("waits for pods of a terminating namespace instead of failing on NamespaceTerminating", async () => {
    const h = await asDrainer({ deployments: [{ name: "old", namespace: "retired", replicas: 1, nodes: ["node"], terminationGracePeriodSeconds: 20 }] });
    h.cluster.faults.script({ method: "POST", path: /\/pods\/old-[^/]+\/eviction$/, status: 403, times: 1, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Forbidden", code: 403, message: "pods is forbidden: unable to create new content in namespace retired because it is being terminated", details: { causes: [{ reason: "NamespaceTerminating", message: "namespace retired is being terminated", field: "metadata.namespace" }] } } });
    const result = await drain(h);
    expect(result.outcome).toBe("drained");
    expect(result.failed).toEqual([]);
  });

  it("changes nothing in a dry run and lists what it would evict", async () => {
    const h = await asDrainer({ deployments: [{ name: "web", namespace: "shop", replicas: 2, nodes: ["node"] }] });
    const result = await drain(h, { dryRun: true });
    expect(result.outcome).toBe("dry-run");
    expect(result.pending.map((pending) => pending.reason)).toEqual(["would be evicted", "would be evicted"]);
    expect(h.cluster.get("v1", "Node", undefined, "node")?.spec).not.toMatchObject({ unschedulable: true });
    expect(h.cluster.requests.filter((entry) => entry.method !== "GET")).toEqual([]);
  });

  it("reports a node that does not exist without touching anything", async () => {
    const h = await asDrainer({});
    const result = await drainNode(h.kube, h.clock, { node: "gone-node", reason: "x", options: drainOptions() });
    expect(result.outcome).toBe("node-not-found");
    expect(h.cluster.requests.filter((entry) => entry.method !== "GET")).toEqual([]);
  });

  it("survives 10% random 5xx answers from the API server", async () => {
    const h = await asDrainer({
      deployments: [{ name: "web", namespace: "shop", replicas: 4, nodes: ["node"], terminationGracePeriodSeconds: 5 }],
      pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
    });
    h.cluster.faults.errorRate = 0.1;
    const result = await drain(h);
    expect(result.outcome).toBe("drained");
    expect(h.cluster.requests.some((entry) => entry.fault === "random-error")).toBe(true);
    expect(h.cluster.counters.total).toBe(0);
  });
});
