import { CaretakerConfigError } from "@caretaker/core/config";
import { drainConfig, drainOptions } from "@caretaker/core/drain";
import { driftConfig } from "@caretaker/core/drift/run";
import { gcConfig } from "@caretaker/core/image-gc/run";
import { describe, expect, it } from "vitest";
import { parseCaretakerConfig, regionProblems } from "../../infra/caretaker-config";
import type { DrainInfraConfigInput } from "../../infra/drain-config";
import { planDrain } from "../../infra/drain-plan";
import type { DriftInfraConfigInput } from "../../infra/drift-config";
import { planDrift } from "../../infra/drift-plan";
import type { GcInfraConfigInput } from "../../infra/image-gc-config";
import { planImageGc } from "../../infra/image-gc-plan";
import { loadCaretakerConfig } from "../../infra/load-config";

function problemsOf(text: string | undefined, env = {}): readonly string[] {
  try {
    parseCaretakerConfig(text, env);
    return [];
  } catch (error) {
    if (error instanceof CaretakerConfigError) return error.problems;
    throw error;
  }
}

const POLICY = { rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 }, action: { type: "expire" } }] };

/** The drain settings the function works with: core's parse, options included (given empty or filled, they apply the same). */
function effectiveDrain(settings: unknown) {
  const config = drainConfig(JSON.parse(JSON.stringify(settings)));
  return { ...config, options: drainOptions(config.options) };
}

type LegacyConfig = DrainInfraConfigInput & { gc?: GcInfraConfigInput; drift?: DriftInfraConfigInput };

/** Configurations the shape-only parser accepted and the plans deployed, before the schema: each must deploy the same. */
const BEFORE_THE_SCHEMA: Array<[string, LegacyConfig]> = [
  ["nothing", {}],
  ["a managed cluster and group", { clusters: ["prod"], autoScalingGroups: ["prod-workers"] }],
  [
    "the README's example",
    {
      clusters: ["prod"],
      autoScalingGroups: ["prod-workers"],
      hook: { heartbeatTimeoutSeconds: 300, defaultResult: "CONTINUE" },
      rebalance: "cordon-only",
      drain: { lifecycle: { deadlineSeconds: 3600, onDeadline: "stop", failurePolicy: "leave" } },
      gc: { schedule: "cron(0 3 * * ? *)", enabled: false, rules: { keepNewest: 20, minAgeDays: 14 }, repositories: { include: ["shop/*"] }, caps: { perRun: 1000, perRepository: 200, maxFraction: 0.5 } },
      drift: { schedule: "cron(0 5 * * ? *)", digestPeriodDays: 7, alertWindowDays: 90, eksStrict: "warning" },
    },
  ],
  ["draining on rebalance, abandoning hooks", { clusters: ["prod"], autoScalingGroups: ["prod-workers"], hook: { heartbeatTimeoutSeconds: 600, defaultResult: "ABANDON" }, rebalance: "drain", functionTimeoutSeconds: 900, drain: { lifecycle: { deadlineSeconds: 7200, onDeadline: "stop" } } }],
  [
    "a tuned drain",
    { clusters: ["prod"], autoScalingGroups: ["a", "b"], rebalance: "ignore", functionTimeoutSeconds: 600, hook: { heartbeatTimeoutSeconds: 900, name: "drain/hook" }, drain: { lifecycle: { deadlineSeconds: 7200, onDeadline: "force-delete", failurePolicy: "abandon" }, notify: "failures", options: { concurrency: 5, podSelector: "app!=db" } } },
  ],
  ["the rebalance mode restated", { clusters: ["prod"], drain: { defaultCluster: "prod", safetyMarginSeconds: 45, rebalanceRecommendation: { deadlineSeconds: 300, onDeadline: "force-delete", mode: "cordon-only" } } }],
  ["the queue's numbers set", { clusters: ["prod"], autoScalingGroups: ["w"], functionTimeoutSeconds: 300, visibilityTimeoutSeconds: 400, drain: { redeliverySeconds: 200 } }],
  [
    "image GC with every setting",
    {
      clusters: ["prod"],
      gc: {
        enabled: true,
        clusters: ["a"],
        repositories: { include: ["shop/*"], exclude: ["shop/keep"], includePullThroughCache: true },
        rules: { lifecyclePolicy: POLICY, minAgeDays: 0, lastPullGuardDays: 30, protectedTags: ["prod"] },
        caps: { perRun: 10, perRepository: 5, maxFraction: 1 },
        schedule: "rate(12 hours)",
      },
    },
  ],
  ["drift with every setting", { hook: { name: "my-hook" }, drift: { clusters: ["a", "b"], concurrency: 8, alertWindowDays: 60, eksStrict: "error", digestPeriodDays: 0, schedule: "rate(6 hours)", events: false } }],
  ["drift looking for another hook", { clusters: ["prod"], drift: { hookName: "their-hook" } }],
];

describe("CARETAKER_CONFIG", () => {
  it("is every default when unset or blank: no clusters, so no rules and no hooks", () => {
    // Act
    const config = parseCaretakerConfig(undefined);

    // Assess
    expect(parseCaretakerConfig("  ")).toEqual(config);
    expect(config).toMatchObject({ clusters: [], autoScalingGroups: [], rebalance: "cordon-only", notifications: { emails: [] } });
    expect(planDrain({ ...config, clusters: [], autoScalingGroups: [] })).toMatchObject({ rules: [], hooks: [], clusters: [] });
  });

  it("refuses text that is not a JSON object", () => {
    expect(problemsOf("{clusters:")).toEqual([expect.stringMatching(/^CARETAKER_CONFIG is not valid JSON: /)]);
    expect(problemsOf('["prod"]')).toEqual(["CARETAKER_CONFIG must be a JSON object; got an array"]);
    expect(problemsOf("42")).toEqual(["CARETAKER_CONFIG must be a JSON object; got 42"]);
  });

  it("refuses unknown keys and wrong values, all at once, each with its path, before anything is deployed", () => {
    // Act
    const attempt = () => parseCaretakerConfig(JSON.stringify({ autoscalingGroups: ["w"], clusters: "prod", functionTimeoutSeconds: "900", gc: ["keepNewest"] }));

    // Assess
    expect(attempt).toThrow(/^CARETAKER_CONFIG is invalid; nothing was deployed:\n/);
    expect(attempt).toThrow(/\nEvery key, its type and default: docs\/configuration\.md\.$/);
    expect(problemsOf(JSON.stringify({ autoscalingGroups: ["w"], clusters: "prod", functionTimeoutSeconds: "900", gc: ["keepNewest"] }))).toEqual([
      'clusters: must be a list of EKS cluster names, or { "discover": true } (optionally with "exclude"); got "prod"',
      'functionTimeoutSeconds: Invalid input: expected number, received string; got "900"',
      'gc: Invalid input: expected object, received array; got ["keepNewest"]',
      'autoscalingGroups: unknown key (did you mean "autoScalingGroups"? known: region, clusters, autoScalingGroups, hook, rebalance, drain, functionTimeoutSeconds, visibilityTimeoutSeconds, gc, drift, notifications, vpc)',
    ]);
  });

  it("refuses the old CARETAKER_ALERT_EMAILS, saying where the addresses go now, with the configuration's other problems", () => {
    expect(problemsOf(undefined, { CARETAKER_ALERT_EMAILS: "oncall@example.com, sre@example.com" })).toEqual([
      'CARETAKER_ALERT_EMAILS is no longer read: move the addresses into CARETAKER_CONFIG as "notifications": { "emails": ["oncall@example.com","sre@example.com"] } and unset it',
    ]);
    expect(problemsOf(JSON.stringify({ rebalance: "never" }), { CARETAKER_ALERT_EMAILS: "oncall@example.com" })).toEqual([expect.stringMatching(/^rebalance: /), expect.stringMatching(/^CARETAKER_ALERT_EMAILS is no longer read/)]);
    expect(problemsOf(JSON.stringify({ notifications: { emails: ["oncall@example.com"] } }), { CARETAKER_ALERT_EMAILS: " " })).toEqual([]);
  });

  it.each(BEFORE_THE_SCHEMA)("deploys what it deployed before the schema: %s", async (_, legacy) => {
    // Act
    const { config } = await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(legacy), SST_AWS_REGION: "eu-west-1" });

    // Assess: the same resources, and settings the functions read back the same.
    const [drainNow, drainBefore] = [planDrain(config), planDrain(legacy)];
    expect(drainNow.numbers).toEqual(drainBefore.numbers);
    expect(drainNow.hooks).toEqual(drainBefore.hooks);
    expect(drainNow.rules).toEqual(drainBefore.rules);
    expect(drainNow.clusters).toEqual(drainBefore.clusters);
    expect(effectiveDrain(drainNow.functionSettings)).toEqual(effectiveDrain(drainBefore.functionSettings));

    const { functionSettings: gcNow, ...gcPlanNow } = planImageGc(config);
    const { functionSettings: gcBefore, ...gcPlanBefore } = planImageGc(legacy);
    expect(gcPlanNow).toEqual(gcPlanBefore);
    expect(gcConfig(JSON.parse(JSON.stringify(gcNow)))).toEqual(gcConfig(JSON.parse(JSON.stringify(gcBefore))));

    const { functionSettings: driftNow, ...driftPlanNow } = planDrift(config);
    const { functionSettings: driftBefore, ...driftPlanBefore } = planDrift(legacy);
    expect(driftPlanNow).toEqual(driftPlanBefore);
    expect(driftConfig(driftNow)).toEqual(driftConfig({ hookName: "caretaker-drain", ...driftBefore }));
  });
});

describe("CARETAKER_CONFIG's region", () => {
  it("is optional, and when set must be the Region being deployed to", () => {
    expect(regionProblems({}, "eu-west-1")).toEqual([]);
    expect(regionProblems({ region: "eu-west-1" }, "eu-west-1")).toEqual([]);
    expect(regionProblems({ region: "eu-west-1" }, "us-east-1")).toEqual([
      "region: the configuration is for eu-west-1, but this deploy goes to us-east-1. Deploy with that Region (AWS_REGION=eu-west-1, or the app's providers.aws.region), or use one stage per Region, each with its own configuration",
    ]);
    expect(regionProblems({ region: "eu-west-1" }, undefined)).toEqual([expect.stringMatching(/Region being deployed to is unknown/)]);
  });

  it("is compared with the Region SST deploys to, before anything else is resolved", async () => {
    const env = { CARETAKER_CONFIG: JSON.stringify({ region: "eu-central-1", clusters: { discover: true } }), SST_AWS_REGION: "eu-west-1", AWS_REGION: "eu-central-1" };
    await expect(loadCaretakerConfig(env)).rejects.toThrow(/^CARETAKER_CONFIG cannot be deployed here; nothing was deployed:\n {2}- region: the configuration is for eu-central-1, but this deploy goes to eu-west-1/);
  });
});
