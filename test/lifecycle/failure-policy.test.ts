import { failurePolicy, FailurePolicySchema, type LifecycleHookInfo } from "@caretaker/core/lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { type LifecycleHarness, lifecycleHarness, SECOND } from "./harness";

const hook: LifecycleHookInfo = { heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" };

describe("failurePolicy", () => {
  let harness: LifecycleHarness | undefined;
  afterEach(() => harness?.stop());

  it("maps each policy to the call to make: none, ABANDON or CONTINUE", () => {
    // Act
    const decisions = (["leave", "abandon", "continue"] as const).map((policy) => failurePolicy(policy, hook));

    // Assess
    expect(decisions).toEqual([
      { call: "none", explanation: "lifecycle action left open: the hook applies its DefaultResult (CONTINUE) up to 300 s after the last heartbeat" },
      { call: "complete", result: "ABANDON", explanation: expect.stringContaining("remaining lifecycle hooks are skipped") },
      { call: "complete", result: "CONTINUE", explanation: expect.stringContaining("remaining lifecycle hooks still run") },
    ]);
  });

  it("defaults to leave (NTH's choice) and refuses an unknown policy", () => {
    // Act
    const defaulted = FailurePolicySchema.parse(undefined);
    const unknown = FailurePolicySchema.safeParse("retry");

    // Assess
    expect(defaulted).toBe("leave");
    expect(unknown.success).toBe(false);
  });

  it("leave: the action times out to the hook's default result, with no call made", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 300, defaultResult: "ABANDON" });
    const { action } = harness.terminate();
    const decision = failurePolicy("leave");

    // Act
    if (decision.call === "complete") await harness.actions.complete(action, decision.result);
    harness.sandboxClock.advance(300 * SECOND);

    // Assess
    expect(harness.account.calls.count("autoscaling:CompleteLifecycleAction")).toBe(0);
    expect(harness.state()).toMatchObject({ result: "ABANDON", completedBy: "timeout" });
  });

  it("abandon: the action is completed now with ABANDON, whatever the hook's default", async () => {
    // Prepare
    harness = lifecycleHarness({ defaultResult: "CONTINUE" });
    const { action } = harness.terminate();
    const decision = failurePolicy("abandon");

    // Act
    if (decision.call === "complete") await harness.actions.complete(action, decision.result);

    // Assess
    expect(harness.state()).toMatchObject({ result: "ABANDON", completedBy: "api" });
  });
});
