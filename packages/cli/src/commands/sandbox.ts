import { createSandboxAccount, demoSpec, type SandboxSpec } from "@caretaker/sandbox";
import { Command, InvalidArgumentError } from "commander";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type CliIo, ExitCode } from "../io";
import { describeSandbox } from "../sandbox-summary";

interface SandboxOptions {
  spec?: string;
  kubeconfigOut: string;
  scale: number;
  duration?: number;
}

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError("must be a positive number");
  return number;
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

/**
 * `caretaker sandbox`: runs a sandbox account in the foreground and writes a kubeconfig (one context per cluster,
 * admin token) so kubectl and other Kubernetes tools work against its clusters unchanged. The AWS fakes live in
 * this process only (they are wired into the SDK clients here), so AWS tools cannot reach them from outside.
 */
function sandboxCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("sandbox")
    .description("run a sandbox account (Kubernetes API simulators + AWS fakes) in the foreground, with a kubeconfig for kubectl")
    .option("--spec <file>", "JSON sandbox spec (default: the demo account)")
    .option("--kubeconfig-out <file>", "where to write the kubeconfig", join(tmpdir(), "caretaker-sandbox", "kubeconfig"))
    .option("--scale <n>", "simulated milliseconds per real millisecond", positiveNumber, 1)
    .option("--duration <seconds>", "stop after this many seconds (default: until interrupted)", positiveNumber)
    .action(async (options: SandboxOptions) => {
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
    });
}

export { sandboxCommand };
