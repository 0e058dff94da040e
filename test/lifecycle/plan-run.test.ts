import { type LifecycleHookInfo, planRun, type RunPlanInput } from "@caretaker/core/lifecycle";
import { describe, expect, it } from "vitest";

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const T0 = Date.parse("2025-06-02T09:00:00Z");
const hook: LifecycleHookInfo = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" };

/** A run 10 minutes into a drain, with 15 minutes of Lambda time, a 30 s margin and a 60 s hand-off. */
function input(overrides: Partial<RunPlanInput> = {}): RunPlanInput {
  return { now: T0 + 10 * MINUTE, remainingMs: 15 * MINUTE, safetyMarginMs: 30 * SECOND, hook, actionStartedAt: T0, lastHeartbeatAt: T0 + 9 * MINUTE, redeliveryDelayMs: 60 * SECOND, ...overrides };
}

describe("planRun", () => {
  it("works until the budget less the safety margin, and one heartbeat then covers the hand-off", () => {
    // Act
    const plan = planRun(input());

    // Assess
    expect(plan).toEqual({ workUntil: T0 + 10 * MINUTE + 15 * MINUTE - 30 * SECOND, heartbeatBeforeHandoff: true, globalDeadline: T0 + 30_000 * SECOND });
  });

  it("hands off at once when less time is left than the safety margin", () => {
    // Act
    const plan = planRun(input({ remainingMs: 20 * SECOND }));

    // Assess
    expect(plan.workUntil).toBe(T0 + 10 * MINUTE);
    expect(plan.heartbeatBeforeHandoff).toBe(true);
    expect(plan.warning).toBe("only 20000 ms of this run left, within the 30000 ms safety margin: hand off without starting work");
  });

  it("stops at the global deadline when it comes before the budget ends: the last run, no hand-off", () => {
    // Prepare: a 30 s heartbeat timeout gives a 3000 s global timeout, 5 minutes after now.
    const shortHook: LifecycleHookInfo = { heartbeatTimeoutSeconds: 30, globalTimeoutSeconds: 3000, defaultResult: "ABANDON" };
    const now = T0 + 2700 * SECOND;

    // Act
    const plan = planRun(input({ hook: shortHook, now, lastHeartbeatAt: now - 10 * SECOND }));

    // Assess
    expect(plan.workUntil).toBe(T0 + 3000 * SECOND);
    expect(plan.globalDeadline).toBe(T0 + 3000 * SECOND);
    expect(plan.heartbeatBeforeHandoff).toBe(false);
    expect(plan.warning).toBe(
      "the lifecycle action's global timeout (2025-06-02T09:50:00.000Z) comes before this run's budget ends: this is the last run; after it the hook applies its DefaultResult (ABANDON)",
    );
  });

  it("does not hand off when the next run would start after the global deadline", () => {
    // Prepare: the budget ends 30 s before the global deadline; the next run would come 60 s later.
    const now = T0 + 30_000 * SECOND - 15 * MINUTE;

    // Act
    const plan = planRun(input({ now, lastHeartbeatAt: now }));

    // Assess
    expect(plan.workUntil).toBe(T0 + 30_000 * SECOND - 30 * SECOND);
    expect(plan.heartbeatBeforeHandoff).toBe(false);
    expect(plan.warning).toMatch(/^the next run \(.*\) would start after the lifecycle action's global timeout \(2025-06-02T17:20:00.000Z\): finish in this run or apply the failure policy$/);
  });

  it("does not hand off when the hand-off delay is as long as the heartbeat timeout", () => {
    // Act
    const plan = planRun(input({ redeliveryDelayMs: 300 * SECOND }));

    // Assess
    expect(plan.heartbeatBeforeHandoff).toBe(false);
    expect(plan.warning).toContain("the hand-off delay (300000 ms) is not shorter than the hook's heartbeat timeout (300000 ms)");
  });

  it("plans no work once the global deadline has passed", () => {
    // Act
    const plan = planRun(input({ now: T0 + 30_001 * SECOND }));

    // Assess
    expect(plan.workUntil).toBe(T0 + 30_001 * SECOND);
    expect(plan.heartbeatBeforeHandoff).toBe(false);
    expect(plan.warning).toBe("the lifecycle action reached its global timeout at 2025-06-02T17:20:00.000Z: the hook has applied its DefaultResult (CONTINUE)");
  });

  it("warns that the action may have timed out when no heartbeat is known within the heartbeat timeout", () => {
    // Act: started 10 minutes ago with a 5-minute timeout, no heartbeat known.
    const { lastHeartbeatAt: _none, ...withoutHeartbeat } = input();
    const plan = planRun(withoutHeartbeat);

    // Assess
    expect(plan.warning).toBe("the lifecycle action may have timed out at 2025-06-02T09:05:00.000Z (no later heartbeat is known): the next heartbeat will tell");
    expect(plan.heartbeatBeforeHandoff).toBe(true);
  });

  it("refuses a negative safety margin or hand-off delay", () => {
    // Act / Assess
    expect(() => planRun(input({ safetyMarginMs: -1 }))).toThrow(RangeError);
    expect(() => planRun(input({ redeliveryDelayMs: -1 }))).toThrow(RangeError);
  });
});
