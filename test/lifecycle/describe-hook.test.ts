import { globalTimeoutSecondsFor, hookInfoOf } from "@caretaker/core/lifecycle";
import { afterEach, describe, expect, it } from "vitest";
import { type LifecycleHarness, lifecycleHarness } from "./harness";

describe("describeHook", () => {
  let harness: LifecycleHarness | undefined;
  afterEach(() => harness?.stop());

  it("reads the hook's heartbeat timeout, global timeout and default result", async () => {
    // Prepare
    harness = lifecycleHarness({ heartbeatTimeout: 120, defaultResult: "ABANDON" });
    const { action } = harness.terminate();

    // Act
    const hook = await harness.actions.describeHook(action);

    // Assess
    expect(hook).toEqual({ heartbeatTimeoutSeconds: 120, globalTimeoutSeconds: 12_000, defaultResult: "ABANDON" });
  });

  it("answers undefined for a hook or a group that does not exist", async () => {
    // Prepare
    harness = lifecycleHarness();
    const { action } = harness.terminate();

    // Act
    const noHook = await harness.actions.describeHook({ ...action, lifecycleHookName: "someone-elses-hook" });
    const noGroup = await harness.actions.describeHook({ ...action, autoScalingGroupName: "deleted-group" });

    // Assess
    expect([noHook, noGroup]).toEqual([undefined, undefined]);
  });

  it("computes the global timeout as the smaller of 48 h and 100 × the heartbeat timeout when the API leaves it out", () => {
    // Act
    const short = hookInfoOf({ LifecycleHookName: "h", HeartbeatTimeout: 300, DefaultResult: "CONTINUE" });
    const long = hookInfoOf({ LifecycleHookName: "h", HeartbeatTimeout: 7200 });
    const bare = hookInfoOf({ LifecycleHookName: "h" });

    // Assess: the API defaults are a 3600 s heartbeat timeout and ABANDON.
    expect(short).toEqual({ heartbeatTimeoutSeconds: 300, globalTimeoutSeconds: 30_000, defaultResult: "CONTINUE" });
    expect(long).toEqual({ heartbeatTimeoutSeconds: 7200, globalTimeoutSeconds: 172_800, defaultResult: "ABANDON" });
    expect(bare).toEqual({ heartbeatTimeoutSeconds: 3600, globalTimeoutSeconds: 172_800, defaultResult: "ABANDON" });
    expect(globalTimeoutSecondsFor(30)).toBe(3000);
  });
});
