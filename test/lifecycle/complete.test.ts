import { AutoScalingServiceException } from "@aws-sdk/client-auto-scaling";
import { LifecycleActionError } from "@caretaker/core/lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { drive, type LifecycleHarness, lifecycleHarness, SECOND } from "./harness";

const COMPLETE = "autoscaling:CompleteLifecycleAction";

describe("complete", () => {
  let harness: LifecycleHarness | undefined;
  afterEach(() => harness?.stop());

  it("completes the action with the result asked for, sending the token and the instance id", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();

    // Act
    const outcome = await harness.actions.complete(action, "ABANDON");

    // Assess
    expect(outcome).toBe("completed");
    expect(harness.state()).toMatchObject({ status: "completed", result: "ABANDON", completedBy: "api" });
    expect(harness.account.calls.filter(COMPLETE)[0]?.input).toEqual({
      AutoScalingGroupName: action.autoScalingGroupName,
      LifecycleHookName: action.lifecycleHookName,
      LifecycleActionResult: "ABANDON",
      InstanceId: action.instanceId,
      LifecycleActionToken: action.token,
    });
  });

  it("completes by instance id alone when there is no token (a manual drain)", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    const { token: _token, ...byInstance } = action;

    // Act
    const outcome = await harness.actions.complete(byInstance, "CONTINUE");

    // Assess
    expect(outcome).toBe("completed");
    expect(harness.state()).toMatchObject({ result: "CONTINUE", completedBy: "api" });
  });

  it("answers already-completed to a second completion, and the action is completed once", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    await harness.actions.complete(action, "CONTINUE");

    // Act
    const second = await harness.actions.complete(action, "CONTINUE");

    // Assess
    expect(second).toBe("already-completed");
    expect(harness.account.calls.count(COMPLETE, "ok")).toBe(1);
    expect(harness.account.autoscaling.lifecycleActions({ status: "completed" })).toHaveLength(1);
  });

  it("completes exactly once when two completions race, the other answering already-completed", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();

    // Act
    const outcomes = await Promise.all([harness.actions.complete(action, "CONTINUE"), harness.actions.complete(action, "CONTINUE")]);

    // Assess
    expect(outcomes.sort()).toEqual(["already-completed", "completed"]);
    expect(harness.account.calls.count(COMPLETE, "ok")).toBe(1);
    expect(harness.state()).toMatchObject({ result: "CONTINUE", completedBy: "api" });
  });

  it("answers already-completed when the action has timed out to the hook's default result", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 60, defaultResult: "ABANDON" });
    const { action } = harness.terminate();
    harness.sandboxClock.advance(61 * SECOND);

    // Act
    const outcome = await harness.actions.complete(action, "CONTINUE");

    // Assess
    expect(outcome).toBe("already-completed");
    expect(harness.state()).toMatchObject({ result: "ABANDON", completedBy: "timeout" });
  });

  it("retries a throttled completion with growing backoff on the clock until it gets through", async () => {
    // Prepare: one attempt per SDK call, so each throttle reaches Caretaker's own retry.
    harness = lifecycleHarness({ maxAttempts: 1 });
    const { action, startedAt } = harness.terminate();
    harness.account.faults.throttle(COMPLETE, { times: 3 });

    // Act
    const outcome = await drive(harness.sandboxClock, harness.actions.complete(action, "CONTINUE"), 500);

    // Assess: 1 s, 2 s, 4 s between attempts.
    expect(outcome).toBe("completed");
    const attempts = harness.account.calls.filter(COMPLETE);
    expect(attempts.map((call) => [call.outcome, call.at - startedAt])).toEqual([
      ["error", 0],
      ["error", 1 * SECOND],
      ["error", 3 * SECOND],
      ["ok", 7 * SECOND],
    ]);
    expect(harness.state()).toMatchObject({ completedBy: "api", result: "CONTINUE" });
  });

  it("survives throttling with the SDK's default retries underneath its own", async () => {
    // Prepare: more throttles than the SDK's own three attempts absorb.
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    harness.account.faults.throttle(COMPLETE, { times: 5 });

    // Act
    const outcome = await drive(harness.sandboxClock, harness.actions.complete(action, "CONTINUE"), 250);

    // Assess
    expect(outcome).toBe("completed");
    expect(harness.account.calls.count(COMPLETE)).toBe(6);
  });

  it("gives up after the configured attempts with an error naming the call, the instance and the cause", async () => {
    // Prepare
    harness = lifecycleHarness({ maxAttempts: 1, completeRetry: { attempts: 3 } });
    const { action } = harness.terminate();
    harness.account.faults.throttle(COMPLETE, { times: 10 });

    // Act
    const error = await drive(harness.sandboxClock, harness.actions.complete(action, "CONTINUE"), 500).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LifecycleActionError);
    expect((error as Error).message).toBe(
      `CompleteLifecycleAction (CONTINUE) for instance ${action.instanceId} (hook "caretaker-drain" of Auto Scaling group "prod-general") failed after 3 attempts: Throttling: Rate exceeded. Auto Scaling kept refusing it; unless a later run completes it, the action times out to the hook's DefaultResult.`,
    );
    expect(harness.account.calls.count(COMPLETE)).toBe(3);
    expect(harness.state().status).toBe("active");
  });

  it("throws at once, with the permission to grant, when access is denied", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();
    const denied = () =>
      new AutoScalingServiceException({ name: "AccessDenied", $fault: "client", message: "User is not authorized to perform: autoscaling:CompleteLifecycleAction", $metadata: { httpStatusCode: 403 } });
    harness.account.faults.failNext(COMPLETE, denied, 5);

    // Act
    const error = await harness.actions.complete(action, "CONTINUE").catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(LifecycleActionError);
    expect((error as Error).message).toMatch(/failed: AccessDenied: User is not authorized .* The function's role needs autoscaling:CompleteLifecycleAction\.$/);
    expect((error as Error).cause).toMatchObject({ name: "AccessDenied" });
    expect(harness.account.calls.count(COMPLETE)).toBe(1);
  });
});
