import { EKSClient } from "@aws-sdk/client-eks";
import { createClusterConnector } from "@caretaker/core/eks";
import { probeClusters } from "@caretaker/core/probe";
import { createSandboxAccount, demoSpec } from "@caretaker/sandbox";
import { type CliIo, ExitCode } from "../io";
import { renderTable } from "../table";
import { demoDrain } from "./drain";
import { demoDrift } from "./drift";
import { demoGc } from "./gc";
import { describeSandbox } from "./sandbox-summary";

/**
 * The walkthrough `caretaker demo` runs: boots the demo sandbox account in this process — nothing reaches AWS or a
 * real cluster — shows what it contains, and runs Caretaker's own code against it, step by step.
 */
async function runDemo(io: CliIo, setExitCode: (code: number) => void): Promise<void> {
  io.out("Caretaker demo: booting a sandbox AWS account with two EKS clusters (nothing here talks to AWS)…\n");
  // Simulated time runs 20× faster so PDB-paced evictions and 20–60 s grace periods pass in seconds.
  const sandbox = await createSandboxAccount({ ...demoSpec(), scale: 20 });
  const restoreCredentials = sandbox.useCaretakerCredentials();
  try {
    io.out(await describeSandbox(sandbox));

    io.out("\nStep 1 — reach every cluster the way the Lambda functions do (DescribeCluster + presigned STS token):");
    const clock = { now: () => sandbox.clock.nowMs(), sleep: (ms: number, signal?: AbortSignal) => sandbox.clock.sleep(ms, signal) };
    const connector = createClusterConnector({ eks: new EKSClient({}), now: () => sandbox.clock.now() });
    const results = await probeClusters((name) => connector.connect(name), Object.keys(sandbox.clusters));
    io.out(
      renderTable(
        ["cluster", "reachable", "version", "identity", "groups"],
        results.map((result) => [result.cluster, result.ok ? "yes" : `no (${result.error?.reason})`, result.version ?? "-", result.identity?.username ?? "-", result.identity?.groups.join(",") ?? "-"]),
      ),
    );
    for (const failed of results.filter((result) => !result.ok)) io.out(`  ${failed.cluster}: ${failed.error?.message}`);

    io.out("\nStep 2 — a lifecycle-hook drain:");
    const drained = await demoDrain(io, sandbox, clock, connector);

    io.out("\nStep 3 — image garbage collection across the account's ECR repositories:");
    const collected = await demoGc(io, sandbox, clock, connector);

    io.out("\nStep 4 — version drift across the account's clusters (control plane, nodes, node groups, add-ons, support window):");
    const drifted = await demoDrift(io, sandbox, clock, connector);

    io.out("\nRun `npm exec caretaker -- sandbox` to keep this sandbox running and use kubectl against it.");
    setExitCode(results.every((result) => result.ok) && drained && collected && drifted ? ExitCode.Ok : ExitCode.Problems);
  } finally {
    restoreCredentials();
    await sandbox.stop();
  }
}

export { runDemo };
