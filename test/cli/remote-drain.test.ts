import { DRAINER_GROUP, drainerRbac } from "@caretaker/core/access";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { handler } from "../../functions/drain";
import { clusters } from "../../functions/lib/clients";
import { resetDrainDeps } from "../../functions/lib/drain-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { runCli } from "../../packages/cli/test/run-cli";
import { clockOf } from "../drain/harness";
import { mockLambda, serveFunctions } from "../helpers/serve-functions";

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
const lambda = mockLambda();

afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
  clusters.forget("prod");
  resetDrainDeps();
});

/** Lambda's Invoke, served in-process by the real drain handler (what the deployed function would run). */
function deployDrainFunction(name: string) {
  return serveFunctions(lambda, { [name]: handler }, { remainingMs: 600_000 }).received[name] as unknown[];
}

async function start() {
  sandbox = await createSandboxAccount({
    scale: 200,
    clusters: [
      {
        name: "prod",
        nodeGroups: [{ name: "web", nodes: 1 }, { name: "spare", nodes: 2 }],
        eks: { accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", kubernetesGroups: [DRAINER_GROUP] }] },
        objects: drainerRbac({ forceDelete: false }) as never[],
        deployments: [{ name: "web", namespace: "shop", replicas: 2, nodeGroup: "web", terminationGracePeriodSeconds: 10 }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
      },
    ],
  });
  restore = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  return sandbox;
}

describe("caretaker drain --remote", () => {
  it("has the deployed function drain the node by instance id and prints its result", async () => {
    // Prepare
    const sb = await start();
    const invoked = deployDrainFunction("caretaker-prod-drain");
    const target = sb.nodeGroups.prod?.web?.[0] as { node: string; instanceId: string };
    // Act
    const { code, stdout } = await runCli(["drain", target.instanceId, "--remote", "--cluster", "prod", "--function", "caretaker-prod-drain", "--timeout", "10m"], process.env);
    // Assess
    expect(code).toBe(0);
    expect(invoked).toEqual([expect.objectContaining({ cluster: "prod", instanceId: target.instanceId, dryRun: false, options: expect.objectContaining({ timeoutSeconds: 600 }) })]);
    expect(stdout).toMatch(/^web-\S+\s+shop\s+evicted/m);
    expect(sb.cluster("prod").list("v1", "Pod").filter((pod) => (pod.spec as { nodeName: string }).nodeName === target.node && pod.metadata.namespace === "shop")).toEqual([]);
  });

  it("needs --cluster and a function name, and invokes nothing otherwise", async () => {
    await start();
    const invoked = deployDrainFunction("caretaker-prod-drain");
    const noCluster = await runCli(["drain", "node-1", "--remote", "--function", "caretaker-prod-drain"], {});
    expect(noCluster.code).toBe(2);
    expect(noCluster.stderr).toContain("--remote needs --cluster NAME");
    const noFunction = await runCli(["drain", "node-1", "--remote", "--cluster", "prod"], {});
    expect(noFunction.code).toBe(2);
    expect(noFunction.stderr).toContain("--remote needs --function NAME or CARETAKER_DRAIN_FUNCTION");
    expect(invoked).toEqual([]);
  });

  it("reports the function's own error and exits 3", async () => {
    await start();
    deployDrainFunction("caretaker-prod-drain");
    const { code, stderr } = await runCli(["drain", "ip-10-9-9-9.eu-west-1.compute.internal", "--remote", "--cluster", "elsewhere", "--function", "caretaker-prod-drain"], process.env);
    expect(code).toBe(3);
    expect(stderr).toMatch(/caretaker-prod-drain failed: ClusterAccessError: EKS cluster "elsewhere" does not exist/);
  });
});
