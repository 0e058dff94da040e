import { CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clockOf } from "../../../test/drain/harness";
import { type CliRun, runCliWithClock } from "./drain-sandbox";

const ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

let account: SandboxAccount;
let restoreCredentials: () => void;
beforeEach(async () => {
  account = await createSandboxAccount({
    scale: 1000,
    clusters: [
      {
        name: "prod",
        eks: { accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", accessPolicies: [{ policyArn: ADMIN_POLICY }] }] },
        nodeGroups: [{ name: "general", nodes: 2 }],
        deployments: [{ name: "web", namespace: "shop", replicas: 2, nodeGroup: "general", terminationGracePeriodSeconds: 5 }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
      },
    ],
  });
  restoreCredentials = account.useCaretakerCredentials();
});
afterEach(async () => {
  restoreCredentials();
  await account.stop();
});

const run = (argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> => runCliWithClock(argv, { env, clock: clockOf(account.clock) });

/** Gives the node a providerID that does not carry its instance id, as custom node setups do (NTH PR #618). */
async function customProviderId(node: string): Promise<void> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(account.kubeconfig()));
  await kubeConfig.makeApiClient(CoreV1Api).patchNode({ name: node, body: { spec: { providerID: "custom://rack-7/slot-3" } } }, setHeaderOptions("Content-Type", PatchStrategy.MergePatch));
}

describe("caretaker drain --cluster (EKS)", () => {
  it("connects through DescribeCluster and an IAM token, resolves the instance by providerID, and drains", async () => {
    // Prepare
    const [member] = account.nodeGroups.prod?.general ?? [];
    // Act
    const { code, stderr } = await run(["drain", member?.instanceId ?? "", "--cluster", "prod"]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain(`node/${member?.node} drained`);
    expect(account.cluster("prod").counters.total).toBe(0);
  });

  it("falls back to the instance's private DNS name (EC2 DescribeInstances) when no providerID matches", async () => {
    // Prepare
    const [member] = account.nodeGroups.prod?.general ?? [];
    await customProviderId(member?.node ?? "");
    // Act
    const { code, stderr } = await run(["drain", member?.instanceId ?? "", "--cluster", "prod", "--dry-run"]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toContain(`node/${member?.node} drained (dry run)`);
    expect(account.aws.calls.count("ec2:DescribeInstances")).toBe(1);
  });

  it("does not ask EC2 without --cluster, and says that --cluster would", async () => {
    // Prepare
    const [member] = account.nodeGroups.prod?.general ?? [];
    await customProviderId(member?.node ?? "");
    const kubeconfig = join(mkdtempSync(join(tmpdir(), "caretaker-cli-eks-")), "config");
    writeFileSync(kubeconfig, JSON.stringify(account.kubeconfig()));
    // Act
    const { code, stderr } = await run(["drain", member?.instanceId ?? "", "--kubeconfig", kubeconfig]);
    // Assess
    expect(code).toBe(3);
    expect(stderr).toContain(`no spec.providerID ends in /${member?.instanceId}; with --cluster the instance's private DNS name is tried too`);
    expect(account.aws.calls.count("ec2:DescribeInstances")).toBe(0);
  });

  it("exits 3 naming the instance EC2 does not know", async () => {
    // Act
    const { code, stderr } = await run(["drain", "i-0fffffffffffffff0", "--cluster", "prod"]);
    // Assess
    expect(code).toBe(3);
    expect(stderr).toContain('no node of cluster "prod" belongs to instance i-0fffffffffffffff0');
  });

  it("exits 3 explaining a cluster EKS does not have", async () => {
    // Act
    const { code, stderr } = await run(["drain", "node-1", "--cluster", "nope"]);
    // Assess
    expect(code).toBe(3);
    expect(stderr).toContain('EKS cluster "nope" does not exist in eu-west-1');
  });
});
