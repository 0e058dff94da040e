import { startCluster, type SandboxCluster } from "@caretaker/sandbox/kube/cluster";
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * The independent check of the simulator's fidelity: the real kubectl (Debian's kubernetes-client; .ci/run installs
 * it) gets, describes, cordons, drains with PDB retries and deletes against it unchanged.
 */
const kubectlPath = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();

let cluster: SandboxCluster;
let kubeconfig: string;
const run = promisify(execFile);
const kubectl = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(kubectlPath, ["--kubeconfig", kubeconfig, ...args], { timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failure.code ?? 1, out: (failure.stdout ?? "") + (failure.stderr ?? "") };
  }
};

describe.skipIf(!kubectlPath)("kubectl against the sandbox", () => {
  beforeAll(async () => {
    cluster = await startCluster(
      {
        name: "sandbox",
        nodes: [{ name: "node-a" }, { name: "node-b" }, { name: "node-c" }],
        deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node-a"], terminationGracePeriodSeconds: 1 }],
        daemonSets: [{ name: "aws-node", namespace: "kube-system" }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
      },
      { timing: { recreateDelayMs: 200, readyDelayMs: 800 } },
    );
    kubeconfig = join(mkdtempSync(join(tmpdir(), "caretaker-kubectl-")), "config");
    writeFileSync(kubeconfig, JSON.stringify(cluster.kubeconfig()));
  });
  afterAll(() => cluster?.stop());

  it("prints nodes and pods with the server's table columns", async () => {
    const nodes = await kubectl("get", "nodes");
    expect(nodes.out).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/);
    expect(nodes.out).toMatch(/node-a\s+Ready\s+<none>\s+\d+s\s+v1\.31\.4-eks-2d5f260/);
    const pods = await kubectl("get", "pods", "-n", "shop", "-o", "wide");
    expect(pods.out.trim().split("\n")).toHaveLength(4);
    expect(pods.out).toMatch(/web-\S+\s+1\/1\s+Running\s+0\s+\S+\s+\S+\s+node-a/);
  });

  it("describes a pod with its controller", async () => {
    const name = (await kubectl("get", "pods", "-n", "shop", "-o", "jsonpath={.items[0].metadata.name}")).out;
    const described = await kubectl("describe", "pod", "-n", "shop", name);
    expect(described.code).toBe(0);
    expect(described.out).toMatch(/Controlled By:\s+ReplicaSet\/web-/);
  });

  it("drains a node one PDB-allowed disruption at a time, leaving DaemonSet pods", async () => {
    const drained = await kubectl("drain", "node-a", "--ignore-daemonsets", "--timeout=50s");
    expect(drained.code).toBe(0);
    expect(drained.out).toContain("node/node-a cordoned");
    expect(drained.out).toContain("Warning: ignoring DaemonSet-managed Pods: kube-system/aws-node-");
    expect(drained.out).toContain("Cannot evict pod as it would violate the pod's disruption budget.");
    expect(drained.out).toContain("node/node-a drained");
    expect(cluster.counters.total).toBe(0);
    const left = await kubectl("get", "pods", "-A", "--field-selector", "spec.nodeName=node-a", "-o", "jsonpath={.items[*].metadata.name}");
    expect(left.out.split(" ").every((name) => name.startsWith("aws-node-"))).toBe(true);
    expect((await kubectl("get", "node", "node-a")).out).toContain("Ready,SchedulingDisabled");
  });

  it("uncordons, and deletes a pod gracefully", async () => {
    expect((await kubectl("uncordon", "node-a")).out).toContain("node/node-a uncordoned");
    const name = (await kubectl("get", "pods", "-n", "shop", "-o", "jsonpath={.items[0].metadata.name}")).out;
    const deleted = await kubectl("delete", "pod", "-n", "shop", name);
    expect(deleted.code).toBe(0);
    expect(deleted.out).toContain(`pod "${name}" deleted`);
  });
});
