import { systemClock } from "@caretaker/core/clock";
import { createDrainKube, uncordonNode } from "@caretaker/core/drain";
import type { Command } from "commander";
import { type CliIo, ExitCode } from "../io";
import { KubectlStyleCommand } from "../kubectl-flags";
import { addConnectionFlags, connect, type ConnectionFlags, connectionConflict, type NodeTarget, findNode, parseNodeTarget } from "../node-target";

interface UncordonFlags extends ConnectionFlags {
  dryRun?: boolean;
  json?: boolean;
}

const EXIT_CODE_HELP = `
Exit codes:
  0  uncordoned (or already schedulable: nothing to do)
  2  usage: bad flags or values; nothing was contacted
  3  could not run: no connection, or no such node / instance (then no node was changed)`;

/**
 * `caretaker uncordon NODE…`: makes nodes schedulable again, as kubectl uncordon does, and removes what Caretaker's
 * drain added (its taint, and the load-balancer exclusion label when the value is Caretaker's) but nothing else.
 * Every node is looked up before any is changed, so a typo in one name changes none.
 */
function uncordonCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const command = new KubectlStyleCommand("uncordon")
    .description("mark nodes schedulable again and remove Caretaker's drain taint and load-balancer exclusion label")
    .argument("<node...>", "node name(s), node/NAME, or EC2 instance id(s) (i-…)");
  addConnectionFlags(command);
  return command
    .option("--dry-run", "only show what would change (kubectl's --dry-run=client)")
    .option("--json", "print the results as JSON on stdout")
    .addHelpText("after", EXIT_CODE_HELP)
    .action(async (argumentsGiven: string[], flags: UncordonFlags) => {
      const targets = argumentsGiven.map(parseNodeTarget);
      const problems = [connectionConflict(flags), ...targets.map((target) => ("error" in target ? target.error : undefined))].filter((problem) => problem !== undefined);
      if (problems.length > 0) {
        for (const problem of problems) io.err(`caretaker uncordon: ${problem}`);
        io.err("(run `caretaker uncordon --help` for usage)");
        setExitCode(ExitCode.Usage);
        return;
      }
      const clock = io.clock ?? systemClock;
      const kube = createDrainKube(await connect(flags, io.env, clock), clock);
      const nodes: string[] = [];
      for (const target of targets as NodeTarget[]) nodes.push(await findNode(kube, target, { viaEc2: Boolean(flags.cluster) }));
      const results: Array<{ cluster: string; node: string; changed: boolean }> = [];
      for (const node of new Set(nodes)) {
        const { changed } = await uncordonNode(kube, clock, node, { dryRun: flags.dryRun ?? false });
        results.push({ cluster: kube.cluster, node, changed });
      }
      const suffix = flags.dryRun ? " (dry run)" : "";
      io.out(flags.json ? JSON.stringify(results, null, 2) : results.map(({ node, changed }) => `node/${node} ${changed ? "uncordoned" : "already uncordoned"}${suffix}`).join("\n"));
      setExitCode(ExitCode.Ok);
    });
}

export { uncordonCommand };
