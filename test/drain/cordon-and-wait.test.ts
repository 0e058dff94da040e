import { cordonNode, drainNode, drainOptions, uncordonNode } from "@caretaker/core/drain";
import { afterEach, describe, expect, it } from "vitest";
import { type DrainHarness, drainHarness } from "./harness";

let harness: DrainHarness | undefined;
afterEach(async () => {
  await harness?.cluster.stop();
  harness = undefined;
});

const nodeOf = (h: DrainHarness, name = "node") => h.cluster.get("v1", "Node", undefined, name) as unknown as { spec: { unschedulable?: boolean; taints?: Array<{ key: string }> }; metadata: { labels: Record<string, string> } };
const patches = (h: DrainHarness) => h.requestsFor("patch nodes");
const MARKS = { excludeFromLoadBalancers: true, taint: true, reason: "evt" };

describe("kubectl TestCordon parity (with Caretaker's marks)", () => {
  it("cordons for real, then does nothing the second time (no request)", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }] });
    expect((await cordonNode(harness.kube, harness.clock, "node", MARKS)).changed).toBe(true);
    expect(nodeOf(harness).spec.unschedulable).toBe(true);
    expect((await cordonNode(harness.kube, harness.clock, "node", MARKS)).changed).toBe(false);
    expect(patches(harness)).toBe(1);
  });

  it("uncordons for real, and does nothing to a schedulable node", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node", unschedulable: true }, { name: "free" }] });
    expect((await uncordonNode(harness.kube, harness.clock, "node")).changed).toBe(true);
    expect(nodeOf(harness).spec.unschedulable).toBeUndefined();
    expect((await uncordonNode(harness.kube, harness.clock, "free")).changed).toBe(false);
    expect(patches(harness)).toBe(1);
  });

  it("fails on a missing node, for cordon and uncordon", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }] });
    await expect(cordonNode(harness.kube, harness.clock, "bar", MARKS)).rejects.toThrow('node "bar" not found in cluster "prod"');
    await expect(uncordonNode(harness.kube, harness.clock, "bar")).rejects.toThrow('node "bar" not found');
  });

  it("removes on uncordon only the taint and label that are Caretaker's", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node", taints: [{ key: "team/maintenance", effect: "NoSchedule" }], labels: { "node.kubernetes.io/exclude-from-external-load-balancers": "ops-team" } }] });
    await cordonNode(harness.kube, harness.clock, "node", MARKS);
    expect(nodeOf(harness).spec.taints?.map((t) => t.key)).toEqual(["team/maintenance", "caretaker.dev/draining"]);
    await uncordonNode(harness.kube, harness.clock, "node");
    expect(nodeOf(harness).spec.taints?.map((t) => t.key)).toEqual(["team/maintenance"]);
    expect(nodeOf(harness).metadata.labels["node.kubernetes.io/exclude-from-external-load-balancers"]).toBe("ops-team");
  });

  it("retries the cordon when another writer changes the node in between (409)", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }] });
    harness.cluster.faults.script({ method: "PATCH", path: "/api/v1/nodes/node", status: 409, times: 1, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Conflict", code: 409, message: 'Operation cannot be fulfilled on nodes "node": the object has been modified; please apply your changes to the latest version and try again' } });
    expect((await cordonNode(harness.kube, harness.clock, "node", MARKS)).changed).toBe(true);
    expect(nodeOf(harness).spec.unschedulable).toBe(true);
  });
});

describe("waiting for evicted pods (kubectl waitForDelete)", () => {
  it("counts a pod recreated under the same name with a new UID as gone", async () => {
    // A StatefulSet pinned to the node that tolerates everything: its pod comes back there as db-0, new UID.
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }], statefulSets: [{ name: "db", namespace: "shop", replicas: 1, nodes: ["node"], nodeSelector: { "kubernetes.io/hostname": "node" }, tolerations: [{ operator: "Exists" }], terminationGracePeriodSeconds: 5 }] });
    const before = harness.cluster.get("v1", "Pod", "shop", "db-0");
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "t", options: drainOptions({ timeoutSeconds: 300 }) });
    expect(result.outcome).toBe("drained");
    await harness.clock.sleep(2_000); // the StatefulSet controller recreates db-0 once the old pod is gone
    const after = harness.cluster.get("v1", "Pod", "shop", "db-0");
    expect(after?.metadata.uid).not.toBe(before?.metadata.uid);
  });

  it("stops waiting for pods stuck terminating past --skip-wait-for-delete-timeout", async () => {
    // A finalizer nobody removes keeps the pod after its 30 s grace period: its deletionTimestamp falls into the past.
    const stuck = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stuck", namespace: "default", finalizers: ["example.com/hold"], ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "gone", uid: "0", controller: true }] },
      spec: { nodeName: "node", terminationGracePeriodSeconds: 30, containers: [{ name: "app", image: "nginx" }] },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
    };
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }, { name: "spare" }], objects: [stuck as never] });
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "t", options: drainOptions({ skipWaitForDeleteTimeoutSeconds: 60 }) });
    expect(result.outcome).toBe("drained");
    expect(result.skipped).toContainEqual({ pod: "default/stuck", reason: "deleted", message: "terminating for more than 60s" });
    expect(harness.cluster.get("v1", "Pod", "default", "stuck")?.metadata.deletionTimestamp).toBeTruthy();
  });

  it("reports pods still terminating when the timeout passes", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }, { name: "spare" }], deployments: [{ name: "web", namespace: "shop", replicas: 1, nodes: ["node"], terminationGracePeriodSeconds: 3600 }] });
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "t", options: drainOptions({ timeoutSeconds: 60 }) });
    expect(result.outcome).toBe("timed-out");
    expect(result.pending).toEqual([{ pod: expect.stringMatching(/^shop\/web-/), reason: "terminating" }]);
  });
});

describe("waiting for volumes to detach (EBS Multi-Attach)", () => {
  const withVolume = [
    { apiVersion: "v1", kind: "PersistentVolumeClaim", metadata: { name: "data-db-0", namespace: "shop" }, spec: { volumeName: "pv-ebs-1", accessModes: ["ReadWriteOnce"] } },
    { apiVersion: "storage.k8s.io/v1", kind: "VolumeAttachment", metadata: { name: "csi-abc" }, spec: { attacher: "ebs.csi.aws.com", nodeName: "node", source: { persistentVolumeName: "pv-ebs-1" } } },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "db-0", namespace: "shop", ownerReferences: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: "db", uid: "0", controller: true }] },
      spec: { nodeName: "node", terminationGracePeriodSeconds: 5, containers: [{ name: "db", image: "postgres" }], volumes: [{ name: "data", persistentVolumeClaim: { claimName: "data-db-0" } }] },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
    },
  ];

  it("completes only after the drained pods' volumes are detached from the node", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }, { name: "spare" }], objects: withVolume as never });
    const events: string[] = [];
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "t", options: drainOptions(), onProgress: (event) => events.push(event.type) });
    expect(result.outcome).toBe("drained");
    expect(events).toContain("waiting-for-volumes");
    expect(harness.cluster.list("storage.k8s.io/v1", "VolumeAttachment")).toEqual([]);
  });

  it("reports a volume still attached at the deadline as pending", async () => {
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }, { name: "spare" }], objects: withVolume as never });
    // The CSI driver is stuck: the pod is gone at once, the attachment would take 10 s, the deadline is sooner.
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "t", options: drainOptions({ gracePeriodSeconds: 1, timeoutSeconds: 10 }) });
    expect(result.outcome).toBe("timed-out");
    expect(result.pending).toEqual([{ pod: "volume/pv-ebs-1", reason: "still attached to node" }]);
  });
});
