import { Command, InvalidArgumentError } from "commander";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CliIo } from "../io";
import type { SandboxOptions } from "../demo/run-sandbox";

function positiveNumber(value: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new InvalidArgumentError("must be a positive number");
  return number;
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
      // Loaded only when this command runs: no other command pays for the sandbox.
      const { runSandbox } = await import("../demo/run-sandbox");
      await runSandbox(io, setExitCode, options);
    });
}

export { sandboxCommand };
