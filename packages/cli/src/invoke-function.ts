import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";

/**
 * The function ran and failed (Lambda answered with FunctionError): its own error type and message, e.g.
 * `InvalidInputError: …` or `ClusterAccessError: …`. The caller gets no result; exit 3.
 */
class FunctionFailedError extends Error {
  override readonly name = "FunctionFailedError";
  readonly functionName: string;
  readonly errorType: string | undefined;
  readonly errorMessage: string | undefined;

  constructor(functionName: string, failure: { errorType?: string; errorMessage?: string }) {
    super(`${functionName} failed: ${failure.errorType ? `${failure.errorType}: ` : ""}${failure.errorMessage ?? "(no message)"}`);
    this.functionName = functionName;
    this.errorType = failure.errorType;
    this.errorMessage = failure.errorMessage;
  }
}

/** Lambda's error payload is `{ errorType, errorMessage, trace }`; anything else is shown as it is. */
function decodeFailure(text: string): { errorType?: string; errorMessage?: string } {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (typeof parsed === "object" && parsed !== null) {
      const { errorType, errorMessage } = parsed as Record<string, unknown>;
      return { ...(typeof errorType === "string" ? { errorType } : {}), ...(typeof errorMessage === "string" ? { errorMessage } : {}) };
    }
  } catch {
    // Not JSON: the text itself is the message.
  }
  return text ? { errorMessage: text } : {};
}

/**
 * Invokes a deployed function synchronously (RequestResponse) with a JSON payload, with the operator's AWS credentials
 * and Region, and resolves to its JSON result. Throws FunctionFailedError when the function itself failed; AWS errors
 * (no such function, access denied) are rethrown naming the function.
 */
async function invokeFunction(functionName: string, payload: unknown): Promise<unknown> {
  let answer;
  try {
    answer = await new LambdaClient({}).send(new InvokeCommand({ FunctionName: functionName, InvocationType: "RequestResponse", Payload: new TextEncoder().encode(JSON.stringify(payload)) }));
  } catch (error) {
    throw new Error(`Invoking ${functionName} (lambda:InvokeFunction) failed: ${(error as Error).message}`, { cause: error });
  }
  const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : "";
  if (answer.FunctionError) throw new FunctionFailedError(functionName, decodeFailure(text));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${functionName} answered with something that is not JSON: ${text.slice(0, 200) || "(nothing)"}`);
  }
}

export { FunctionFailedError, invokeFunction };
