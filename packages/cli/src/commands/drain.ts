import { systemClock } from "@caretaker/core/clock";
import { createDrainKube, drainNode } from "@caretaker/core/drain";
import type { Command } from "commander";
import { type DrainFlags, addDrainFlags, drainOptionsFromFlags } from "../drain-flags";
import { conclusionLines, EXIT_CODES, progressPrinter, renderDrainTable } from "../drain-output";
import { type CliIo, ExitCode } from "../io";
import { KubectlStyleCommand } from "../kubectl-flags";
import { addConnectionFlags, connect, type ConnectionFlags, connectionConflict, findNode, parseNodeTarget } from "../node-target";
import { drainFunctionName, remoteDrain } from "../remote-drain";

interface RemoteFlags {
  remote?: boolean;
  function?: string;
}

const EXIT_CODE_HELP = `
Exit codes:
  0  drained (or, with --dry-run, nothing in the way)
  1  the drain finished with pods left: timed out, failed evictions, or refused by kubectl's filters (stderr says which)
  2  usage: bad flags or values; nothing was contacted
  3  could not run: no connection, or no such node / instance

Progress goes to stderr as kubectl drain prints it; the per-pod table (or --json) goes to stdout.

Examples:
  caretaker drain ip-10-0-1-23.eu-west-1.compute.internal --timeout 5m
  caretaker drain i-0123456789abcdef0 --cluster prod --dry-run
  caretaker drain node/worker-1 --no-force --no-delete-emptydir-data --no-ignore-daemonsets   # kubectl's defaults`;

/**
 * `caretaker drain NODE`: the drain the Lambda runs (cordon, kubectl's filters, PDB-respecting evictions, waiting
 * until pods are really gone), run locally like kubectl drain, with kubectl's flags and aws-node-termination-handler's
 * defaults. Everything is validated before the cluster is contacted, so usage errors change nothing.
 */
function drainCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new KubectlStyleCommand("drain")
    .description("cordon a node and evict its pods as kubectl drain does (NTH's defaults: --ignore-daemonsets --delete-emptydir-data --force)")
    .argument("<node>", "node name, node/NAME, or EC2 instance id (i-…)");
  addConnectionFlags(command);
  addDrainFlags(command);
  command
    .option("--remote", "let the deployed drain function do it (with its network and role); needs --cluster")
    .option("--function <name>", "the deployed drain function (default: $CARETAKER_DRAIN_FUNCTION)");
  return command.addHelpText("after", EXIT_CODE_HELP).action(async (argument: string, flags: DrainFlags & ConnectionFlags & RemoteFlags) => {
    const target = parseNodeTarget(argument);
    const functionName = drainFunctionName(flags.function, io.env);
    const conflict =
      connectionConflict(flags) ??
      (flags.remote && !flags.cluster ? "--remote needs --cluster NAME (the function reaches the cluster through EKS)" : undefined) ??
      (flags.remote && !functionName ? "--remote needs --function NAME or CARETAKER_DRAIN_FUNCTION (the deployed drain function's name)" : undefined);
    const parsed = drainOptionsFromFlags(flags);
    const problems = ["error" in target ? target.error : undefined, conflict, ..."problems" in parsed ? parsed.problems : []].filter((problem) => problem !== undefined);
    if (problems.length > 0 || "error" in target || !("options" in parsed)) {
      for (const problem of problems) io.err(`caretaker drain: ${problem}`);
      io.err("(run `caretaker drain --help` for usage)");
      setExitCode(ExitCode.Usage);
      return;
    }
    const { options } = parsed;
    if (flags.remote) {
      const remoteTarget = target.kind === "node" ? { node: target.name } : { instanceId: target.instanceId };
      setExitCode(await remoteDrain(io, { functionName: functionName as string, cluster: flags.cluster as string, target: remoteTarget, options, json: Boolean(flags.json) }));
      return;
    }
    const clock = io.clock ?? systemClock;
    const connection = await connect(flags, io.env, clock);
    const kube = createDrainKube(connection, clock);
    const node = await findNode(kube, target, { viaEc2: Boolean(flags.cluster) });
    const onProgress = progressPrinter(io.err, { dryRun: options.dryRun, deleting: options.disableEviction });
    const result = await drainNode(kube, clock, { node, options, reason: "manual", onProgress });
    for (const line of conclusionLines(result, options)) io.err(line);
    io.out(flags.json ? JSON.stringify(result, null, 2) : renderDrainTable(result));
    setExitCode(EXIT_CODES[result.outcome]);
  });
}

export { drainCommand };
