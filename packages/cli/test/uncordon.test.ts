import { CARETAKER_TAINT_KEY, EXCLUDE_FROM_LB_LABEL } from "@caretaker/core/drain";
import { afterEach, describe, expect, it } from "vitest";
import { type DrainSandbox, startDrainSandbox } from "./drain-sandbox";

/**
 * kubectl's TestCordon cases for uncordon (k8s.io/kubectl/pkg/cmd/drain/drain_test.go, drain.md §13.2), plus what
 * Caretaker's drain adds to a node and uncordon must take away (and only that).
 */
let sandbox: DrainSandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const FOREIGN_TAINT = { key: "dedicated", value: "gpu", effect: "NoSchedule" };
const node = (s: DrainSandbox, name: string) => s.cluster.get("v1", "Node", undefined, name) as unknown as { spec: { unschedulable?: boolean; taints?: Array<{ key: string }> }; metadata: { labels: Record<string, string> } };

describe("caretaker uncordon", () => {
  it("uncordons with kubectl's node/NAME syntax", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node", unschedulable: true }] });
    // Act
    const { code, stdout } = await sandbox.run(["uncordon", "node/node", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("node/node uncordoned");
    expect(node(sandbox, "node").spec.unschedulable).toBeUndefined();
  });

  it("does nothing to a node that is already schedulable, sending no PATCH", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node" }] });
    // Act
    const { code, stdout } = await sandbox.run(["uncordon", "node", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("node/node already uncordoned");
    expect(sandbox.requestsFor("patch nodes")).toBe(0);
  });

  it("fails on a missing node with exit 3, changing none of the nodes named", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node", unschedulable: true }] });
    // Act
    const { code, stdout, stderr } = await sandbox.run(["uncordon", "node", "bar", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(3);
    expect(stderr).toContain('node "bar" not found in cluster "prod"');
    expect(stdout).toBe("");
    expect(node(sandbox, "node").spec.unschedulable).toBe(true);
  });

  it("uncordons several nodes", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node1", unschedulable: true }, { name: "node2", unschedulable: true }] });
    // Act
    const { code, stdout } = await sandbox.run(["uncordon", "node1", "node2", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual(["node/node1 uncordoned", "node/node2 uncordoned"]);
    expect([node(sandbox, "node1").spec.unschedulable, node(sandbox, "node2").spec.unschedulable]).toEqual([undefined, undefined]);
  });

  it("removes the taint and label a drain added, and leaves other taints alone", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node", taints: [FOREIGN_TAINT] }] });
    const drained = await sandbox.run(["drain", "node", "--kubeconfig", sandbox.kubeconfig]);
    // Act
    const { code, stdout } = await sandbox.run(["uncordon", "node", "--kubeconfig", sandbox.kubeconfig, "--json"]);
    // Assess
    expect(drained.code).toBe(0);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([{ cluster: "prod", node: "node", changed: true }]);
    expect(node(sandbox, "node").spec.unschedulable).toBeUndefined();
    expect(node(sandbox, "node").spec.taints?.map((taint) => taint.key)).toEqual([FOREIGN_TAINT.key]);
    expect(node(sandbox, "node").metadata.labels[EXCLUDE_FROM_LB_LABEL]).toBeUndefined();
    expect(JSON.stringify(node(sandbox, "node"))).not.toContain(CARETAKER_TAINT_KEY);
  });

  it("changes nothing with --dry-run", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node", unschedulable: true }] });
    // Act
    const { code, stdout } = await sandbox.run(["uncordon", "node", "--kubeconfig", sandbox.kubeconfig, "--dry-run"]);
    // Assess
    expect(code).toBe(0);
    expect(stdout.trim()).toBe("node/node uncordoned (dry run)");
    expect(sandbox.requestsFor("patch nodes")).toBe(0);
    expect(node(sandbox, "node").spec.unschedulable).toBe(true);
  });

  it("exits 2 for --cluster with --context, or a non-node, before contacting the cluster", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node", unschedulable: true }] });
    // Act
    const conflict = await sandbox.run(["uncordon", "node", "--cluster", "prod", "--context", "prod"]);
    const pod = await sandbox.run(["uncordon", "pod/web", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect([conflict.code, pod.code]).toEqual([2, 2]);
    expect(conflict.stderr).toContain("--cluster connects through EKS; it cannot be combined with --kubeconfig or --context");
    expect(pod.stderr).toContain('"pod/web" is not a node');
    expect(sandbox.cluster.requests).toEqual([]);
  });
});
