import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { systemClock } from "@caretaker/core/clock";
import { createClusterConnector } from "@caretaker/core/eks";
import { type GcConfig, gcConfig, runGc } from "@caretaker/core/image-gc/run";
import { Command } from "commander";
import { readGcConfigFile } from "../gc-config-file";
import { conclusionLines, gcExitCode, type GcReportView, renderDecisionTable, renderRepositoryTable } from "../gc-output";
import { FunctionFailedError } from "../invoke-function";
import { type CliIo, ExitCode } from "../io";
import { gcFunctionName, remoteGc } from "../remote-gc";

interface GcFlags {
  config?: string;
  cluster?: string[];
  details?: boolean;
  json?: boolean;
  remote?: boolean;
  function?: string;
  apply?: boolean;
}

/** EKS cluster names (CreateCluster): a letter or digit, then letters, digits, - and _, at most 100 in all. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

const EXIT_CODE_HELP = `
Exit codes:
  0  done (a plan, or every planned deletion made)
  1  needs attention: deletions failed, repositories were left alone (caps, incomplete inventory), or clusters
     could not be scanned (nothing they may use is deleted); stderr says which
  2  usage: bad flags or configuration; nothing was contacted
  3  could not run: AWS or the deployed function failed before a report

The per-repository table (or --json) goes to stdout; what needs attention goes to stderr.`;

const EXAMPLES = {
  plan: `
Examples:
  caretaker gc plan --config gc.json                      # every cluster of the account protects its images
  caretaker gc plan --config gc.json --cluster prod --details
  caretaker gc plan --remote --function caretaker-prod-ImageGc   # or set CARETAKER_GC_FUNCTION`,
  run: `
Examples:
  caretaker gc run --config gc.json --apply               # deletes; the file's "enabled" is ignored
  caretaker gc run --remote --apply                       # the deployed configuration must enable deletion too`,
};

/** Collects a repeatable option's values. */
const collect = (value: string, previous: string[] = []) => [...previous, value];

function addGcFlags(command: Command): Command {
  return command
    .option("--config <file>", "image GC settings as JSON (core's GcConfigInput, i.e. CARETAKER_CONFIG's gc object); default: core's defaults")
    .option("--cluster <name>", "only this EKS cluster's workloads protect images (repeatable); default: every cluster of the account and Region", collect)
    .option("--details", "also list every image with its decision and reason")
    .option("--json", "print the run report as JSON")
    .option("--remote", "let the deployed image GC function run it (its network, role and deployed configuration)")
    .option("--function <name>", "the deployed image GC function (default: $CARETAKER_GC_FUNCTION)");
}

/** Every reason the flags cannot be used as given; checked before anything is contacted. */
function flagProblems(flags: GcFlags, functionName: string | undefined): string[] {
  const problems: string[] = [];
  if (flags.remote && (flags.config || flags.cluster)) problems.push("--remote runs with the deployed configuration; --config and --cluster apply to local runs only");
  if (flags.remote && !functionName) problems.push("--remote needs --function NAME or CARETAKER_GC_FUNCTION (the deployed function's name, output imageGcFunction)");
  if (!flags.remote && flags.function) problems.push("--function names the deployed function for --remote");
  for (const name of flags.cluster ?? []) if (!CLUSTER_NAME.test(name)) problems.push(`--cluster "${name}" is not an EKS cluster name (letters, digits, - and _)`);
  return problems;
}

/** The local run's configuration: the file, the --cluster limit, and --apply as the only switch that deletes. */
function localConfig(flags: GcFlags, apply: boolean): { config: GcConfig } | { problem: string } {
  const file = flags.config ? readGcConfigFile(flags.config) : { input: {} };
  if ("problem" in file) return file;
  try {
    return { config: gcConfig({ ...file.input, ...(flags.cluster ? { clusters: flags.cluster } : {}), enabled: apply }) };
  } catch (error) {
    return { problem: (error as Error).message };
  }
}

async function runLocally(io: CliIo, config: GcConfig): Promise<GcReportView> {
  const clock = io.clock ?? systemClock;
  const eks = new EKSClient({});
  // Tokens are signed on the command's clock, so a simulated cluster and the token's expiry agree on the time.
  const connector = createClusterConnector({ eks, now: () => new Date(clock.now()) });
  // No notifier: a person at a terminal reads the answer; the alerts topic is for the scheduled runs.
  return runGc({ ecr: new ECRClient({}), eks, connect: (name) => connector.connect(name), clock }, config);
}

function gcAction(io: CliIo, setExitCode: (code: number) => void, name: "plan" | "run") {
  return async (flags: GcFlags) => {
    const apply = name === "run" && Boolean(flags.apply);
    const functionName = gcFunctionName(flags.function, io.env);
    const problems = flagProblems(flags, functionName);
    let config: GcConfig | undefined;
    if (problems.length === 0 && !flags.remote) {
      const local = localConfig(flags, apply);
      if ("problem" in local) problems.push(local.problem);
      else config = local.config;
    }
    if (problems.length > 0) {
      for (const problem of problems) io.err(`caretaker gc ${name}: ${problem}`);
      io.err(`(run \`caretaker gc ${name} --help\` for usage)`);
      setExitCode(ExitCode.Usage);
      return;
    }
    if (apply && flags.cluster) io.err(`only cluster(s) ${flags.cluster.join(", ")} protect images in this run: an image that only another cluster uses may be deleted`);
    let report: GcReportView;
    try {
      report = config ? await runLocally(io, config) : await remoteGc({ functionName: functionName as string, dryRun: !apply });
    } catch (error) {
      if (!(error instanceof FunctionFailedError)) throw error;
      io.err(`caretaker gc ${name} --remote: ${error.message}`);
      setExitCode(ExitCode.Failure);
      return;
    }
    for (const line of conclusionLines(report, { command: name, applyRequested: apply, remote: Boolean(flags.remote) })) io.err(line);
    if (flags.json) io.out(JSON.stringify(report, null, 2));
    else {
      io.out(renderRepositoryTable(report));
      if (flags.details) io.out(report.plans ? `\n${renderDecisionTable(report)}` : "\n(no per-image decisions in this report; see the notes on stderr)");
    }
    setExitCode(gcExitCode(report));
  };
}

/**
 * `caretaker gc plan|run`: the image GC the scheduled function runs, from a terminal. Locally it uses the AWS default
 * credential chain and reaches clusters through EKS like the function does; `--remote` has the deployed function do
 * it. `plan` never deletes; `run` deletes only with `--apply` (and, remotely, only if the deployment enables it).
 */
function gcCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const plan = addGcFlags(new Command("plan").description("show what image GC would delete and why, deleting nothing"));
  plan.addHelpText("after", `${EXIT_CODE_HELP}\n${EXAMPLES.plan}`).action(gcAction(io, setExitCode, "plan"));
  const run = addGcFlags(new Command("run").description("run image GC: a plan unless --apply, then delete what no cluster uses"))
    .option("--apply", "delete for real (without it, this is `gc plan`)");
  run.addHelpText("after", `${EXIT_CODE_HELP}\n${EXAMPLES.run}`).action(gcAction(io, setExitCode, "run"));
  const gc = new Command("gc").description("garbage-collect ECR images that no EKS cluster uses").addCommand(plan).addCommand(run);
  // main() configures top-level commands only; these are one level down.
  for (const command of [plan, run]) command.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err }).showHelpAfterError(`(run \`caretaker gc ${command.name()} --help\` for usage)`);
  return gc;
}

export { gcCommand };
