import { readFile } from "node:fs/promises";
import { DeploymentNotFoundError, type Deployment } from "@caretaker/core/deployment";
import { InvalidTriggerError, parseManualDrainRequest, type RunResult } from "@caretaker/core/drain";
import { DriftTriggerSchema, type DriftRunSummary } from "@caretaker/core/drift/run";
import { GcPayloadSchema, requestedDryRun } from "@caretaker/core/image-gc/run";
import { Command } from "commander";
import { renderDriftReport } from "../drift-report";
import { conclusionLines, gcExitCode, type GcReportView, renderRepositoryTable } from "../gc-output";
import { FunctionFailedError, invokeFunction } from "../invoke-function";
import { type CliIo, ExitCode } from "../io";
import { printDrainRun } from "../remote-drain";
import { deployedStage, stageOption } from "../stage";

type Payload = Record<string, unknown>;
/** A zod issue, named through a schema the CLI uses (the CLI does not depend on zod itself). */
type ZodIssue = NonNullable<ReturnType<typeof DriftTriggerSchema.safeParse>["error"]>["issues"][number];

interface InvokeFlags {
  stage?: string;
  function?: string;
  file?: string;
  json?: boolean;
  // drain
  node?: string;
  instanceId?: string;
  cluster?: string | string[];
  dryRun?: boolean;
  // gc
  apply?: boolean;
  // drift
  remember?: boolean;
}

/** One deployed function `caretaker invoke` calls: how to find it, check its payload, and show its answer. */
interface Invokable {
  name: "drain" | "gc" | "drift";
  /** Its entry in the stage's descriptor. */
  key: keyof Deployment["functions"];
  /** The variable `drain --remote` / `gc --remote` already read, honoured here too (unless --stage is given). */
  envVar?: string;
  description: string;
  /** Payload fields the friendly flags stand for. */
  fromFlags: (flags: InvokeFlags) => Payload;
  /** Every problem with the payload, checked with the schema the function itself parses with; [] when valid. */
  check: (payload: unknown) => string[];
  /** Prints the function's answer; returns the exit code. */
  print: (io: CliIo, answer: unknown, payload: unknown, json: boolean) => number;
  help: string;
}

/** Zod's issues as "field: problem" lines; of a union's alternatives, the one the payload came closest to. */
function zodProblems(issues: readonly ZodIssue[], allowed?: readonly string[]): string[] {
  return issues.flatMap((issue): string[] => {
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const score = (branch: readonly ZodIssue[]) => branch.length + (branch.some((inner) => inner.code === "unrecognized_keys" && inner.path.length === 0) ? 0.5 : 0);
      const closest = [...issue.errors].sort((a, b) => score(a) - score(b))[0] ?? [];
      return zodProblems(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
    }
    const at = (path: readonly PropertyKey[]) => path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "") || "(payload)";
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => `${at([...issue.path, key])}: is not a recognised field${allowed && issue.path.length === 0 ? ` (allowed: ${allowed.join(", ")})` : ""}`);
    }
    return [`${at(issue.path)}: ${issue.message.replace(/^Invalid input: /, "")}`];
  });
}

const collect = (value: string, previous: string[] = []) => [...previous, value];
const given = (key: string, value: unknown): Payload => (value === undefined ? {} : { [key]: value });

const DRAIN: Invokable = {
  name: "drain",
  key: "drain",
  envVar: "CARETAKER_DRAIN_FUNCTION",
  description: "have the deployed drain function drain a node: {cluster?, node | instanceId, dryRun?, options?, requestId?}",
  fromFlags: (flags) => ({ ...given("cluster", flags.cluster), ...given("node", flags.node), ...given("instanceId", flags.instanceId), ...given("dryRun", flags.dryRun) }),
  check(payload) {
    try {
      parseManualDrainRequest(payload);
      return [];
    } catch (error) {
      if (error instanceof InvalidTriggerError) return error.problems;
      throw error;
    }
  },
  print(io, answer, payload, json) {
    const options = (payload as { options?: { timeoutSeconds?: number } }).options;
    return printDrainRun(io, answer as RunResult, { command: "caretaker invoke drain", json, ...(options?.timeoutSeconds ? { timeoutSeconds: options.timeoutSeconds } : {}) });
  },
  help: `
The payload is the drain function's manual request; "options" are the drain options (kubectl's flags, camelCase:
timeoutSeconds, gracePeriodSeconds, podSelector, onDeadline, …). The function must reach the cluster: name it with
"cluster" unless the instance's tags or the deployed default cluster say it.

Examples:
  caretaker invoke drain --cluster prod --node ip-10-0-1-5.eu-west-1.compute.internal --dry-run
  caretaker invoke drain '{"cluster":"prod","instanceId":"i-0123456789abcdef0","options":{"timeoutSeconds":600}}'
  caretaker invoke drain --file drain.json --stage staging`,
};

const GC: Invokable = {
  name: "gc",
  key: "imageGc",
  envVar: "CARETAKER_GC_FUNCTION",
  description: "have the deployed image GC function run: {dryRun?} (a plan unless dryRun is false)",
  fromFlags: (flags) => (flags.apply ? { dryRun: false } : {}),
  check(payload) {
    const parsed = GcPayloadSchema.safeParse(payload);
    return parsed.success ? [] : zodProblems(parsed.error.issues, Object.keys(GcPayloadSchema.shape));
  },
  print(io, answer, payload, json) {
    const report = answer as GcReportView;
    const applyRequested = !requestedDryRun(GcPayloadSchema.parse(payload));
    for (const line of conclusionLines(report, { command: "run", applyRequested, remote: true })) io.err(line);
    io.out(json ? JSON.stringify(report, null, 2) : renderRepositoryTable(report));
    return gcExitCode(report);
  },
  help: `
Deletes only with --apply ({"dryRun": false}) and only if the deployed configuration enables deletion (gc.enabled).

Examples:
  caretaker invoke gc                      # a plan: what would be deleted and why
  caretaker invoke gc --apply --stage prod`,
};

const DRIFT: Invokable = {
  name: "drift",
  key: "drift",
  description: "have the deployed drift function report: {clusters?, remember?} (remember: record findings and notify news)",
  fromFlags: (flags) => ({ ...given("clusters", flags.cluster), ...(flags.remember ? { remember: true } : {}) }),
  check(payload) {
    const parsed = DriftTriggerSchema.safeParse(payload);
    if (parsed.success) return [];
    return [...zodProblems(parsed.error.issues), 'accepted: {"clusters"?: ["name", …], "remember"?: true|false} (a manual run), {"trigger": "schedule"}, or the EKS/Health events its rules send'];
  },
  print(io, answer, _payload, json) {
    const summary = answer as DriftRunSummary;
    if (json) io.out(JSON.stringify(summary, null, 2));
    if (summary.clusters.length === 0) {
      io.err("caretaker invoke drift: no cluster was checked (none in the function's Region, or none of the named ones is configured)");
      return ExitCode.Problems;
    }
    if (!json) io.out(renderDriftReport(summary));
    if (summary.notified?.length) io.err(`notified: ${summary.notified.join(", ")}`);
    const { errors, warnings } = summary.totals;
    return errors + warnings > 0 ? ExitCode.Problems : ExitCode.Ok;
  },
  help: `
Examples:
  caretaker invoke drift                       # every cluster the function can see; nothing remembered or notified
  caretaker invoke drift --cluster prod --json
  caretaker invoke drift --remember            # like the schedule: remember findings and notify news`,
};

const EXIT_CODES = `
Exit codes:
  0  the function ran and its report is clean
  1  the function ran and its report needs attention (pods left, drift warnings or errors, deletions failed, …)
  2  usage: a bad payload or flags, or no such deployed stage; nothing was invoked
  3  the function failed (its error type and message are printed) or could not be invoked

The function is --function NAME, else (for drain and gc, without --stage) CARETAKER_DRAIN_FUNCTION /
CARETAKER_GC_FUNCTION, else the one the stage's descriptor (SSM /caretaker/<stage>/deployment) names.
The report goes to stdout (--json: the function's answer as it is); what needs attention goes to stderr.`;

async function readStdin(io: CliIo): Promise<string> {
  if (io.readStdin) return io.readStdin();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

/** The payload: the JSON argument, `-` (stdin) or --file, with the friendly flags' fields added; or why not. */
async function readPayload(io: CliIo, target: Invokable, argument: string | undefined, flags: InvokeFlags): Promise<{ payload: unknown } | { problem: string }> {
  if (argument !== undefined && flags.file) return { problem: "give the payload once: as an argument, - (stdin) or --file" };
  let text: string | undefined;
  let source = "the payload";
  if (flags.file) {
    source = `--file ${flags.file}`;
    try {
      text = await readFile(flags.file, "utf8");
    } catch (error) {
      return { problem: `${source} cannot be read: ${(error as Error).message}` };
    }
  } else if (argument === "-") {
    source = "the payload on stdin";
    text = await readStdin(io);
  } else {
    text = argument;
  }
  let payload: unknown = {};
  if (text !== undefined) {
    try {
      payload = JSON.parse(text);
    } catch (error) {
      return { problem: `${source} is not JSON: ${(error as Error).message}` };
    }
  }
  const fromFlags = target.fromFlags(flags);
  if (Object.keys(fromFlags).length === 0) return { payload };
  if (typeof payload !== "object" || payload === null || Array.isArray(payload)) return { problem: "flags add fields to a payload object; this payload is not one" };
  const twice = Object.keys(fromFlags).filter((key) => key in payload);
  if (twice.length > 0) return { problem: `${twice.map((key) => `"${key}"`).join(", ")} given both in the payload and as a flag` };
  return { payload: { ...payload, ...fromFlags } };
}

/** The function to invoke: --function, else the variable the --remote commands read (without --stage), else the stage's. */
async function functionName(io: CliIo, target: Invokable, flags: InvokeFlags): Promise<string> {
  if (flags.function) return flags.function;
  const fromEnv = target.envVar && flags.stage === undefined ? io.env[target.envVar]?.trim() : undefined;
  if (fromEnv) return fromEnv;
  return (await deployedStage(flags.stage, io)).functions[target.key].name;
}

function invokeAction(io: CliIo, setExitCode: (code: number) => void, target: Invokable) {
  const command = `caretaker invoke ${target.name}`;
  return async (argument: string | undefined, flags: InvokeFlags) => {
    const read = await readPayload(io, target, argument, flags);
    const problems = "problem" in read ? [read.problem] : target.check(read.payload);
    if ("problem" in read || problems.length > 0) {
      for (const problem of problems) io.err(`${command}: ${problem}`);
      io.err(`(nothing was invoked; run \`${command} --help\` for usage)`);
      setExitCode(ExitCode.Usage);
      return;
    }
    let name: string;
    try {
      name = await functionName(io, target, flags);
    } catch (error) {
      if (!(error instanceof DeploymentNotFoundError)) throw error;
      io.err(`${command}: ${error.message}`);
      io.err("(nothing was invoked; --function NAME invokes a function by its name instead)");
      setExitCode(ExitCode.Usage);
      return;
    }
    io.err(`invoking ${name} …`);
    let answer: unknown;
    try {
      answer = await invokeFunction(name, read.payload);
    } catch (error) {
      if (!(error instanceof FunctionFailedError)) throw error;
      io.err(`${command}: ${error.message}`);
      setExitCode(ExitCode.Failure);
      return;
    }
    setExitCode(target.print(io, answer, read.payload, Boolean(flags.json)));
  };
}

function subcommand(io: CliIo, setExitCode: (code: number) => void, target: Invokable): Command {
  const command = new Command(target.name)
    .description(target.description)
    .argument("[payload]", "the payload as JSON, or - to read it from stdin")
    .addOption(stageOption())
    .option("--function <name>", "the function's name (default: from the stage's descriptor)")
    .option("--file <path>", "read the payload (JSON) from this file")
    .option("--json", "print the function's answer as JSON");
  if (target.name === "drain") {
    command
      .option("--cluster <name>", 'the EKS cluster ("cluster")')
      .option("--node <name>", 'the Kubernetes node ("node")')
      .option("--instance-id <id>", 'the EC2 instance instead ("instanceId")')
      .option("--dry-run", 'change nothing, only show what would be evicted ("dryRun": true)');
  } else if (target.name === "gc") {
    command.option("--apply", 'delete ("dryRun": false), if the deployed configuration enables deletion');
  } else {
    command.option("--cluster <name>", 'only this cluster (repeatable; "clusters")', collect).option("--remember", 'record findings and notify news, as the schedule does ("remember": true)');
  }
  return command
    .addHelpText("after", `${target.help}\n${EXIT_CODES}`)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError(`(run \`caretaker invoke ${target.name} --help\` for usage)`)
    .action(invokeAction(io, setExitCode, target));
}

/**
 * `caretaker invoke drain|gc|drift [payload]`: calls a deployed stage's function with a payload checked first by
 * the schema the function parses with (a bad one is refused field by field, and nothing is invoked), and prints its
 * answer as the corresponding local command would.
 */
function invokeCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  const invoke = new Command("invoke").description("invoke a deployed function (drain, gc, drift) with a validated payload and show its report");
  for (const target of [DRAIN, GC, DRIFT]) invoke.addCommand(subcommand(io, setExitCode, target));
  return invoke;
}

export { invokeCommand };
