import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { Clock } from "@caretaker/core/clock";
import { type CompleteRetry, createLifecycleActions, type LifecycleActionRef, type LifecycleActions } from "@caretaker/core/lifecycle";
import { SandboxAwsAccount, SandboxClock, wireAwsClients } from "@caretaker/sandbox";

const GROUP = "prod-general";
const HOOK = "caretaker-drain";
const SECOND = 1_000;
/** Simulated start of every test, so deadlines in assertions are fixed. */
const START = new Date("2025-06-02T09:00:00Z");
/** Simulated ms per real ms that make time stand still: it moves only when a test advances it. */
const FROZEN = 1e-9;

interface LifecycleHarness {
  account: SandboxAwsAccount;
  sandboxClock: SandboxClock;
  clock: Clock;
  actions: LifecycleActions;
  logs: Array<{ level: "info" | "warn"; message: string }>;
  /** Scales in the group's first instance: its action, and when the action began (the event's time). */
  terminate(): { action: LifecycleActionRef; startedAt: number };
  /** The fake's view of the one action this harness started. */
  state(): NonNullable<ReturnType<SandboxAwsAccount["autoscaling"]["lifecycleActions"]>[number]>;
  /** Heartbeat attempts that reached the fake, as ms since the action started. */
  heartbeatTimes(startedAt: number): number[];
  stop(): void;
}

interface HarnessOptions {
  heartbeatTimeout?: number;
  defaultResult?: "CONTINUE" | "ABANDON";
  /** The client's maxAttempts; 1 lets every throttled response reach Caretaker's code (default: the SDK's). */
  maxAttempts?: number;
  completeRetry?: Partial<CompleteRetry>;
}

/** Lets every promise chain started so far (SDK calls through the fake included) run to its next clock wait. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Moves simulated time forward by `totalMs` in steps, letting the code under test react after each one. */
async function runFor(clock: SandboxClock, totalMs: number, stepMs: number): Promise<void> {
  await settle();
  for (let elapsed = 0; elapsed < totalMs; elapsed += stepMs) {
    clock.advance(Math.min(stepMs, totalMs - elapsed));
    await settle();
  }
}

/** Advances simulated time in steps until `promise` settles (e.g. a call that backs off on the clock). */
async function drive<T>(clock: SandboxClock, promise: Promise<T>, stepMs: number, maxSteps = 10_000): Promise<T> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let step = 0; ; step++) {
    await settle();
    if (settled) return promise;
    if (step >= maxSteps) throw new Error(`still pending after ${maxSteps} steps of ${stepMs} ms`);
    clock.advance(stepMs);
  }
}

/** An Auto Scaling group with a terminate hook, wired into the real SDK client, on a frozen sandbox clock. */
function lifecycleHarness(options: HarnessOptions = {}): LifecycleHarness {
  const sandboxClock = new SandboxClock({ scale: FROZEN, start: START });
  const hook = { name: HOOK, heartbeatTimeout: options.heartbeatTimeout ?? 300, defaultResult: options.defaultResult ?? "CONTINUE" };
  const account = new SandboxAwsAccount({ autoscaling: { groups: [{ name: GROUP, instances: 2, lifecycleHooks: [hook] }] } }, sandboxClock);
  const wiring = wireAwsClients(account);
  const clock: Clock = { now: () => sandboxClock.nowMs(), sleep: (ms, signal) => sandboxClock.sleep(ms, signal) };
  const logs: LifecycleHarness["logs"] = [];
  const actions = createLifecycleActions({
    autoscaling: new AutoScalingClient(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    clock,
    logger: { info: (message) => logs.push({ level: "info", message: String(message) }), warn: (message) => logs.push({ level: "warn", message: String(message) }) },
    ...(options.completeRetry ? { completeRetry: options.completeRetry } : {}),
  });
  let instanceId = "";
  return {
    account,
    sandboxClock,
    clock,
    actions,
    logs,
    terminate() {
      instanceId = account.autoscaling.group(GROUP)?.Instances?.[0]?.InstanceId ?? "";
      const event = account.autoscaling.terminateInstance(GROUP, instanceId);
      if (!event) throw new Error("the group has no terminate hook");
      const { detail } = event;
      return {
        action: { autoScalingGroupName: detail.AutoScalingGroupName, lifecycleHookName: detail.LifecycleHookName, instanceId: detail.EC2InstanceId, token: detail.LifecycleActionToken },
        startedAt: Date.parse(event.time),
      };
    },
    state() {
      const [action] = account.autoscaling.lifecycleActions({ instanceId });
      if (!action) throw new Error(`no lifecycle action for ${instanceId}`);
      return action;
    },
    heartbeatTimes: (startedAt) => account.calls.filter("autoscaling:RecordLifecycleActionHeartbeat").map((call) => call.at - startedAt),
    stop() {
      wiring.restore();
      sandboxClock.dispose();
    },
  };
}

export { drive, GROUP, HOOK, lifecycleHarness, runFor, SECOND, settle, START };
export type { LifecycleHarness };
