import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { type DrainOptions, parseDrainTrigger, type RunResult } from "@caretaker/core/drain";
import { conclusionLines, EXIT_CODES, renderDrainTable } from "./drain-output";
import { type CliIo, ExitCode } from "./io";

/** Where the deployed drain function is: `--function`, else CARETAKER_DRAIN_FUNCTION (printed by `sst deploy`). */
function drainFunctionName(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? env.CARETAKER_DRAIN_FUNCTION;
}

/**
 * `caretaker drain --remote`: asks the deployed drain function (from the functions' network, with their role) to do
 * the drain, with the same validated manual payload a direct invocation takes; prints its result like a local drain.
 */
async function remoteDrain(io: CliIo, request: { functionName: string; cluster: string; target: { node?: string; instanceId?: string }; options: DrainOptions; json: boolean }): Promise<number> {
  const payload = { cluster: request.cluster, ...request.target, dryRun: request.options.dryRun, options: request.options };
  // The function would refuse a bad payload; refuse it here first, so a typo never costs an invocation.
  parseDrainTrigger(payload);
  const answer = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: request.functionName, InvocationType: "RequestResponse", Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
  const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "";
  if (answer.FunctionError) {
    const failure = (() => {
      try {
        return JSON.parse(text) as { errorType?: string; errorMessage?: string };
      } catch {
        return { errorMessage: text };
      }
    })();
    io.err(`caretaker drain --remote: ${request.functionName} failed: ${failure.errorType ? `${failure.errorType}: ` : ""}${failure.errorMessage ?? "(no message)"}`);
    return ExitCode.Failure;
  }
  const result = JSON.parse(text) as RunResult;
  const drain = result.runs[0]?.drain;
  if (!drain) {
    io.err(`caretaker drain --remote: ${result.runs[0]?.note ?? "the function returned no drain result"}`);
    return ExitCode.Failure;
  }
  for (const line of conclusionLines(drain, request.options)) io.err(line);
  if (result.runs[0]?.lifecycle) io.err(`lifecycle action: ${result.runs[0].lifecycle}`);
  io.out(request.json ? JSON.stringify(result, null, 2) : renderDrainTable(drain));
  return EXIT_CODES[drain.outcome];
}

export { drainFunctionName, remoteDrain };
