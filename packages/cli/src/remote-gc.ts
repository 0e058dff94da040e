import type { GcReportView } from "./gc-output";
import { invokeFunction } from "./invoke-function";

/** Where the deployed image GC function is: `--function`, else CARETAKER_GC_FUNCTION (the `imageGcFunction` output). */
function gcFunctionName(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  return flag ?? env.CARETAKER_GC_FUNCTION;
}

/**
 * `caretaker gc … --remote`: the deployed function runs with its own network, role and deployed configuration. The
 * payload is the manual request it accepts: `dryRun: false` only asks; the deployed `enabled` switch decides. The
 * function's own error (e.g. an invalid CARETAKER_GC_CONFIG; nothing was deleted) is a FunctionFailedError.
 */
async function remoteGc(request: { functionName: string; dryRun: boolean }): Promise<GcReportView> {
  return (await invokeFunction(request.functionName, { dryRun: request.dryRun })) as GcReportView;
}

export { gcFunctionName, remoteGc };
