import { heartbeatIntervalMs } from "@caretaker/core/lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { type LifecycleHarness, lifecycleHarness, runFor, SECOND, settle } from "./harness";

const HEARTBEAT = "autoscaling:RecordLifecycleActionHeartbeat";
const FOREVER = Number.MAX_SAFE_INTEGER;

describe("keepAlive", () => {
  let harness: LifecycleHarness | undefined;
  afterEach(() => harness?.stop());

  it("keeps an action alive across three times its heartbeat timeout, then stops without leaving a timer", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };
    const timersBefore = harness.sandboxClock.pendingTimers;

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await runFor(harness.sandboxClock, 900 * SECOND, 10 * SECOND);
    const summary = await alive.stop();

    // Assess: one heartbeat every 100 s, and only the action's own timeout left on the clock.
    expect(harness.state()).toMatchObject({ status: "active", heartbeats: 9 });
    expect(harness.heartbeatTimes(startedAt)).toEqual([100, 200, 300, 400, 500, 600, 700, 800, 900].map((s) => s * SECOND));
    expect(summary).toEqual({ heartbeats: 9, lastOutcome: "recorded", endedBy: "stop" });
    expect(harness.sandboxClock.pendingTimers).toBe(timersBefore);
  });

  it("sends nothing once the action reaches its global timeout, and ends on its own", async () => {
    // Prepare: heartbeat timeout 30 s → global timeout 3000 s, heartbeats every 10 s.
    harness = lifecycleHarness({ heartbeatTimeout: 30 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 30, globalTimeoutSeconds: 3000, defaultResult: "CONTINUE" as const };

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await runFor(harness.sandboxClock, 3100 * SECOND, 10 * SECOND);
    const summary = await alive.finished;

    // Assess: the last heartbeat (at 2970 s) already carries the action to 3000 s; none is refused as gone.
    const times = harness.heartbeatTimes(startedAt);
    expect(times).toHaveLength(297);
    expect(Math.max(...times)).toBe(2970 * SECOND);
    expect(harness.account.calls.count(HEARTBEAT, "error")).toBe(0);
    expect(summary).toEqual({ heartbeats: 297, lastOutcome: "recorded", endedBy: "global-timeout" });
    expect(harness.state()).toMatchObject({ completedBy: "timeout", completedAt: new Date(startedAt + 3000 * SECOND) });
    expect(harness.sandboxClock.pendingTimers).toBe(0);
  });

  it("stops heartbeating when the action is gone (completed elsewhere)", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await runFor(harness.sandboxClock, 150 * SECOND, 10 * SECOND);

    // Act
    await harness.actions.complete(action, "CONTINUE");
    await runFor(harness.sandboxClock, 1000 * SECOND, 10 * SECOND);
    const summary = await alive.finished;

    // Assess: the heartbeat at 200 s learns it is gone; nothing after.
    expect(harness.heartbeatTimes(startedAt)).toEqual([100 * SECOND, 200 * SECOND]);
    expect(summary).toEqual({ heartbeats: 1, lastOutcome: "gone", endedBy: "gone" });
  });

  it("sends nothing after stop(), however much time passes, and stop() is idempotent", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };
    const timersBefore = harness.sandboxClock.pendingTimers;
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await runFor(harness.sandboxClock, 250 * SECOND, 10 * SECOND);

    // Act
    const [first, second] = await Promise.all([alive.stop(), alive.stop()]);
    const timersAfterStop = harness.sandboxClock.pendingTimers;
    await runFor(harness.sandboxClock, 250 * SECOND, 10 * SECOND);

    // Assess: without heartbeats the action times out 300 s after the last one (at 200 s).
    expect(timersAfterStop).toBe(timersBefore);
    expect(harness.heartbeatTimes(startedAt)).toEqual([100 * SECOND, 200 * SECOND]);
    expect(first).toEqual({ heartbeats: 2, lastOutcome: "recorded", endedBy: "stop" });
    expect(second).toBe(first);
    expect(harness.state()).toMatchObject({ completedBy: "timeout", completedAt: new Date(startedAt + 500 * SECOND) });
  });

  it("ends when its abort signal fires, cancelling the pending wait", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };
    const controller = new AbortController();
    const timersBefore = harness.sandboxClock.pendingTimers;
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER, signal: controller.signal });
    await runFor(harness.sandboxClock, 150 * SECOND, 10 * SECOND);

    // Act
    controller.abort();
    const summary = await alive.finished;

    // Assess
    expect(summary).toEqual({ heartbeats: 1, lastOutcome: "recorded", endedBy: "abort" });
    expect(harness.sandboxClock.pendingTimers).toBe(timersBefore);
    expect(await alive.stop()).toBe(summary);
  });

  it("sends nothing after `until`", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: startedAt + 350 * SECOND });
    await runFor(harness.sandboxClock, 1000 * SECOND, 10 * SECOND);
    const summary = await alive.finished;

    // Assess
    expect(harness.heartbeatTimes(startedAt)).toEqual([100 * SECOND, 200 * SECOND, 300 * SECOND]);
    expect(summary.endedBy).toBe("until");
  });

  it("retries a refused heartbeat after half an interval, so a throttle does not let the action time out", async () => {
    // Prepare: heartbeat timeout 30 s, interval 10 s; one attempt per call so the throttles reach keepAlive.
    harness = lifecycleHarness({ heartbeatTimeout: 30, maxAttempts: 1 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 30, globalTimeoutSeconds: 3000, defaultResult: "CONTINUE" as const };
    harness.account.faults.throttle(HEARTBEAT, { times: 2 });

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await runFor(harness.sandboxClock, 35 * SECOND, 5 * SECOND);
    const summary = await alive.stop();

    // Assess: refused at 10 s and 15 s, recorded at 20 s (before the 30 s timeout) and 30 s.
    expect(harness.account.calls.filter(HEARTBEAT).map((call) => [call.outcome, call.at - startedAt])).toEqual([
      ["error", 10 * SECOND],
      ["error", 15 * SECOND],
      ["ok", 20 * SECOND],
      ["ok", 30 * SECOND],
    ]);
    expect(harness.state().status).toBe("active");
    expect(summary).toMatchObject({ heartbeats: 2, lastOutcome: "recorded" });
  });

  it("heartbeats at once when the last known heartbeat is more than an interval ago (a later run resuming)", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" as const };
    harness.sandboxClock.advance(250 * SECOND);

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER });
    await settle();
    const summary = await alive.stop();

    // Assess
    expect(harness.heartbeatTimes(startedAt)).toEqual([250 * SECOND]);
    expect(summary.heartbeats).toBe(1);
    expect(harness.state().timeoutAt).toEqual(new Date(startedAt + 550 * SECOND));
  });

  it("warns when asked to heartbeat no more often than the hook's heartbeat timeout", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 60 });
    const { action, startedAt } = harness.terminate();
    const hook = { heartbeatTimeoutSeconds: 60, globalTimeoutSeconds: 6000, defaultResult: "CONTINUE" as const };

    // Act
    const alive = harness.actions.keepAlive(action, { hook, startedAt, until: FOREVER, intervalMs: 60 * SECOND });
    await alive.stop();

    // Assess
    expect(harness.logs).toContainEqual({ level: "warn", message: expect.stringContaining("heartbeat interval 60000 ms is not below the hook's heartbeat timeout 60000 ms") });
  });
});

describe("heartbeatIntervalMs", () => {
  it("is a third of the heartbeat timeout, at least 10 s and at most 5 minutes", () => {
    // Act
    const intervals = [30, 60, 300, 900, 3600, 7200].map((seconds) =>
      heartbeatIntervalMs({ heartbeatTimeoutSeconds: seconds, globalTimeoutSeconds: Math.min(172_800, 100 * seconds), defaultResult: "ABANDON" }),
    );

    // Assess
    expect(intervals).toEqual([10, 20, 100, 300, 300, 300].map((s) => s * SECOND));
  });
});
