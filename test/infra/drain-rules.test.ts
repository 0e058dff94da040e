import { describe, expect, it } from "vitest";
import type { DrainInfraConfigInput } from "../../infra/drain-config";
import { planDrain } from "../../infra/drain-plan";
import { type DrainRule, MAX_PATTERN_LENGTH } from "../../infra/drain-rules";
import { assertValidPattern, matchesPattern } from "./event-pattern";
import { eventFixture, eventFixtureNames } from "./fixtures";

/** Managed groups and hook named as in the real sample events, so the samples are Caretaker's own. */
const CONFIG: DrainInfraConfigInput = { clusters: ["prod"], autoScalingGroups: ["nth-test1", "my-asg"], hook: { name: "node-termination-handler" }, rebalance: "cordon-only" };

function rulesFor(config: DrainInfraConfigInput = CONFIG): DrainRule[] {
  return planDrain(config).rules;
}

/** The keys of the rules EventBridge would deliver the event through. */
function matching(event: unknown, rules: readonly DrainRule[] = rulesFor()): string[] {
  return rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.key);
}

/** Which rule each sample event is meant for; undefined: none may take it. */
const EXPECTED: Record<string, DrainRule["key"] | undefined> = {
  "eventbridge-lifecycle-terminate.json": "LifecycleTerminate",
  // Same group, but another terminate hook ("my-termination-lifecycle-hook"): not Caretaker's action to complete.
  "eventbridge-lifecycle-terminate-warm-pool.json": undefined,
  "eventbridge-lifecycle-launch.json": undefined,
  // Names no group or hook: a no-op for the function anyway, so it never reaches the queue.
  "eventbridge-lifecycle-test-notification.json": undefined,
  "eventbridge-spot-interruption.json": "SpotInterruption",
  "eventbridge-rebalance-recommendation.json": "RebalanceRecommendation",
  "eventbridge-state-change-pending.json": undefined,
  "eventbridge-health-scheduled-change.json": "ScheduledChange",
  "eventbridge-asg-launch-successful.json": undefined,
  // Drift's events: EKS version changes and EKS's own Health notices are not about instances going away.
  "eventbridge-cloudtrail-eks-update-cluster-version.json": undefined,
  "eventbridge-health-eks-planned-lifecycle.json": undefined,
  // Caretaker's own alarms go to the alarm function, never to the drain.
  "eventbridge-cloudwatch-alarm-state-change.json": undefined,
  // Not EventBridge events at all: what a hook sends to its own SQS/SNS target, and unrelated events.
  "asg-direct-lifecycle-terminate.json": undefined,
  "asg-direct-test-notification.json": undefined,
  "sns-notification-lifecycle-terminate.json": undefined,
  "sns-notification-asg-instance-terminate.json": undefined,
  "s3-put.json": undefined,
};

describe("drain rules on the sample events", () => {
  it("has an expectation for every sample event", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(eventFixtureNames());
  });

  it.each(Object.entries(EXPECTED))("%s goes through %s only", (name, expected) => {
    expect(matching(eventFixture(name))).toEqual(expected ? [expected] : []);
  });

  it("gives every rule a sample event, or a variant of one below", () => {
    // The only state-change sample is "pending"; its stopping/shutting-down variants are tested below.
    const used = new Set([...Object.values(EXPECTED), "StateChange"]);
    expect(rulesFor().map((rule) => rule.key).filter((key) => !used.has(key))).toEqual([]);
  });

  it("are valid EventBridge patterns within the default size quota", () => {
    for (const rule of rulesFor()) {
      assertValidPattern(rule.pattern);
      expect(JSON.stringify(rule.pattern).length).toBeLessThanOrEqual(MAX_PATTERN_LENGTH);
    }
  });
});

describe("the lifecycle rule", () => {
  it("takes terminate actions of Caretaker's hook, including instances returning to a warm pool", () => {
    const rules = rulesFor({ ...CONFIG, hook: { name: "my-termination-lifecycle-hook" } });
    expect(matching(eventFixture("eventbridge-lifecycle-terminate-warm-pool.json"), rules)).toEqual(["LifecycleTerminate"]);
  });

  it("takes Caretaker's hook on any group: which groups are the stage's is the tag's business (IAM, the function)", () => {
    // A hook added by hand or left on an excluded group reaches the function, which reports it once (test/functions).
    const event = eventFixture("eventbridge-lifecycle-terminate.json");
    event.detail = { ...event.detail, AutoScalingGroupName: "someone-elses-group" };
    expect(matching(event)).toEqual(["LifecycleTerminate"]);
  });

  it("is the same pattern for 2 or 500 managed groups, far below EventBridge's 2048 characters", () => {
    const groups = Array.from({ length: 500 }, (_, index) => `self-managed-workers-with-a-long-name-${index}`);
    const many = rulesFor({ ...CONFIG, autoScalingGroups: groups });
    const lifecycle = (rules: readonly DrainRule[]) => rules.find((rule) => rule.key === "LifecycleTerminate")?.pattern;
    expect(lifecycle(many)).toEqual(lifecycle(rulesFor()));
    expect(lifecycle(many)).toEqual({ source: ["aws.autoscaling"], "detail-type": ["EC2 Instance-terminate Lifecycle Action"], detail: { LifecycleHookName: ["node-termination-handler"] } });
    // The longest hook name Auto Scaling accepts (255 characters) still fits.
    const longest = rulesFor({ ...CONFIG, hook: { name: "h".repeat(255) } });
    expect(JSON.stringify(lifecycle(longest)).length).toBeLessThan(MAX_PATTERN_LENGTH / 4);
  });

  it("ignores the terminate action of another hook on a managed group", () => {
    const event = eventFixture("eventbridge-lifecycle-terminate.json");
    event.detail = { ...event.detail, LifecycleHookName: "log-shipper" };
    expect(matching(event)).toEqual([]);
  });

  it("is not created without managed groups; the EC2 and Health rules still are", () => {
    const keys = rulesFor({ ...CONFIG, autoScalingGroups: [] }).map((rule) => rule.key);
    expect(keys).toEqual(["SpotInterruption", "RebalanceRecommendation", "StateChange", "ScheduledChange"]);
    expect(matching(eventFixture("eventbridge-lifecycle-terminate.json"), rulesFor({ ...CONFIG, autoScalingGroups: [] }))).toEqual([]);
  });
});

describe("the EC2 and Health rules", () => {
  it.each([
    ["stopping", ["StateChange"]],
    ["shutting-down", ["StateChange"]],
    ["pending", []],
    ["running", []],
    ["stopped", []],
    ["terminated", []],
  ])("state-change to %s → %j", (state, expected) => {
    const event = eventFixture("eventbridge-state-change-pending.json");
    event.detail = { ...event.detail, state };
    expect(matching(event)).toEqual(expected);
  });

  it("takes only EC2 scheduled changes from AWS Health", () => {
    const other = eventFixture("eventbridge-health-scheduled-change.json");
    other.detail = { ...other.detail, service: "RDS" };
    const issue = eventFixture("eventbridge-health-scheduled-change.json");
    issue.detail = { ...issue.detail, eventTypeCategory: "issue" };
    expect([matching(other), matching(issue)]).toEqual([[], []]);
  });

  it("takes Spot interruption warnings whatever the instance action", () => {
    const event = eventFixture("eventbridge-spot-interruption.json");
    event.detail = { ...event.detail, "instance-action": "stop" };
    expect(matching(event)).toEqual(["SpotInterruption"]);
  });

  it("drops the rebalance rule when rebalance recommendations are ignored", () => {
    const rules = rulesFor({ ...CONFIG, rebalance: "ignore" });
    expect(rules.map((rule) => rule.key)).not.toContain("RebalanceRecommendation");
    expect(matching(eventFixture("eventbridge-rebalance-recommendation.json"), rules)).toEqual([]);
  });

  it("keeps the rebalance rule for drain and cordon-only", () => {
    for (const rebalance of ["drain", "cordon-only"] as const) {
      expect(matching(eventFixture("eventbridge-rebalance-recommendation.json"), rulesFor({ ...CONFIG, rebalance }))).toEqual(["RebalanceRecommendation"]);
    }
  });
});

describe("without clusters", () => {
  it("creates no rule: the function is deployed with nothing routed to it", () => {
    expect(rulesFor({})).toEqual([]);
    expect(planDrain({}).hooks).toEqual([]);
  });
});
