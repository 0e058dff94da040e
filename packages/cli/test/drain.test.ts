import { CARETAKER_TAINT_KEY, EXCLUDE_FROM_LB_LABEL } from "@caretaker/core/drain";
import type { ClusterSpec } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { type DrainSandbox, startDrainSandbox } from "./drain-sandbox";
import { runCli } from "./run-cli";

const INSTANCE_ID = "i-0123456789abcdef0";

/** Three web replicas, all on node-1, guarded by a PDB that allows one disruption; a DaemonSet on every node. */
const PDB_GUARDED: ClusterSpec = {
  name: "prod",
  nodes: [{ name: "node-1", instanceId: INSTANCE_ID }, { name: "node-2" }],
  deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node-1"], terminationGracePeriodSeconds: 5 }],
  pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
  daemonSets: [{ name: "kube-proxy", namespace: "kube-system" }],
};

let sandbox: DrainSandbox | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

const podsOn = (s: DrainSandbox, node: string, namespace?: string) =>
  s.cluster.list("v1", "Pod", namespace).filter((pod) => (pod.spec as { nodeName?: string }).nodeName === node);
const nodeSpec = (s: DrainSandbox, node: string) => s.cluster.get("v1", "Node", undefined, node) as unknown as { spec: { unschedulable?: boolean; taints?: Array<{ key: string }> }; metadata: { labels: Record<string, string> } };

describe("caretaker drain", () => {
  it("drains a node with a PDB-guarded Deployment one allowed disruption at a time, printing kubectl's lines, and exits 0", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    const webPods = podsOn(sandbox, "node-1", "shop").map((pod) => pod.metadata.name);
    // Act
    const { code, stdout, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(0);
    expect(podsOn(sandbox, "node-1", "shop")).toEqual([]);
    expect(sandbox.cluster.counters.total).toBe(0);
    expect(nodeSpec(sandbox, "node-1").spec.unschedulable).toBe(true);
    const lines = stderr.split("\n");
    expect(lines[0]).toBe("node/node-1 cordoned");
    for (const name of webPods) {
      expect(lines).toContain(`evicting pod shop/${name}`);
      expect(lines).toContain(`pod/${name} evicted`);
    }
    expect(stderr).toMatch(/^waiting to evict pod shop\/web-[a-z0-9-]+: PodDisruptionBudget shop\/web(: the disruptions it allows are in use by this drain's other evictions| allows no disruption now \(needs 2 healthy pods, has 2\))$/m);
    expect(stderr).toMatch(/^Warning: ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-[a-z0-9]+$/m);
    expect(lines.filter(Boolean).at(-1)).toBe("node/node-1 drained");
    const [header, ...rows] = stdout.trim().split("\n");
    expect(header).toMatch(/^POD\s+NAMESPACE\s+ACTION\s+DETAIL$/);
    for (const name of webPods) expect(rows).toContainEqual(expect.stringMatching(new RegExp(`^${name}\\s+shop\\s+evicted\\s+-$`)));
    expect(rows).toContainEqual(expect.stringMatching(/^kube-proxy-[a-z0-9]+\s+kube-system\s+skipped\s+ignoring DaemonSet-managed Pods$/));
  });

  it("marks the node with Caretaker's taint and the load-balancer exclusion label, unless told not to", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node-1" }, { name: "node-2" }] });
    // Act
    const marked = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig]);
    const unmarked = await sandbox.run(["drain", "node-2", "--kubeconfig", sandbox.kubeconfig, "--no-taint", "--no-exclude-from-load-balancers"]);
    // Assess
    expect([marked.code, unmarked.code]).toEqual([0, 0]);
    expect(nodeSpec(sandbox, "node-1").spec.taints?.map((taint) => taint.key)).toEqual([CARETAKER_TAINT_KEY]);
    expect(nodeSpec(sandbox, "node-1").metadata.labels[EXCLUDE_FROM_LB_LABEL]).toBe("caretaker");
    expect(nodeSpec(sandbox, "node-2").spec).toMatchObject({ unschedulable: true });
    expect(nodeSpec(sandbox, "node-2").spec.taints ?? []).toEqual([]);
    expect(nodeSpec(sandbox, "node-2").metadata.labels[EXCLUDE_FROM_LB_LABEL]).toBeUndefined();
  });

  it("changes nothing with --dry-run, and says what it would evict", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    const before = podsOn(sandbox, "node-1").map((pod) => pod.metadata.name).sort();
    // Act
    const { code, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, "--dry-run"]);
    // Assess
    expect(code).toBe(0);
    expect(nodeSpec(sandbox, "node-1").spec.unschedulable).toBeUndefined();
    expect(sandbox.requestsFor("create pods/eviction") + sandbox.requestsFor("delete pods") + sandbox.requestsFor("patch nodes")).toBe(0);
    expect(podsOn(sandbox, "node-1").map((pod) => pod.metadata.name).sort()).toEqual(before);
    expect(stderr).toContain("node/node-1 cordoned (dry run)");
    expect(stderr.match(/^evicting pod shop\/web-[a-z0-9-]+ \(dry run\)$/gm)).toHaveLength(3);
    expect(stderr.trim().split("\n").at(-1)).toBe("node/node-1 drained (dry run)");
  });

  it("refuses a naked pod with --no-force as kubectl does, evicting nothing, and exits 1 saying it was refused", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node-1" }, { name: "node-2" }], pods: [{ name: "bar", node: "node-1" }], deployments: [{ name: "web", replicas: 1, nodes: ["node-1"] }] });
    // Act
    const { code, stdout, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, "--no-force"]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain('error: unable to drain node "node-1" due to error: cannot delete Pods that declare no controller (use --force to override): default/bar, continuing command...');
    expect(stderr).toContain("not drained: refused by kubectl's filters, nothing was evicted");
    expect(sandbox.requestsFor("create pods/eviction") + sandbox.requestsFor("delete pods")).toBe(0);
    expect(podsOn(sandbox, "node-1", "default")).toHaveLength(2);
    expect(stdout).toMatch(/^bar\s+default\s+failed\s+refused: cannot delete Pods that declare no controller \(use --force to override\)$/m);
  });

  it("accepts kubectl's --force=false spelling", async () => {
    // Prepare
    sandbox = await startDrainSandbox({ name: "prod", nodes: [{ name: "node-1" }], pods: [{ name: "bar", node: "node-1" }] });
    // Act
    const { code, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, "--force=false", "--dry-run=client"]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain("cannot delete Pods that declare no controller (use --force to override): default/bar");
  });

  it("exits 1 when the timeout passes with pods left, saying it timed out and which pods remain", async () => {
    // Prepare: a PDB that allows no disruption at all. The deadline is generous because real request latency counts
    // ×1000 on this clock (a cold TLS request can take 50 simulated seconds): every pod must get to hear the PDB's no.
    sandbox = await startDrainSandbox({ ...PDB_GUARDED, pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 0 }] });
    // Act
    const { code, stdout, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, "--timeout", "10m"]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toContain('There are pending pods in node "node-1" when an error occurred: global timeout reached: 10m0s');
    expect(stderr).toContain("not drained: timed out after 10m0s with 3 pod(s) left");
    expect(stdout.match(/^web-[a-z0-9-]+\s+shop\s+pending\s+pdb-blocked: PodDisruptionBudget shop\/web allows no disruption/gm)).toHaveLength(3);
    expect(podsOn(sandbox, "node-1", "shop")).toHaveLength(3);
    expect(sandbox.cluster.counters.total).toBe(0);
  });

  it("resolves an EC2 instance id through the node's spec.providerID", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const { code, stderr } = await sandbox.run(["drain", INSTANCE_ID, "--kubeconfig", sandbox.kubeconfig, "--dry-run"]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain("node/node-1 drained (dry run)");
  });

  it("accepts kubectl's node/NAME syntax", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const { code, stderr } = await sandbox.run(["drain", "node/node-2", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain("node/node-2 drained");
    expect(nodeSpec(sandbox, "node-2").spec.unschedulable).toBe(true);
  });

  it("prints only the drain result as JSON on stdout with --json", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const { code, stdout, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, "--json"]);
    // Assess
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ cluster: "prod", node: "node-1", outcome: "drained", pending: [], failed: [] });
    expect(result.evicted).toHaveLength(3);
    expect(stderr).toContain("node/node-1 drained");
  });

  it("exits 3 naming the node or instance that does not exist", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const node = await sandbox.run(["drain", "bar", "--kubeconfig", sandbox.kubeconfig]);
    const instance = await sandbox.run(["drain", "i-0fffffffffffffff0", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect(node.code).toBe(3);
    expect(node.stderr).toContain('node "bar" not found in cluster "prod"');
    expect(instance.code).toBe(3);
    expect(instance.stderr).toContain('no node of cluster "prod" belongs to instance i-0fffffffffffffff0');
    expect(sandbox.requestsFor("patch nodes")).toBe(0);
  });

  it("exits 3 explaining a missing kubeconfig", async () => {
    // Act
    const { code, stderr } = await runCli(["drain", "node-1", "--kubeconfig", "/nonexistent/kubeconfig"]);
    // Assess
    expect(code).toBe(3);
    expect(stderr).toContain("No kubeconfig found (looked for /nonexistent/kubeconfig)");
  });
});

describe("caretaker drain usage errors", () => {
  it.each([
    [["--grace-period", "0"], "invalid --grace-period 0: 0 would kill pods without a chance to stop; use -1 (the pod's own) or ≥ 1"],
    [["--grace-period", "-2"], "invalid --grace-period -2"],
    [["--grace-period", "soon"], "option '--grace-period <seconds>' argument 'soon' is invalid. expected an integer"],
    [["--timeout", "90"], "argument '90' is invalid. missing unit"],
    [["--timeout", "5 minutes"], "expected a duration such as 90s, 5m or 1h30m"],
    [["--chunk-size", "0"], "invalid --chunk-size 0"],
    [["--skip-wait-for-delete-timeout", "-1"], "invalid --skip-wait-for-delete-timeout -1"],
    [["--on-deadline", "later"], "Allowed choices are stop, force-delete"],
    [["--dry-run=server"], "--dry-run=server is not supported"],
    [["--cluster", "prod"], "--cluster connects through EKS; it cannot be combined with --kubeconfig or --context"],
    [["--bogus"], "unknown option '--bogus'"],
  ])("exits 2 for %j, naming the problem, before contacting the cluster", async (flags, message) => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const { code, stderr } = await sandbox.run(["drain", "node-1", "--kubeconfig", sandbox.kubeconfig, ...flags]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(sandbox.cluster.requests).toEqual([]);
  });

  it("exits 2 for something that is not a node", async () => {
    // Prepare
    sandbox = await startDrainSandbox(PDB_GUARDED);
    // Act
    const pod = await sandbox.run(["drain", "pod/web", "--kubeconfig", sandbox.kubeconfig]);
    const invalid = await sandbox.run(["drain", "Node_1", "--kubeconfig", sandbox.kubeconfig]);
    // Assess
    expect([pod.code, invalid.code]).toEqual([2, 2]);
    expect(pod.stderr).toContain('"pod/web" is not a node');
    expect(invalid.stderr).toContain('"Node_1" is not a valid node name');
    expect(sandbox.cluster.requests).toEqual([]);
  });
});
