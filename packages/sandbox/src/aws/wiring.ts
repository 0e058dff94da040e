import { mockClient } from "aws-sdk-client-mock";
import type { SandboxClock } from "../clock";
import type { SeededRandom } from "../random";
import { cloneShape } from "./core/clone";
import { SandboxUnsupportedOperationError } from "./core/unsupported";
import type { CallLog } from "./faults/call-log";
import type { FaultInjector } from "./faults/faults";
import { retryErrorType, SdkRetryEmulation } from "./faults/sdk-retry";
import { throttlingError } from "./faults/throttling";
import type { CommandClass, CommandHandler, FakeService } from "./service";

/**
 * Routes every instance of each service's SDK client class (class-level mocks, so clients built anywhere, e.g. at
 * module scope in a Lambda handler, are covered) to the account's fakes: faults first, then the handler; outputs get
 * `$metadata` like a real response, errors get the status, request id and attempt count the SDK would attach, and
 * every attempt lands in the account's call log.
 */
interface WirableAccount {
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  readonly calls: CallLog;
  services(): readonly FakeService[];
  random(stream: string): SeededRandom;
}

interface WireOptions {
  /**
   * Replay the SDK's standard retry strategy (retries of throttling and transient errors, backoff on the sandbox
   * clock, the client's `maxAttempts`), as the real client's middleware would. Default true.
   */
  sdkRetries?: boolean;
}

interface AwsWiring {
  restore(): void;
}

interface Route {
  service: string;
  operation: string;
  handle?: CommandHandler;
}

interface SdkErrorLike {
  $fault?: string;
  $metadata?: Record<string, unknown>;
}

function operationName(command: object): string {
  return command.constructor.name.replace(/Command$/, "");
}

function decorateError(error: unknown, requestId: string, attempts: number, totalRetryDelay: number): void {
  const e = error as SdkErrorLike;
  if (typeof e !== "object" || e === null || typeof e.$metadata !== "object" || e.$metadata === null) return;
  const httpStatusCode = e.$metadata.httpStatusCode ?? (e.$fault === "server" ? 500 : 400);
  e.$metadata = { ...e.$metadata, httpStatusCode, requestId, attempts, totalRetryDelay };
}

class Router {
  readonly #account: WirableAccount;
  readonly #retries: SdkRetryEmulation | undefined;
  readonly #random: SeededRandom;

  constructor(account: WirableAccount, options: WireOptions) {
    this.#account = account;
    this.#random = account.random("wiring");
    this.#retries = options.sdkRetries === false ? undefined : new SdkRetryEmulation(account.random("sdk-retry"));
  }

  route(fake: FakeService, command: object): Route {
    const operation = fake.operations.find((op) => command instanceof (op.command as CommandClass));
    if (!operation) return { service: fake.serviceName, operation: operationName(command) };
    return { service: fake.serviceName, operation: operation.name, handle: operation.handle };
  }

  async send(client: object, route: Route, input: unknown): Promise<unknown> {
    const maxAttempts = this.#retries && route.handle ? await this.#retries.maxAttempts(client) : 1;
    let attempts = 0;
    let totalRetryDelay = 0;
    let lastRetryCost: number | undefined;
    for (;;) {
      attempts++;
      const requestId = this.#random.uuid();
      try {
        const output = await this.#attempt(route, input, attempts);
        this.#retries?.recordSuccess(client, lastRetryCost);
        return { ...(output as object), $metadata: { httpStatusCode: 200, requestId, attempts, totalRetryDelay } };
      } catch (error) {
        decorateError(error, requestId, attempts, totalRetryDelay);
        const type = retryErrorType(error);
        const cost = route.handle ? this.#retries?.acquireRetry(client, type, attempts, maxAttempts) : undefined;
        if (cost === undefined || !this.#retries) throw error;
        lastRetryCost = cost;
        const delay = this.#retries.delayMs(type, attempts - 1);
        totalRetryDelay += delay;
        if (delay > 0) await this.#account.clock.sleep(delay);
      }
    }
  }

  async #attempt(route: Route, input: unknown, attempt: number): Promise<unknown> {
    const { clock, faults, calls } = this.#account;
    const at = clock.nowMs();
    const record = (outcome: "ok" | "error", error?: unknown) =>
      calls.record({
        service: route.service,
        operation: route.operation,
        input: cloneShape(input),
        at,
        attempt,
        outcome,
        ...(outcome === "error" ? { error: (error as Error)?.name ?? String(error) } : {}),
      });
    try {
      if (!route.handle) {
        throw new SandboxUnsupportedOperationError(`the sandbox does not model ${route.service}:${route.operation}`);
      }
      const plan = faults.plan(route.service, route.operation);
      if (plan.latencyMs > 0) await clock.sleep(plan.latencyMs);
      if (plan.fault?.kind === "error") throw plan.fault.error;
      if (plan.fault?.kind === "throttle") throw throttlingError(route.service, route.operation);
      const output = cloneShape(await route.handle(cloneShape(input)));
      record("ok");
      return output;
    } catch (error) {
      record("error", error);
      throw error;
    }
  }
}

/** Starts routing; `restore()` puts every client class's original `send` back. */
function wireAwsClients(account: WirableAccount, options: WireOptions = {}): AwsWiring {
  const router = new Router(account, options);
  const stubs = account.services().map((fake) => {
    const stub = mockClient(fake.clientClass as Parameters<typeof mockClient>[0]);
    // The stub's typing wants a Promise for every call; the callback form of `send` returns nothing.
    const send = stub.send as unknown as { callsFake(fake: (this: object, ...args: never[]) => unknown): void };
    send.callsFake(function routed(this: object, command: { input: unknown }, ...rest: unknown[]) {
      const callback = rest.find((arg): arg is (error: unknown, data?: unknown) => void => typeof arg === "function");
      const result = router.send(this, router.route(fake, command), command.input);
      if (!callback) return result;
      result.then(
        (data) => callback(null, data),
        (error: unknown) => callback(error),
      );
      return undefined;
    });
    return stub;
  });
  return {
    restore() {
      for (const stub of stubs) stub.restore();
    },
  };
}

export { wireAwsClients };
export type { AwsWiring, WirableAccount, WireOptions };
