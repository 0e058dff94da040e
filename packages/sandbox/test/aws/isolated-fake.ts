import { afterEach } from "vitest";
import { type AwsWiring, type FakeService, SandboxAwsAccount, wireAwsClients } from "../../src/aws";
import { SandboxClock } from "../../src/clock";

const ISOLATED_ACCOUNT = "123456789012";
const ISOLATED_START = new Date("2026-03-01T12:00:00Z");

const wirings: AwsWiring[] = [];
afterEach(() => {
  for (const wiring of wirings.splice(0)) wiring.restore();
});

/**
 * A sandbox account in which the fake `build` makes replaces the built-in one of its service, wired into the real SDK
 * clients by the account's wiring (routing by command class, `$metadata`, call log; SDK retries off so errors surface
 * as they are). Simulated time stands still unless a test advances the clock. Wirings are restored after each test.
 */
function withAccount<T extends FakeService>(build: (account: SandboxAwsAccount) => T, partition = "aws") {
  const clock = new SandboxClock({ start: ISOLATED_START, scale: 1e-9 });
  let fake: T | undefined;
  const account = new SandboxAwsAccount({ accountId: ISOLATED_ACCOUNT, partition }, clock, { services: [(a) => (fake = build(a))] });
  wirings.push(wireAwsClients(account, { sdkRetries: false }));
  return { clock, fake: fake as T };
}

export { ISOLATED_ACCOUNT, ISOLATED_START, withAccount };
