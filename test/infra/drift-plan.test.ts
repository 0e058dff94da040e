import { driftConfig } from "@caretaker/core/drift/run";
import { describe, expect, it } from "vitest";
import type { DriftInfraConfigInput } from "../../infra/drift-config";
import { planDrift } from "../../infra/drift-plan";
import { assertValidPattern, matchesPattern } from "./event-pattern";
import { eventFixture, eventFixtureNames } from "./fixtures";

describe("drift plan", () => {
  it("runs daily over every cluster by default, looking for the drain's own hook", () => {
    const plan = planDrift({ clusters: ["prod"], hook: { name: "my-drain-hook" } });
    expect(plan).toMatchObject({ schedule: "cron(0 5 * * ? *)", timezone: "UTC", event: { trigger: "schedule" }, checkedClusters: "all", accessClusters: ["prod"] });
    expect(plan.functionSettings).toEqual({ hookName: "my-drain-hook" });
    expect(plan.rules.map((rule) => rule.key)).toEqual(["VersionChange", "HealthScheduledChange"]);
  });

  it("gives the function settings core accepts, unchanged", () => {
    const input: DriftInfraConfigInput = { clusters: ["a", "b"], concurrency: 8, alertWindowDays: 60, eksStrict: "error", hookName: "h", digestPeriodDays: 0, schedule: "rate(6 hours)", events: false };
    const plan = planDrift({ drift: input });
    expect(driftConfig(plan.functionSettings)).toMatchObject({ clusters: ["a", "b"], concurrency: 8, alertWindowDays: 60, eksStrict: "error", hookName: "h", digestPeriodDays: 0 });
    expect(plan.rules).toEqual([]);
    expect(plan.accessClusters).toEqual(["a", "b"]);
  });

  it.each([
    [{ concurrency: 0 }, /drift.concurrency must be a whole number from 1 to 32/],
    [{ alertWindowDays: 1000 }, /drift.alertWindowDays/],
    [{ eksStrict: "loud" }, /drift.eksStrict must be/],
    [{ clusters: ["bad name"] }, /drift.clusters\[0\]/],
    [{ schedule: "every day" }, /drift.schedule "every day": must be rate/],
    [{ schedule: "rate(1 minute)" }, /less than a run may take/],
    [{ digestPeriod: 7 }, /unknown key "digestPeriod"/],
  ])("refuses %j before anything is deployed, and core would too where it knows the field", (drift, message) => {
    expect(() => planDrift({ drift: drift as DriftInfraConfigInput })).toThrow(message);
    const { schedule: _schedule, events: _events, ...settings } = drift as DriftInfraConfigInput;
    if (Object.keys(settings).length > 0) expect(() => driftConfig(settings as never)).toThrow();
  });
});

describe("drift rules on the sample events", () => {
  const rules = planDrift({}).rules;
  const matching = (name: string, set = rules) => set.filter((rule) => matchesPattern(rule.pattern, eventFixture(name))).map((rule) => rule.key);

  it("take the EKS version change and EKS's Health notice, and no other sample event", () => {
    for (const rule of rules) assertValidPattern(rule.pattern);
    const taken = Object.fromEntries(eventFixtureNames().map((name) => [name, matching(name)]).filter(([, keys]) => (keys?.length ?? 0) > 0));
    expect(taken).toEqual({
      "eventbridge-cloudtrail-eks-update-cluster-version.json": ["VersionChange"],
      "eventbridge-health-eks-planned-lifecycle.json": ["HealthScheduledChange"],
    });
  });

  it("take only the configured clusters' version changes when drift is limited to some", () => {
    const limited = planDrift({ drift: { clusters: ["prod"] } }).rules;
    expect(matching("eventbridge-cloudtrail-eks-update-cluster-version.json", limited)).toEqual([]);
    const staging = planDrift({ drift: { clusters: ["staging-eu"] } }).rules;
    expect(matching("eventbridge-cloudtrail-eks-update-cluster-version.json", staging)).toEqual(["VersionChange"]);
  });
});
