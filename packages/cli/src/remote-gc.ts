import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { GcReportView } from "./gc-output";

/** Where the deployed image GC function is: `--function`, else CARETAKER_GC_FUNCTION (the `imageGcFunction` output). */
function gcFunctionName(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? env.CARETAKER_GC_FUNCTION;
}

/** The function failed (its own error, e.g. an invalid CARETAKER_GC_CONFIG): nothing was deleted by this call. */
class RemoteGcError extends Error {
  override readonly name = "RemoteGcError";
}

/**
 * `caretaker gc … --remote`: the deployed function runs with its own network, role and deployed configuration. The
 * payload is the manual request it accepts: `dryRun: false` only asks; the deployed `enabled` switch decides.
 */
async function remoteGc(request: { functionName: string; dryRun: boolean }): Promise<GcReportView> {
  const payload = { dryRun: request.dryRun };
  const answer = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: request.functionName, InvocationType: "RequestResponse", Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
  const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "";
  if (answer.FunctionError) {
    let failure: { errorType?: string; errorMessage?: string };
    try {
      failure = JSON.parse(text) as typeof failure;
    } catch {
      failure = { errorMessage: text };
    }
    throw new RemoteGcError(`${request.functionName} failed: ${failure.errorType ? `${failure.errorType}: ` : ""}${failure.errorMessage ?? "(no message)"}`);
  }
  return JSON.parse(text) as GcReportView;
}

export { gcFunctionName, RemoteGcError, remoteGc };
