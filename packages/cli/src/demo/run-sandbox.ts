import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createSandboxAccount, demoSpec, type SandboxSpec } from "@caretaker/sandbox";
import { type CliIo, ExitCode } from "../io";
import { describeSandbox } from "./sandbox-summary";

interface SandboxOptions {
  spec?: string;
  kubeconfigOut: string;
  scale: number;
  duration?: number;
}

function readSpec(file: string): SandboxSpec {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`cannot read the sandbox spec ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text) as SandboxSpec;
  } catch (error) {
    throw new Error(`the sandbox spec ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** Runs a sandbox account in the foreground until interrupted or `duration` seconds have passed. */
async function runSandbox(io: CliIo, setExitCode: (code: number) => void, options: SandboxOptions): Promise<void> {
  const spec = options.spec ? readSpec(options.spec) : demoSpec();
  const sandbox = await createSandboxAccount({ ...spec, scale: options.scale });
  try {
    mkdirSync(dirname(options.kubeconfigOut), { recursive: true });
    writeFileSync(options.kubeconfigOut, JSON.stringify(sandbox.kubeconfig(), null, 2), { mode: 0o600 });
    io.out(await describeSandbox(sandbox));
    io.out(`\nkubeconfig written to ${options.kubeconfigOut} (contexts: ${Object.keys(sandbox.clusters).join(", ")})`);
    io.out(`  export KUBECONFIG=${options.kubeconfigOut}\n  kubectl get nodes\n`);
    io.out(options.duration ? `Running for ${options.duration}s.` : "Running until interrupted (Ctrl-C).");
    await new Promise<void>((resolve) => {
      const timer = options.duration ? setTimeout(() => stop(), options.duration * 1000) : undefined;
      const stop = () => {
        if (timer) clearTimeout(timer);
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        resolve();
      };
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
  } finally {
    await sandbox.stop();
  }
  io.out("Sandbox stopped.");
  setExitCode(ExitCode.Ok);
}

export { runSandbox };
export type { SandboxOptions };
