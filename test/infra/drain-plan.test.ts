import { DRAINER_GROUP as CORE_DRAINER_GROUP } from "@caretaker/core/access";
import { type DrainConfigInput, drainConfig } from "@caretaker/core/drain";
import { globalTimeoutSecondsFor, heartbeatIntervalMs as coreHeartbeatIntervalMs } from "@caretaker/core/lifecycle";
import { describe, expect, it } from "vitest";
import { CORE_DRAIN_DEFAULTS, DRAINER_GROUP, type DrainInfraConfigInput, type DrainSettingsInput, resolveDrainConfig } from "../../infra/drain-config";
import { drainNumbers, globalTimeoutSeconds, heartbeatIntervalMs } from "../../infra/drain-numbers";
import { DrainConfigError, numberProblems, planDrain } from "../../infra/drain-plan";

const MANAGED: DrainInfraConfigInput = { clusters: ["prod"], autoScalingGroups: ["prod-workers"] };
const HEARTBEAT_TIMEOUTS = [30, 31, 45, 90, 120, 299, 300, 301, 900, 901, 1800, 3600, 7199, 7200];

function problemsOf(input: DrainInfraConfigInput): string[] {
  try {
    planDrain(input);
    return [];
  } catch (error) {
    if (error instanceof DrainConfigError) return error.problems;
    throw error;
  }
}

describe("drain plan: the defaults", () => {
  it("are accepted, with and without managed clusters and groups", () => {
    expect(() => planDrain()).not.toThrow();
    expect(() => planDrain(MANAGED)).not.toThrow();
  });

  it("give these queue and hook numbers", () => {
    expect(planDrain(MANAGED).numbers).toEqual({
      functionTimeoutSeconds: 900,
      visibilityTimeoutSeconds: 930,
      redeliverySeconds: 120,
      runBudgetSeconds: 870,
      handoffGapSeconds: 120,
      heartbeatTimeoutSeconds: 300,
      heartbeatIntervalMs: 100_000,
      globalTimeoutSeconds: 30_000,
      lifecycleDeadlineSeconds: 3600,
      longestDrainSeconds: 30_000,
      // ceil(30000 / 930) = 33 runs, + 1 final run that applies the deadline, + 4 spare receives.
      maxReceiveCount: 38,
      retentionSeconds: 345_600,
      deadLetterRetentionSeconds: 1_209_600,
    });
  });

  it("create an explicit terminate hook on each managed group", () => {
    expect(planDrain(MANAGED).hooks).toEqual([
      { autoScalingGroupName: "prod-workers", name: "caretaker-drain", lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", heartbeatTimeout: 300, defaultResult: "CONTINUE" },
    ]);
  });
});

describe("drain plan: maxReceiveCount", () => {
  /** A message received every visibility timeout (the fastest it can come back) from t = 0. */
  function receivesWithin(seconds: number, visibility: number): number {
    return Math.floor(seconds / visibility) + 1;
  }

  it.each(HEARTBEAT_TIMEOUTS.flatMap((heartbeat) => [60, 300, 900].map((timeout) => [heartbeat, timeout])))(
    "covers a drain lasting the whole global timeout, plus its final run and 4 spares (heartbeat %i s, timeout %i s)",
    (heartbeatTimeoutSeconds, functionTimeoutSeconds) => {
      const numbers = drainNumbers(resolveDrainConfig({ ...MANAGED, functionTimeoutSeconds, hook: { heartbeatTimeoutSeconds } }));
      expect(numbers.longestDrainSeconds).toBeGreaterThanOrEqual(numbers.globalTimeoutSeconds);
      expect(receivesWithin(numbers.globalTimeoutSeconds, numbers.visibilityTimeoutSeconds) + 4).toBeLessThanOrEqual(numbers.maxReceiveCount);
      // Above SQS's 1000 (short runs, long hooks), the plan refuses the configuration rather than cap the count.
      if (numbers.maxReceiveCount > 1000) expect(problemsOf({ ...MANAGED, functionTimeoutSeconds, hook: { heartbeatTimeoutSeconds } })).toContainEqual(expect.stringContaining("above SQS's 1000"));
      // And a message lives long enough to use every receive: it is dead-lettered, never silently expired.
      else expect(numbers.retentionSeconds).toBeGreaterThanOrEqual(numbers.maxReceiveCount * (numbers.visibilityTimeoutSeconds + 60));
    },
  );

  it("also covers a queued trigger whose deadline is longer than the hook's global timeout", () => {
    const numbers = planDrain({ ...MANAGED, drain: { scheduledChange: { deadlineSeconds: 50_000, onDeadline: "stop" } } }).numbers;
    expect(numbers.longestDrainSeconds).toBe(50_000);
    expect(numbers.maxReceiveCount).toBe(Math.ceil(50_000 / 930) + 5);
  });
});

describe("drain plan: consistency rules", () => {
  it("refuses a visibility timeout shorter than the function timeout", () => {
    expect(problemsOf({ visibilityTimeoutSeconds: 600 })).toEqual([
      "the drain queue's visibility timeout (600 s) is shorter than the function timeout (900 s): Lambda refuses the event source mapping, and a message would reappear while its run is still working",
    ]);
    expect(problemsOf({ visibilityTimeoutSeconds: 900 })).toEqual([]);
  });

  it("refuses a heartbeat interval that is not below the hook's heartbeat timeout", () => {
    const numbers = { ...planDrain(MANAGED).numbers, heartbeatIntervalMs: 300_000 };
    expect(numberProblems(planDrain(MANAGED).config, numbers)).toContain(
      "the heartbeat interval (300 s) is not below the hook's heartbeat timeout (300 s): actions would time out between heartbeats",
    );
  });

  it("refuses a lifecycle deadline that is not below the hook's global timeout", () => {
    expect(problemsOf({ ...MANAGED, drain: { lifecycle: { deadlineSeconds: 30_000, onDeadline: "stop" } } })).toEqual([
      "drain.lifecycle.deadlineSeconds (30000) is not below the hook's global timeout (30000 s = min(172800, 100 × 300)): Auto Scaling would end the action before the deadline policy applies; raise hook.heartbeatTimeoutSeconds or lower the deadline",
    ]);
    // 30 s heartbeats allow 3000 s in all, less than the default one-hour deadline.
    expect(problemsOf({ clusters: ["prod"], hook: { heartbeatTimeoutSeconds: 30 } })).toEqual([expect.stringMatching(/^drain\.lifecycle\.deadlineSeconds \(3600\) is not below the hook's global timeout \(3000 s/)]);
  });

  it.each([29, 7201, 0, -300, 300.5, Number.NaN])("refuses a heartbeat timeout of %s s", (heartbeatTimeoutSeconds) => {
    expect(problemsOf({ hook: { heartbeatTimeoutSeconds } })).toContain(
      `hook.heartbeatTimeoutSeconds must be an integer from 30 to 7200 (Auto Scaling's limits); got ${heartbeatTimeoutSeconds}`,
    );
  });

  it("refuses a heartbeat timeout a lifecycle drain cannot survive a hand-off with", () => {
    // Gap 120 s (930 − 870 + 60) + one 40 s interval ≥ 120 s: the action would time out between two runs.
    expect(problemsOf({ ...MANAGED, hook: { heartbeatTimeoutSeconds: 120 } })).toEqual([
      "lifecycle drains longer than one run (870 s) need the hook's heartbeat timeout (120 s) above the hand-off gap (120 s: visibility 930 s − run 870 s + 60 s redelivery) plus one heartbeat interval (40 s)",
    ]);
    // Fine when the lifecycle deadline fits in one run, or when no group is managed.
    expect(problemsOf({ ...MANAGED, hook: { heartbeatTimeoutSeconds: 120 }, drain: { lifecycle: { deadlineSeconds: 800, onDeadline: "stop" } } })).toEqual([]);
    expect(problemsOf({ clusters: ["prod"], hook: { heartbeatTimeoutSeconds: 120 } })).toEqual([]);
  });

  it("refuses a configuration that would need more than SQS's 1000 receives", () => {
    expect(problemsOf({ ...MANAGED, functionTimeoutSeconds: 60, hook: { heartbeatTimeoutSeconds: 7200 } })).toEqual([
      "covering 172800 s of drain at one run per 90 s needs maxReceiveCount 1925, above SQS's 1000: raise functionTimeoutSeconds or lower the deadlines",
    ]);
  });

  it("refuses function timeouts outside Lambda's range or within the safety margin", () => {
    expect(problemsOf({ functionTimeoutSeconds: 901 })).toContain("functionTimeoutSeconds must be an integer from 1 to 900 (Lambda's limit); got 901");
    expect(problemsOf({ functionTimeoutSeconds: 30 })).toContain(
      "drain.safetyMarginSeconds (30) must be a positive integer below functionTimeoutSeconds (30), or no run has time to work",
    );
  });

  it("refuses managed groups without clusters, and bad names", () => {
    expect(problemsOf({ autoScalingGroups: ["workers"] })).toEqual([
      "autoScalingGroups are set but clusters is empty: every termination would wait for the hook's timeout with no cluster to drain",
    ]);
    // Group names no longer reach IAM (the tag does), so * and ? in a name are nobody's wildcard.
    expect(problemsOf({ clusters: ["prod", "prod", "-bad"], autoScalingGroups: ["w*", ""], hook: { name: "has space" } })).toEqual([
      'clusters: "-bad" is not an EKS cluster name (letters, digits, - and _, at most 100)',
      'autoScalingGroups: "" is not an Auto Scaling group name (1 to 255 characters)',
      'clusters: "prod" is listed twice',
      'hook.name: "has space" is not a lifecycle hook name (1 to 255 of letters, digits, - _ /)',
    ]);
  });

  it("refuses settings that contradict what infra decides", () => {
    expect(problemsOf({ rebalance: "ignore", drain: { rebalanceRecommendation: { deadlineSeconds: 600, onDeadline: "stop", mode: "drain" } } })).toEqual([
      'drain.rebalanceRecommendation.mode ("drain") contradicts rebalance ("ignore"); set rebalance only',
    ]);
    expect(problemsOf({ drain: { redeliverySeconds: 60 } })).toEqual([
      "drain.redeliverySeconds (60) is shorter than the hand-off gap (120 s: visibility 930 s − run 870 s + 60 s): a handed-off message cannot come back that soon",
    ]);
  });

  it("accepts 500 managed groups: neither the pattern nor the IAM policy grows with them", () => {
    const groups = Array.from({ length: 500 }, (_, index) => `self-managed-workers-with-a-long-name-${index}`);
    expect(problemsOf({ clusters: ["prod"], autoScalingGroups: groups })).toEqual([]);
    const plan = planDrain({ clusters: ["prod"], autoScalingGroups: groups });
    expect(plan.hooks).toHaveLength(500);
    expect(plan.rules.map((rule) => JSON.stringify(rule.pattern).length)).toEqual(planDrain(MANAGED).rules.map((rule) => JSON.stringify(rule.pattern).length));
  });

  it("lists every problem at once, in one error", () => {
    const attempt = () => planDrain({ autoScalingGroups: ["workers"], hook: { heartbeatTimeoutSeconds: 10 }, visibilityTimeoutSeconds: 60 });
    expect(attempt).toThrow(DrainConfigError);
    expect(attempt).toThrow(/^Invalid Caretaker drain configuration:\n {2}- /);
    expect(problemsOf({ autoScalingGroups: ["workers"], hook: { heartbeatTimeoutSeconds: 10 }, visibilityTimeoutSeconds: 60 })).toEqual([
      expect.stringMatching(/^autoScalingGroups are set but clusters is empty/),
      expect.stringMatching(/^hook\.heartbeatTimeoutSeconds must be an integer from 30 to 7200/),
      expect.stringMatching(/^the drain queue's visibility timeout \(60 s\) is shorter than the function timeout/),
      expect.stringMatching(/^the heartbeat interval \(10 s\) is not below the hook's heartbeat timeout \(10 s\)/),
      expect.stringMatching(/^drain\.lifecycle\.deadlineSeconds \(3600\) is not below the hook's global timeout \(1000 s/),
    ]);
  });
});

describe("drain plan: agreement with core", () => {
  it.each(HEARTBEAT_TIMEOUTS)("uses core's heartbeat interval and global timeout (heartbeat %i s)", (heartbeatTimeoutSeconds) => {
    const globalTimeout = globalTimeoutSecondsFor(heartbeatTimeoutSeconds);
    expect(globalTimeoutSeconds(heartbeatTimeoutSeconds)).toBe(globalTimeout);
    expect(heartbeatIntervalMs(heartbeatTimeoutSeconds)).toBe(coreHeartbeatIntervalMs({ heartbeatTimeoutSeconds, globalTimeoutSeconds: globalTimeout, defaultResult: "CONTINUE" }));
  });

  it("mirrors core's defaults for the settings it reads", () => {
    const defaults = drainConfig();
    expect({
      safetyMarginSeconds: defaults.safetyMarginSeconds,
      lifecycle: { deadlineSeconds: defaults.lifecycle.deadlineSeconds },
      spotInterruption: { deadlineSeconds: defaults.spotInterruption.deadlineSeconds },
      rebalanceRecommendation: defaults.rebalanceRecommendation,
      stateChange: { deadlineSeconds: defaults.stateChange.deadlineSeconds },
      scheduledChange: { deadlineSeconds: defaults.scheduledChange.deadlineSeconds },
    }).toEqual(CORE_DRAIN_DEFAULTS);
  });

  it("maps the role to core's drainer group", () => {
    expect(DRAINER_GROUP).toBe(CORE_DRAINER_GROUP);
  });

  it("accepts every drain setting core accepts (checked by tsc)", () => {
    const fromCore: DrainConfigInput = { lifecycle: { deadlineSeconds: 600, onDeadline: "stop" }, options: { concurrency: 5 }, notify: "failures" };
    const asInfra: DrainSettingsInput = fromCore;
    expect(asInfra).toBe(fromCore);
  });

  it.each([
    ["the defaults", {}],
    ["a tuned configuration", { ...MANAGED, rebalance: "ignore", functionTimeoutSeconds: 600, hook: { heartbeatTimeoutSeconds: 900 }, drain: { lifecycle: { deadlineSeconds: 7200, onDeadline: "force-delete", failurePolicy: "abandon" }, notify: "failures" } }],
  ] as const)("hands the function settings core validates, with infra's redelivery and rebalance mode (%s)", (_, input) => {
    const plan = planDrain(input as DrainInfraConfigInput);
    const config = drainConfig(JSON.parse(JSON.stringify(plan.functionSettings)) as DrainConfigInput);
    // The gap from a run's hand-off to the next delivery, which core compares with the hook's heartbeat timeout.
    expect(config.redeliverySeconds).toBe(plan.numbers.handoffGapSeconds);
    expect(config.rebalanceRecommendation.mode).toBe(plan.config.rebalance);
  });

  it("keeps the function settings it was given", () => {
    const plan = planDrain({ ...MANAGED, drain: { defaultCluster: "prod", safetyMarginSeconds: 45, rebalanceRecommendation: { deadlineSeconds: 300, onDeadline: "force-delete", mode: "cordon-only" } } });
    expect(plan.functionSettings).toEqual({
      defaultCluster: "prod",
      safetyMarginSeconds: 45,
      redeliverySeconds: 135,
      rebalanceRecommendation: { deadlineSeconds: 300, onDeadline: "force-delete", mode: "cordon-only" },
    });
    expect(plan.numbers.runBudgetSeconds).toBe(855);
  });
});
