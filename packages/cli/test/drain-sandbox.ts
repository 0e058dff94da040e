import { type ClusterSpec, SandboxClock, type SandboxCluster, startCluster } from "@caretaker/sandbox";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { clockOf } from "../../../test/drain/harness";
import type { CliIo } from "../src/io";
import { main } from "../src/main";

interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

interface DrainSandbox {
  cluster: SandboxCluster;
  /** A kubeconfig file for the cluster (admin), as a user would pass with --kubeconfig. */
  kubeconfig: string;
  /** Runs `caretaker …` in-process on the sandbox's fast clock, as a user at a terminal would (stdout not a TTY). */
  run(argv: string[], env?: NodeJS.ProcessEnv): Promise<CliRun>;
  /** Requests the cluster received, by verb + resource, e.g. "create pods/eviction". */
  requestsFor(verbResource: string): number;
  stop(): Promise<void>;
}

/** Runs the CLI in-process with the given clock, capturing what a user would see. */
async function runCliWithClock(argv: string[], io: Pick<CliIo, "env" | "clock">): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`), isTty: false, ...io });
  return { code, stdout, stderr };
}

/**
 * A sandbox cluster on a 1000× clock, reached by the CLI through a kubeconfig file exactly as kubectl would, with
 * the CLI's waits on that same clock (a 30 s grace period takes 30 ms).
 */
async function startDrainSandbox(spec: ClusterSpec): Promise<DrainSandbox> {
  const sandboxClock = new SandboxClock({ scale: 1000 });
  const cluster = await startCluster(spec, { clock: sandboxClock, timing: { recreateDelayMs: 1_000, readyDelayMs: 5_000 } });
  const kubeconfig = join(mkdtempSync(join(tmpdir(), "caretaker-cli-drain-")), "config");
  writeFileSync(kubeconfig, JSON.stringify(cluster.kubeconfig()), { mode: 0o600 });
  const clock = clockOf(sandboxClock);
  return {
    cluster,
    kubeconfig,
    run: (argv, env = {}) => runCliWithClock(argv, { env, clock }),
    requestsFor: (verbResource) => cluster.requests.filter((entry) => `${entry.verb} ${entry.resource}` === verbResource).length,
    async stop() {
      await cluster.stop();
      sandboxClock.dispose();
    },
  };
}

export { runCliWithClock, startDrainSandbox };
export type { CliRun, DrainSandbox };
