import { drainNode, drainOptions, type DrainOptionsInput } from "@caretaker/core/drain";
import type { ClusterSpec } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { type DrainHarness, drainHarness } from "./harness";

/**
 * kubectl's TestDrain cases (k8s.io/kubectl/pkg/cmd/drain/drain_test.go, drain.md §13.1), each run with the
 * Eviction API and with DELETE only (--disable-eviction). "No flags" means kubectl's own defaults, not NTH's.
 */
const KUBECTL_DEFAULTS: DrainOptionsInput = { ignoreDaemonSets: false, deleteEmptyDirData: false, force: false, excludeFromLoadBalancers: false, taint: false };
const OWNED_BY = (kind: string, apiVersion = "apps/v1") => [{ apiVersion, kind, name: "owner", uid: "11111111-1111-4111-8111-111111111111", controller: true }];

interface DrainCase {
  name: string;
  pods: NonNullable<ClusterSpec["pods"]>;
  daemonSets?: ClusterSpec["daemonSets"];
  flags?: DrainOptionsInput;
  fatal?: string;
  /** Pods that must be gone afterwards (namespace/name). */
  removed?: string[];
  /** Pods that must still be there, untouched. */
  kept?: string[];
  warning?: string;
}

const CASES: DrainCase[] = [
  { name: "RC-managed pod", pods: [{ name: "bar", node: "node", ownerReferences: OWNED_BY("ReplicationController", "v1"), terminationGracePeriodSeconds: 1 }], removed: ["default/bar"] },
  { name: "DS-managed pod", pods: [], daemonSets: [{ name: "ds", namespace: "default", nodes: ["node"] }], fatal: "cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): default/ds-" },
  { name: "DS-managed terminated pod", pods: [{ name: "bar", node: "node", phase: "Succeeded", ownerReferences: OWNED_BY("DaemonSet") }], removed: ["default/bar"] },
  { name: "orphaned DS-managed pod", pods: [{ name: "bar", node: "node" }], fatal: "cannot delete Pods that declare no controller (use --force to override): default/bar", kept: ["default/bar"] },
  { name: "orphaned DS-managed pod with --force", pods: [{ name: "bar", node: "node", terminationGracePeriodSeconds: 1 }], flags: { force: true }, removed: ["default/bar"], warning: "deleting Pods that declare no controller: default/bar" },
  { name: "DS-managed pod with --ignore-daemonsets", pods: [], daemonSets: [{ name: "ds", namespace: "default", nodes: ["node"] }], flags: { ignoreDaemonSets: true } },
  { name: "DS-managed pod with emptyDir with --ignore-daemonsets", pods: [], daemonSets: [{ name: "ds", namespace: "default", nodes: ["node"], emptyDir: true }], flags: { ignoreDaemonSets: true }, warning: "ignoring DaemonSet-managed Pods: default/ds-" },
  { name: "Job-managed pod with local storage", pods: [{ name: "bar", node: "node", emptyDir: true, ownerReferences: OWNED_BY("Job", "batch/v1"), terminationGracePeriodSeconds: 1 }], flags: { force: true, deleteEmptyDirData: true }, removed: ["default/bar"] },
  { name: "Job-managed terminated pod", pods: [{ name: "bar", node: "node", emptyDir: true, phase: "Succeeded", ownerReferences: OWNED_BY("Job", "batch/v1") }], removed: ["default/bar"] },
  { name: "RS-managed pod", pods: [{ name: "bar", node: "node", ownerReferences: OWNED_BY("ReplicaSet"), terminationGracePeriodSeconds: 1 }], removed: ["default/bar"] },
  { name: "naked pod", pods: [{ name: "bar", node: "node" }], fatal: "cannot delete Pods that declare no controller (use --force to override): default/bar", kept: ["default/bar"] },
  { name: "naked pod with --force", pods: [{ name: "bar", node: "node", terminationGracePeriodSeconds: 1 }], flags: { force: true }, removed: ["default/bar"] },
  { name: "pod with EmptyDir", pods: [{ name: "bar", node: "node", emptyDir: true }], flags: { force: true }, fatal: "cannot delete Pods with local storage (use --delete-emptydir-data to override): default/bar", kept: ["default/bar"] },
  { name: "terminated pod with emptyDir", pods: [{ name: "bar", node: "node", emptyDir: true, phase: "Failed" }], removed: ["default/bar"] },
  { name: "pod with EmptyDir and --delete-emptydir-data", pods: [{ name: "bar", node: "node", emptyDir: true, terminationGracePeriodSeconds: 1 }], flags: { force: true, deleteEmptyDirData: true }, removed: ["default/bar"] },
  { name: "empty node", pods: [] },
];

let harness: DrainHarness | undefined;
afterEach(async () => {
  await harness?.cluster.stop();
  harness = undefined;
});

const podIds = (h: DrainHarness) => h.cluster.list("v1", "Pod").map((pod) => `${pod.metadata.namespace}/${pod.metadata.name}`);

describe.each([
  ["with the Eviction API", false],
  ["with DELETE only (--disable-eviction)", true],
])("kubectl TestDrain parity %s", (_mode, disableEviction) => {
  it.each(CASES)("$name", async (testCase) => {
    // Prepare
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }, { name: "other" }], pods: testCase.pods, ...(testCase.daemonSets ? { daemonSets: testCase.daemonSets } : {}) });
    const before = podIds(harness);
    // Act
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "test", options: drainOptions({ ...KUBECTL_DEFAULTS, ...testCase.flags, disableEviction }) });
    // Assess: the node is always cordoned first.
    expect(harness.cluster.get("v1", "Node", undefined, "node")?.spec).toMatchObject({ unschedulable: true });
    expect(harness.cluster.requests.some((entry) => entry.path === "/api/v1/pods" && entry.query.includes("fieldSelector=spec.nodeName%3Dnode") && entry.query.includes("limit=500"))).toBe(true);
    if (testCase.fatal) {
      expect(result.outcome).toBe("refused");
      expect(result.errors.join("\n")).toContain(testCase.fatal);
      expect(harness.requestsFor("create pods/eviction") + harness.requestsFor("delete pods")).toBe(0);
      expect(podIds(harness)).toEqual(before);
      return;
    }
    expect(result.outcome).toBe("drained");
    for (const pod of testCase.removed ?? []) expect(podIds(harness)).not.toContain(pod);
    for (const pod of testCase.kept ?? []) expect(podIds(harness)).toContain(pod);
    if (testCase.warning) expect(result.warnings.join("\n")).toContain(testCase.warning);
    // At most one eviction request per pod, and never both an eviction and a delete.
    const evictions = harness.requestsFor("create pods/eviction");
    const deletes = harness.requestsFor("delete pods");
    expect(evictions + deletes).toBe(testCase.removed?.length ?? 0);
    expect(disableEviction ? evictions : deletes).toBe(0);
    expect(harness.cluster.counters.total).toBe(0);
  });
});

describe("kubectl TestDrain parity: failing to list pods", () => {
  it("fails the drain, naming the cluster and the operation, after retrying transient errors", async () => {
    // Prepare
    harness = await drainHarness({ name: "prod", nodes: [{ name: "node" }] });
    harness.cluster.faults.script({ method: "GET", path: "/api/v1/pods", status: 500, body: { kind: "Status", apiVersion: "v1", status: "Failure", message: "etcdserver: request timed out", reason: "InternalError", code: 500 } });
    // Act
    const failure = drainNode(harness.kube, harness.clock, { node: "node", reason: "test", options: drainOptions(KUBECTL_DEFAULTS) });
    // Assess
    await expect(failure).rejects.toThrow('Cluster "prod" answered 500 InternalError while trying to list pods on node node: etcdserver: request timed out');
    expect(harness.cluster.requests.filter((entry) => entry.path === "/api/v1/pods").length).toBe(5);
  });
});
