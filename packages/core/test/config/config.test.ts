import { describe, expect, it } from "vitest";
import { z } from "zod";
import { caretakerConfig, CaretakerConfigError, CaretakerConfigSchema, CONFIG_DEFAULTS } from "../../src/config";
import { drainConfig } from "../../src/drain/config";
import { driftConfig } from "../../src/drift/run/config";
import { DEFAULT_HOOK_NAME } from "../../src/drift/findings/hook-findings";
import { gcConfig } from "../../src/image-gc/run/config";

/** The problems a configuration is refused with ([] when it is accepted). */
function problemsOf(input: unknown): readonly string[] {
  try {
    caretakerConfig(input);
    return [];
  } catch (error) {
    if (error instanceof CaretakerConfigError) return error.problems;
    throw error;
  }
}

type JsonSchema = { description?: string; properties?: Record<string, JsonSchema>; items?: JsonSchema; anyOf?: JsonSchema[] };

/** Every property of the JSON Schema (nested objects, array items and union branches included), by dotted path. */
function properties(node: JsonSchema, path = ""): Array<[string, JsonSchema]> {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]): Array<[string, JsonSchema]> => [[`${path}${key}`, child], ...properties(child, `${path}${key}.`)]);
  const branches = (node.anyOf ?? []).flatMap((branch) => properties(branch, path));
  const items = node.items ? properties(node.items, path) : [];
  return [...own, ...branches, ...items];
}

describe("Caretaker's configuration: defaults", () => {
  it("fills every default from an empty configuration", () => {
    // Act
    const config = caretakerConfig({});

    // Assess
    expect(config).toMatchObject({
      clusters: [],
      autoScalingGroups: [],
      hook: { heartbeatTimeoutSeconds: 300, defaultResult: "CONTINUE", name: "caretaker-drain" },
      rebalance: "cordon-only",
      functionTimeoutSeconds: 900,
      gc: { enabled: false, schedule: "rate(1 day)", caps: { perRun: 1000, perRepository: 200, maxFraction: 0.5 }, rules: { minAgeDays: 14, protectedTags: ["latest"] } },
      drift: { schedule: "cron(0 5 * * ? *)", events: true, digestPeriodDays: 7, eksStrict: "warning" },
      notifications: { emails: [] },
    });
    expect(config.region).toBeUndefined();
    expect(config.vpc).toBeUndefined();
    expect(config.visibilityTimeoutSeconds).toBeUndefined();
  });

  it("uses the capabilities' own defaults, except what infra decides (the rebalance mode, the redelivery delay, drift's hook name)", () => {
    // Act
    const { drain, gc, drift } = caretakerConfig({});

    // Assess
    const { rebalanceRecommendation, redeliverySeconds, ...coreDrain } = drainConfig({});
    expect(drain).toEqual({ ...coreDrain, rebalanceRecommendation: { deadlineSeconds: rebalanceRecommendation.deadlineSeconds, onDeadline: rebalanceRecommendation.onDeadline } });
    expect(redeliverySeconds).toBe(120);
    const { schedule, ...gcSettings } = gc;
    expect(gcSettings).toEqual(gcConfig({}));
    expect(schedule).toBe(CONFIG_DEFAULTS.gcSchedule);
    const { schedule: _schedule, events: _events, ...driftSettings } = drift;
    const { hookName, ...coreDrift } = driftConfig({});
    expect(driftSettings).toEqual(coreDrift);
    expect(hookName).toBe(DEFAULT_HOOK_NAME);
    expect(CONFIG_DEFAULTS.hook.name).toBe(DEFAULT_HOOK_NAME);
  });

  it("describes every key, at every depth, and its JSON Schema states the defaults", () => {
    // Act
    const schema = z.toJSONSchema(CaretakerConfigSchema, { io: "input" }) as JsonSchema;
    const all = properties(schema);

    // Assess
    expect(all.length).toBeGreaterThan(70);
    expect(all.filter(([, node]) => !node.description?.trim()).map(([path]) => path)).toEqual([]);
    expect(schema.description).toMatch(/CARETAKER_CONFIG/);
    expect(Object.fromEntries(all.filter(([path]) => ["hook.heartbeatTimeoutSeconds", "rebalance", "gc.enabled", "drain.options.gracePeriodSeconds"].includes(path)).map(([path, node]) => [path, (node as { default?: unknown }).default]))).toEqual({
      "hook.heartbeatTimeoutSeconds": 300,
      rebalance: "cordon-only",
      "gc.enabled": false,
      "drain.options.gracePeriodSeconds": -1,
    });
  });
});

describe("Caretaker's configuration: deploy-level keys", () => {
  it("takes a Region code, and refuses anything else", () => {
    expect(caretakerConfig({ region: "eu-west-1" }).region).toBe("eu-west-1");
    expect(caretakerConfig({ region: "us-gov-west-1" }).region).toBe("us-gov-west-1");
    expect(problemsOf({ region: "Ireland" })).toEqual(['region: must be an AWS Region code such as "eu-west-1"; got "Ireland"']);
  });

  it("takes clusters as a list, or discovery of every cluster with exclusions", () => {
    expect(caretakerConfig({ clusters: ["prod", "staging"] }).clusters).toEqual(["prod", "staging"]);
    expect(caretakerConfig({ clusters: { discover: true } }).clusters).toEqual({ discover: true, exclude: [] });
    expect(caretakerConfig({ clusters: { discover: true, exclude: ["sandbox"] } }).clusters).toEqual({ discover: true, exclude: ["sandbox"] });
  });

  it("refuses clusters that are neither, names EKS would refuse, and duplicates", () => {
    const shape = 'must be a list of EKS cluster names, or { "discover": true } (optionally with "exclude")';
    expect(problemsOf({ clusters: "prod" })).toEqual([`clusters: ${shape}; got "prod"`]);
    expect(problemsOf({ clusters: { discover: false } })).toEqual(["clusters.discover: must be true; to manage some clusters only, give their names as a list instead; got false"]);
    expect(problemsOf({ clusters: 3 })).toEqual([`clusters: ${shape}; got 3`]);
    expect(problemsOf({ clusters: { discover: true, exclude: ["a b"] } })).toEqual(['clusters.exclude[0]: must be an EKS cluster name (letters, digits, - and _); got "a b"']);
    expect(problemsOf({ clusters: ["prod", "prod"] })).toEqual(['clusters[1]: "prod" is listed twice']);
    expect(problemsOf({ clusters: { discover: true, all: true } })).toEqual(['clusters.all: unknown key (known: discover, exclude)']);
  });

  it("takes Auto Scaling groups as a list, or names plus discovery and exclusions", () => {
    expect(caretakerConfig({ autoScalingGroups: ["prod-workers"] }).autoScalingGroups).toEqual(["prod-workers"]);
    expect(caretakerConfig({ clusters: ["prod"], autoScalingGroups: { discover: true } }).autoScalingGroups).toEqual({ names: [], discover: true, exclude: [] });
    expect(caretakerConfig({ clusters: { discover: true }, autoScalingGroups: { names: ["gpu"], discover: true, exclude: ["batch"] } }).autoScalingGroups).toEqual({ names: ["gpu"], discover: true, exclude: ["batch"] });
  });

  it("refuses group discovery without clusters to discover the groups of, and malformed groups", () => {
    expect(problemsOf({ autoScalingGroups: { discover: true } })).toEqual([
      'autoScalingGroups.discover: discovers the groups of the managed clusters, but "clusters" is empty: list the clusters, or set "clusters" to { "discover": true }',
    ]);
    expect(problemsOf({ autoScalingGroups: "all" })).toEqual(['autoScalingGroups: must be a list of Auto Scaling group names, or { "names": [...], "discover": true, "exclude": [...] }; got "all"']);
    expect(problemsOf({ autoScalingGroups: [""] })).toEqual(['autoScalingGroups[0]: must be an Auto Scaling group name (1 to 255 characters); got ""']);
    expect(problemsOf({ autoScalingGroups: { discover: "yes" } })).toEqual(["autoScalingGroups.discover: Invalid input: expected boolean, received string; got \"yes\""]);
  });

  it("takes notification e-mail addresses, and refuses what is not one or is listed twice", () => {
    expect(caretakerConfig({ notifications: { emails: ["oncall@example.com", "sre+caretaker@example.org"] } }).notifications.emails).toEqual(["oncall@example.com", "sre+caretaker@example.org"]);
    expect(problemsOf({ notifications: { emails: ["oncall@example.com", "oncall", "oncall@example.com"] } })).toEqual([
      'notifications.emails[1]: must be an e-mail address; got "oncall"',
      'notifications.emails[2]: "oncall@example.com" is listed twice',
    ]);
    expect(problemsOf({ notifications: { email: "oncall@example.com" } })).toEqual(['notifications.email: unknown key (did you mean "emails"? known: emails)']);
  });

  it("takes VPC subnets and security groups together, never one without the other", () => {
    const vpc = { subnetIds: ["subnet-0123456789abcdef0", "subnet-12345678"], securityGroupIds: ["sg-0123456789abcdef0"] };
    expect(caretakerConfig({ vpc }).vpc).toEqual(vpc);
    expect(problemsOf({ vpc: { subnetIds: vpc.subnetIds } })).toEqual(["vpc.securityGroupIds: is required (expected array, received undefined)"]);
    expect(problemsOf({ vpc: { subnetIds: [], securityGroupIds: [] } })).toEqual(["vpc.subnetIds: must list at least one subnet; got []", "vpc.securityGroupIds: must list at least one security group; got []"]);
    expect(problemsOf({ vpc: { subnetIds: ["vpc-0123456789abcdef0"], securityGroupIds: ["sg-1"] } })).toEqual([
      'vpc.subnetIds[0]: must be a subnet ID such as "subnet-0123456789abcdef0"; got "vpc-0123456789abcdef0"',
      'vpc.securityGroupIds[0]: must be a security group ID such as "sg-0123456789abcdef0"; got "sg-1"',
    ]);
    expect(problemsOf({ vpc: { ...vpc, securityGroupIds: ["sg-11111111", "sg-22222222", "sg-33333333", "sg-44444444", "sg-55555555", "sg-66666666"] } })).toEqual([expect.stringMatching(/^vpc\.securityGroupIds: Lambda takes at most 5 security groups; got /)]);
  });

  it("checks the hook and the function numbers against AWS's limits", () => {
    expect(problemsOf({ hook: { heartbeatTimeoutSeconds: 10, defaultResult: "DEFAULT", name: "a hook" }, functionTimeoutSeconds: 901, visibilityTimeoutSeconds: -1, rebalance: "cordon" })).toEqual([
      "hook.heartbeatTimeoutSeconds: Too small: expected number to be >=30; got 10",
      'hook.defaultResult: Invalid option: expected one of "CONTINUE"|"ABANDON"; got "DEFAULT"',
      'hook.name: must be a lifecycle hook name (1 to 255 of letters, digits, - _ /); got "a hook"',
      'rebalance: Invalid option: expected one of "drain"|"cordon-only"|"ignore"; got "cordon"',
      "functionTimeoutSeconds: Too big: expected number to be <=900; got 901",
      "visibilityTimeoutSeconds: Too small: expected number to be >=0; got -1",
    ]);
  });
});

describe("Caretaker's configuration: the capabilities' settings, checked by their own schemas", () => {
  it("refuses at deploy what the drain, image GC and drift functions would refuse at their first run", () => {
    expect(
      problemsOf({
        drain: { options: { gracePeriodSeconds: 0 }, spotInterruption: { deadlineSeconds: 5, onDeadline: "stop" } },
        gc: { enabled: true, rules: { lifecyclePolicy: { rules: [] } } },
        drift: { eksStrict: "strict", concurrency: 0 },
      }),
    ).toEqual([
      "drain.options.gracePeriodSeconds: 0 would kill pods without a chance to stop; use -1 (the pod's own) or ≥ 1",
      "drain.spotInterruption.deadlineSeconds: Too small: expected number to be >=10; got 5",
      expect.stringMatching(/^gc\.rules\.lifecyclePolicy: /),
      'drift.concurrency: Too small: expected number to be >=1; got 0',
      'drift.eksStrict: Invalid option: expected one of "off"|"warning"|"error"; got "strict"',
    ]);
  });

  it("keeps core's cross-field rules (deletion enabled must be able to delete something)", () => {
    expect(problemsOf({ gc: { enabled: true } })).toEqual(["gc.rules: deletion is enabled but no rule selects images: set rules.keepNewest or rules.lifecyclePolicy"]);
  });

  it("takes the rebalance mode only as the top-level key, and lets infra compute the redelivery delay", () => {
    const config = caretakerConfig({ rebalance: "drain", drain: { rebalanceRecommendation: { deadlineSeconds: 300, onDeadline: "force-delete", mode: "drain" }, redeliverySeconds: 900 } });
    expect(config.drain.rebalanceRecommendation).toEqual({ deadlineSeconds: 300, onDeadline: "force-delete", mode: "drain" });
    expect(config.drain.redeliverySeconds).toBe(900);
    expect(caretakerConfig({}).drain.redeliverySeconds).toBeUndefined();
  });
});

describe("Caretaker's configuration: unknown keys", () => {
  it("are refused at every depth, all at once, with the known keys and the likely one", () => {
    // Act
    const problems = problemsOf({ autoscalingGroups: ["w"], hook: { heartbeat: 300 }, drain: { options: { ignoreDaemonsets: true } }, gc: { keepNewest: 5 }, vpcConfig: {} });

    // Assess
    expect(problems).toEqual([
      "hook.heartbeat: unknown key (known: heartbeatTimeoutSeconds, defaultResult, name)",
      expect.stringMatching(/^drain\.options\.ignoreDaemonsets: unknown key \(did you mean "ignoreDaemonSets"\? known: ignoreDaemonSets, deleteEmptyDirData, /),
      "gc.keepNewest: unknown key (known: enabled, clusters, repositories, rules, caps, schedule)",
      expect.stringMatching(/^autoscalingGroups: unknown key \(did you mean "autoScalingGroups"\? known: region, clusters, autoScalingGroups, /),
      expect.stringMatching(/^vpcConfig: unknown key \(known: /),
    ]);
  });

  it("makes one error that lists every problem and points to the documentation", () => {
    expect(() => caretakerConfig({ hook: { name: "" }, rebalance: 1 }, { heading: "CARETAKER_CONFIG is invalid" })).toThrow(
      [
        "CARETAKER_CONFIG is invalid:",
        '  - hook.name: must be a lifecycle hook name (1 to 255 of letters, digits, - _ /); got ""',
        '  - rebalance: Invalid option: expected one of "drain"|"cordon-only"|"ignore"; got 1',
        "Every key, its type and default: docs/configuration.md.",
      ].join("\n"),
    );
  });
});
