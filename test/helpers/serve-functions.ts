import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import { afterEach } from "vitest";
import { lambdaContext } from "./lambda-context";

/** A deployed function's handler (functions/*.ts), or a wrapper around one. */
type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;
type LambdaMock = AwsClientStub<LambdaClient>;

interface Invocation {
  /** The FunctionName the caller invoked. */
  name: string;
  payload: unknown;
}

interface ServedFunctions {
  /** Every Invoke, in order, names without a handler included. */
  calls: Invocation[];
  /** What each served function received, in order: live arrays, one per handler, empty until it is invoked. */
  received: Record<string, unknown[]>;
}

/** The LambdaClient stub of a test file, reset after each of its tests: call it once, at the file's top level. */
function mockLambda(): LambdaMock {
  const lambda = mockClient(LambdaClient);
  afterEach(() => {
    lambda.reset();
  });
  return lambda;
}

const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));

/**
 * Lambda's Invoke (RequestResponse) served in-process by real handlers, as the deployed functions answer: the payload
 * decoded and passed to the handler with a Lambda context of `remainingMs` (default: lambdaContext's), its result
 * returned as the Payload; a thrown error returned as FunctionError "Unhandled" with Lambda's { errorType, errorMessage }
 * payload; a name without a handler refused with ResourceNotFoundException, as Lambda does. Replaces whatever the stub
 * answered Invoke with before.
 */
function serveFunctions(lambda: LambdaMock, handlers: Record<string, LambdaHandler>, options: { remainingMs?: number } = {}): ServedFunctions {
  const calls: Invocation[] = [];
  const received: Record<string, unknown[]> = Object.fromEntries(Object.keys(handlers).map((name) => [name, []]));
  lambda.on(InvokeCommand).callsFake(async (input: { FunctionName?: string; Payload?: Uint8Array }) => {
    const name = input.FunctionName ?? "";
    const payload: unknown = input.Payload ? JSON.parse(new TextDecoder().decode(input.Payload)) : {};
    calls.push({ name, payload });
    const handler = Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw Object.assign(new Error(`Function not found: arn:aws:lambda:eu-west-1:111122223333:function:${name}`), { name: "ResourceNotFoundException" });
    received[name]?.push(payload);
    try {
      return { StatusCode: 200, Payload: encode(await handler(payload, lambdaContext(name, options.remainingMs))) };
    } catch (error) {
      return { StatusCode: 200, FunctionError: "Unhandled", Payload: encode({ errorType: (error as Error).name, errorMessage: (error as Error).message }) };
    }
  });
  return { calls, received };
}

export { mockLambda, serveFunctions };
export type { Invocation, LambdaHandler, LambdaMock, ServedFunctions };
