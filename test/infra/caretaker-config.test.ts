import { describe, expect, it } from "vitest";
import { parseCaretakerConfig } from "../../infra/caretaker-config";
import { planDrain } from "../../infra/drain-plan";

describe("parseCaretakerConfig (CARETAKER_CONFIG)", () => {
  it("is empty when the variable is unset or blank: no clusters, so no rules and no hooks", () => {
    expect(parseCaretakerConfig(undefined)).toEqual({});
    expect(parseCaretakerConfig("  ")).toEqual({});
    expect(planDrain(parseCaretakerConfig(undefined))).toMatchObject({ rules: [], hooks: [], clusters: [] });
  });

  it("reads clusters, groups and the drain's settings", () => {
    const text = JSON.stringify({
      clusters: ["prod"],
      autoScalingGroups: ["prod-workers"],
      hook: { heartbeatTimeoutSeconds: 600, defaultResult: "ABANDON" },
      rebalance: "drain",
      functionTimeoutSeconds: 900,
      drain: { lifecycle: { deadlineSeconds: 7200, onDeadline: "stop" } },
    });
    const plan = planDrain(parseCaretakerConfig(text));
    expect(plan.hooks).toEqual([{ autoScalingGroupName: "prod-workers", name: "caretaker-drain", lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", heartbeatTimeout: 600, defaultResult: "ABANDON" }]);
    expect(plan.rules.map((rule) => rule.key)).toEqual(["LifecycleTerminate", "SpotInterruption", "RebalanceRecommendation", "StateChange", "ScheduledChange"]);
  });

  it("refuses text that is not a JSON object", () => {
    expect(() => parseCaretakerConfig("{clusters:")).toThrow(/^CARETAKER_CONFIG is not valid JSON: /);
    expect(() => parseCaretakerConfig('["prod"]')).toThrow("CARETAKER_CONFIG must be a JSON object");
  });

  it("refuses unknown keys and wrong shapes, all at once", () => {
    expect(() => parseCaretakerConfig(JSON.stringify({ autoscalingGroups: ["w"], clusters: "prod", functionTimeoutSeconds: "900" }))).toThrow(
      'CARETAKER_CONFIG: unknown key "autoscalingGroups" (known: clusters, autoScalingGroups, hook, rebalance, drain, functionTimeoutSeconds, visibilityTimeoutSeconds, gc, drift); "clusters" must be an array of strings; "functionTimeoutSeconds" must be a number',
    );
  });
});
