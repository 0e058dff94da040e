import { SandboxClock } from "../../src/clock";
import { type AwsAccountSpec, SandboxAwsAccount } from "../../src/aws/account";
import { type AwsWiring, type WireOptions, wireAwsClients } from "../../src/aws/wiring";

/** Simulated start of every test account, so dates in assertions are fixed. */
const START = new Date("2025-06-02T09:00:00Z");

interface TestSandbox {
  account: SandboxAwsAccount;
  clock: SandboxClock;
  wiring: AwsWiring;
}

/** Simulated milliseconds per real millisecond that make the clock stand still unless a test `advance()`s it. */
const FROZEN = 1e-9;

/**
 * An account wired into the SDK clients. By default simulated time stands still (dates in assertions are exact and
 * nothing times out behind the test's back) and moves only with `clock.advance()`; tests that let the SDK back off or
 * inject latency on the clock pass a large scale so those waits take microseconds.
 */
function startSandbox(spec: AwsAccountSpec = {}, options: WireOptions & { scale?: number } = {}): TestSandbox {
  const clock = new SandboxClock({ scale: options.scale ?? FROZEN, start: START });
  const account = new SandboxAwsAccount(spec, clock);
  const wiring = wireAwsClients(account, options);
  return { account, clock, wiring };
}

function stopSandbox(sandbox: TestSandbox | undefined): void {
  sandbox?.wiring.restore();
  sandbox?.clock.dispose();
}

/** The rejection of `promise` (fails the test if it resolves). */
async function rejectionOf(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

export { rejectionOf, START, startSandbox, stopSandbox };
export type { TestSandbox };
