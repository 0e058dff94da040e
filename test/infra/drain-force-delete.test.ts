import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { describe, expect, it } from "vitest";
import { drainForceDeletes } from "../../infra/drain-force-delete";
import { planDrain } from "../../infra/drain-plan";
import { loadCaretakerConfig } from "../../infra/load-config";

/** CARETAKER_CONFIG as the deploy resolves it: core's defaults filled. */
async function resolved(config: object): Promise<ResolvedCaretakerConfig> {
  return (await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(config), SST_AWS_REGION: "eu-west-1" })).config;
}

/** The deploy's call: the configuration's drain settings and the drain plan's rules. */
function forceDeletes(config: ResolvedCaretakerConfig): boolean {
  return drainForceDeletes(config, planDrain(config).rules);
}

/** Every trigger's deadline policy "stop", so one setting at a time can turn force-deletes on. */
const STOP = {
  lifecycle: { deadlineSeconds: 3600, onDeadline: "stop", failurePolicy: "leave" },
  spotInterruption: { deadlineSeconds: 100, onDeadline: "stop" },
  rebalanceRecommendation: { deadlineSeconds: 600, onDeadline: "stop" },
  stateChange: { deadlineSeconds: 90, onDeadline: "stop" },
  scheduledChange: { deadlineSeconds: 1800, onDeadline: "stop" },
  manual: { deadlineSeconds: 3600, onDeadline: "stop" },
};
const force = (deadlineSeconds: number) => ({ deadlineSeconds, onDeadline: "force-delete" });

describe("drainForceDeletes", () => {
  it("is true for the default drain on a cluster: Spot interruptions and state changes force-delete by default", async () => {
    expect(forceDeletes(await resolved({ clusters: ["prod"] }))).toBe(true);
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain: { ...STOP, stateChange: force(90) } }))).toBe(true);
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain: { ...STOP, spotInterruption: force(100) } }))).toBe(true);
  });

  it("is false when every enabled trigger stops at its deadline", async () => {
    expect(forceDeletes(await resolved({ clusters: ["prod"], autoScalingGroups: ["prod-workers"], rebalance: "drain", drain: STOP }))).toBe(false);
  });

  it("is true when the drain options disable eviction (DELETE instead of evict), whatever the deadlines", async () => {
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain: { ...STOP, options: { disableEviction: true } } }))).toBe(true);
    expect(forceDeletes(await resolved({ drain: { ...STOP, options: { disableEviction: true } } }))).toBe(true);
  });

  it("counts the lifecycle trigger only with Auto Scaling groups, whose hooks send it", async () => {
    const drain = { ...STOP, lifecycle: { ...force(3600), failurePolicy: "leave" } };
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain }))).toBe(false);
    expect(forceDeletes(await resolved({ clusters: ["prod"], autoScalingGroups: ["prod-workers"], drain }))).toBe(true);
  });

  it("counts rebalance recommendations only when they drain: cordon-only never deletes, ignore drops the rule", async () => {
    const drain = { ...STOP, rebalanceRecommendation: force(600) };
    expect(forceDeletes(await resolved({ clusters: ["prod"], rebalance: "drain", drain }))).toBe(true);
    expect(forceDeletes(await resolved({ clusters: ["prod"], rebalance: "cordon-only", drain }))).toBe(false);
    expect(forceDeletes(await resolved({ clusters: ["prod"], rebalance: "ignore", drain }))).toBe(false);
  });

  it("without clusters counts only manual drains: no event reaches the drain", async () => {
    expect(forceDeletes(await resolved({}))).toBe(false);
    expect(forceDeletes(await resolved({ drain: { ...STOP, manual: force(3600) } }))).toBe(true);
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain: { ...STOP, manual: force(3600) } }))).toBe(true);
  });

  it("ignores drain.options.onDeadline, which every trigger's own policy overrides", async () => {
    expect(forceDeletes(await resolved({ clusters: ["prod"], drain: { ...STOP, options: { onDeadline: "force-delete" } } }))).toBe(false);
  });
});
