import { afterEach, describe, expect, it } from "vitest";
import { type LifecycleHarness, lifecycleHarness, SECOND } from "./harness";

describe("heartbeat", () => {
  let harness: LifecycleHarness | undefined;
  afterEach(() => harness?.stop());

  it("extends the action: its timeout moves to the heartbeat time plus the hook's heartbeat timeout", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300 });
    const { action, startedAt } = harness.terminate();
    const before = harness.state().timeoutAt.getTime();
    harness.sandboxClock.advance(200 * SECOND);

    // Act
    const outcome = await harness.actions.heartbeat(action);

    // Assess
    expect(outcome).toBe("recorded");
    expect(before).toBe(startedAt + 300 * SECOND);
    expect(harness.state()).toMatchObject({ status: "active", heartbeats: 1, timeoutAt: new Date(startedAt + 500 * SECOND) });
  });

  it("sends the token and the instance id with the group and hook names", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();

    // Act
    await harness.actions.heartbeat(action);

    // Assess
    expect(harness.account.calls.filter("autoscaling:RecordLifecycleActionHeartbeat").map((call) => call.input)).toEqual([
      { AutoScalingGroupName: action.autoScalingGroupName, LifecycleHookName: action.lifecycleHookName, InstanceId: action.instanceId, LifecycleActionToken: action.token },
    ]);
  });

  it("answers gone, without throwing, once the action is completed", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    await harness.actions.complete(action, "CONTINUE");

    // Act
    const outcome = await harness.actions.heartbeat(action);

    // Assess
    expect(outcome).toBe("gone");
    expect(harness.logs).toContainEqual({ level: "info", message: expect.stringContaining("no longer active") });
  });

  it("answers gone for an instance that has no lifecycle action", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    const { token: _token, ...byInstance } = action;

    // Act
    const outcome = await harness.actions.heartbeat({ ...byInstance, instanceId: "i-0123456789abcdef0" });

    // Assess
    expect(outcome).toBe("gone");
  });

  it("answers gone once the action has timed out to its default result", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 60 });
    const { action } = harness.terminate();
    harness.sandboxClock.advance(60 * SECOND);

    // Act
    const outcome = await harness.actions.heartbeat(action);

    // Assess
    expect(outcome).toBe("gone");
    expect(harness.state()).toMatchObject({ completedBy: "timeout" });
  });

  it("answers failed to a throttled heartbeat, logs it, and the next heartbeat is recorded", async () => {
    // Prepare: one attempt per call, so the throttle reaches Caretaker instead of the SDK's own retry.
    harness = lifecycleHarness({ maxAttempts: 1 });
    const { action } = harness.terminate();
    harness.account.faults.throttle("autoscaling:RecordLifecycleActionHeartbeat", { times: 1 });

    // Act
    const first = await harness.actions.heartbeat(action);
    const second = await harness.actions.heartbeat(action);

    // Assess
    expect([first, second]).toEqual(["failed", "recorded"]);
    expect(harness.logs).toContainEqual({ level: "warn", message: expect.stringContaining(`heartbeat for instance ${action.instanceId}`) });
    expect(harness.state().heartbeats).toBe(1);
  });
});
