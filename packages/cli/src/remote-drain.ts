import { type DrainOptions, parseManualDrainRequest, type RunResult } from "@caretaker/core/drain";
import { conclusionLines, EXIT_CODES, renderDrainTable } from "./drain-output";
import { FunctionFailedError, invokeFunction } from "./invoke-function";
import { type CliIo, ExitCode } from "./io";

/** Where the deployed drain function is: `--function`, else CARETAKER_DRAIN_FUNCTION (printed by `sst deploy`). */
function drainFunctionName(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? env.CARETAKER_DRAIN_FUNCTION;
}

/**
 * Prints the drain function's answer to a manual request like a local drain: kubectl's conclusion lines (and the
 * lifecycle result) on stderr, the per-pod table or the whole answer as JSON on stdout. Returns the exit code.
 * `timeoutSeconds` is the deadline asked for, if any (else the time the drain took is named).
 */
function printDrainRun(io: CliIo, result: RunResult, settings: { command: string; json: boolean; timeoutSeconds?: number }): number {
  const run = result.runs[0];
  const drain = run?.drain;
  if (settings.json) io.out(JSON.stringify(result, null, 2));
  if (!run || !drain) {
    io.err(`${settings.command}: ${run?.note ?? "the function returned no drain result"}`);
    return ExitCode.Failure;
  }
  const timeoutSeconds = settings.timeoutSeconds || Math.max(1, Math.round((drain.finishedAt - drain.startedAt) / 1000));
  for (const line of conclusionLines(drain, { timeoutSeconds })) io.err(line);
  // "none": a manual drain has no lifecycle action to complete.
  if (run.lifecycle && run.lifecycle !== "none") io.err(`lifecycle action: ${run.lifecycle}`);
  if (!settings.json) io.out(renderDrainTable(drain));
  return EXIT_CODES[drain.outcome];
}

/**
 * `caretaker drain --remote`: asks the deployed drain function (from the functions' network, with their role) to do
 * the drain, with the same validated manual payload a direct invocation takes; prints its result like a local drain.
 */
async function remoteDrain(io: CliIo, request: { functionName: string; cluster: string; target: { node?: string; instanceId?: string }; options: DrainOptions; json: boolean }): Promise<number> {
  const payload = { cluster: request.cluster, ...request.target, dryRun: request.options.dryRun, options: request.options };
  // The function would refuse a bad payload; refuse it here first, so a typo never costs an invocation.
  parseManualDrainRequest(payload);
  let result: RunResult;
  try {
    result = (await invokeFunction(request.functionName, payload)) as RunResult;
  } catch (error) {
    if (!(error instanceof FunctionFailedError)) throw error;
    io.err(`caretaker drain --remote: ${error.message}`);
    return ExitCode.Failure;
  }
  return printDrainRun(io, result, { command: "caretaker drain --remote", json: request.json, timeoutSeconds: request.options.timeoutSeconds });
}

export { drainFunctionName, printDrainRun, remoteDrain };
