import { READER_GROUP as CORE_READER_GROUP } from "@caretaker/core/access";
import { gcConfig, type GcConfigInput } from "@caretaker/core/image-gc/run";
import { SeededRandom } from "@caretaker/sandbox";
import { describe, expect, expectTypeOf, it } from "vitest";
import { GcPayload } from "../../functions/image-gc";
import { parseCaretakerConfig } from "../../infra/caretaker-config";
import { type GcInfraConfigInput, type GcSettingsInput, READER_GROUP, SCHEDULED_EVENT } from "../../infra/image-gc-config";
import { ImageGcConfigError, planImageGc } from "../../infra/image-gc-plan";
import { loadCaretakerConfig } from "../../infra/load-config";

function problemsOf(input: Parameters<typeof planImageGc>[0]): string[] {
  try {
    planImageGc(input);
    return [];
  } catch (error) {
    if (error instanceof ImageGcConfigError) return error.problems;
    throw error;
  }
}

function coreAccepts(gc: GcInfraConfigInput): boolean {
  const { schedule: _schedule, ...settings } = gc;
  try {
    gcConfig(JSON.parse(JSON.stringify(settings)) as GcConfigInput);
    return true;
  } catch {
    return false;
  }
}

const POLICY = { rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 }, action: { type: "expire" } }] };

describe("image GC plan: the defaults", () => {
  it("run once a day in UTC, only planning, with the schedule's event", () => {
    expect(planImageGc()).toEqual({
      schedule: "rate(1 day)",
      timezone: "UTC",
      event: { source: "schedule" },
      functionTimeoutSeconds: 900,
      memoryMb: 1024,
      functionSettings: {},
      accessClusters: [],
      scannedClusters: "all",
      deletableRepositories: [],
      protectedRepositories: [],
    });
  });

  it("give the top-level clusters the GC role's access entries, unless gc.clusters names the clusters to scan", () => {
    expect(planImageGc({ clusters: ["prod", "staging"] })).toMatchObject({ accessClusters: ["prod", "staging"], scannedClusters: "all" });
    expect(planImageGc({ clusters: ["prod", "staging"], gc: { clusters: ["prod"] } })).toMatchObject({ accessClusters: ["prod"], scannedClusters: ["prod"] });
  });

  it("hand the function its settings without the schedule, and core reads them back unchanged", () => {
    const gc: GcInfraConfigInput = { schedule: "cron(0 3 * * ? *)", enabled: true, clusters: ["prod"], rules: { keepNewest: 10, lifecyclePolicy: POLICY }, repositories: { include: ["shop/*"] } };
    const plan = planImageGc({ gc });
    expect(plan.schedule).toBe("cron(0 3 * * ? *)");
    expect(plan.functionSettings).not.toHaveProperty("schedule");
    const config = gcConfig(JSON.parse(JSON.stringify(plan.functionSettings)) as GcConfigInput);
    expect(config).toMatchObject({ enabled: true, clusters: ["prod"], rules: { keepNewest: 10, lifecyclePolicy: POLICY }, repositories: { include: ["shop/*"] } });
  });

  it("let the function delete only once deletion is enabled", () => {
    expect(planImageGc({ gc: { rules: { keepNewest: 1 }, repositories: { include: ["shop/*"] } } }).deletableRepositories).toEqual([]);
    expect(planImageGc({ gc: { enabled: true, rules: { keepNewest: 1 }, repositories: { include: ["shop/*"] } } }).deletableRepositories).toEqual(["shop/*"]);
    expect(planImageGc({ gc: { enabled: true, rules: { keepNewest: 1 } } }).deletableRepositories).toBe("all");
  });
});

describe("image GC plan: refusals", () => {
  it("lists every problem at once, in one error, before anything is deployed", () => {
    const gc = { schedule: "rate(1 days)", enabled: "yes", clusters: ["prod", "prod", "not a cluster"], rules: { keepNewst: 3 }, caps: { maxFraction: 2 } } as unknown as GcInfraConfigInput;
    expect(() => planImageGc({ gc })).toThrow(/^Invalid Caretaker image GC configuration:\n {2}- /);
    expect(problemsOf({ gc })).toEqual([
      'gc.enabled must be true or false; got "yes"',
      'gc.clusters[2]: "not a cluster" is not an EKS cluster name (letters, digits, - and _, at most 100)',
      'gc.rules: unknown key "keepNewst" (known: lifecyclePolicy, keepNewest, minAgeDays, lastPullGuardDays, protectedTags)',
      "gc.caps.maxFraction must be a number above 0 and at most 1; got 2",
      'gc.clusters: "prod" is listed twice',
      'gc.schedule "rate(1 days)": use the singular unit with 1',
    ]);
  });

  it.each<[string, GcInfraConfigInput, RegExp]>([
    ["deletion with no rule", { enabled: true }, /^gc\.rules: deletion is enabled but no rule selects images/],
    ["deletion capped at 0", { enabled: true, rules: { keepNewest: 1 }, caps: { perRepository: 0 } }, /^gc\.caps: a cap of 0 with deletion enabled deletes nothing/],
    ["an unknown key", { keepNewest: 3 } as GcInfraConfigInput, /^gc: unknown key "keepNewest"/],
    ["a policy that is not JSON", { rules: { lifecyclePolicy: "{ rules: [" } }, /^gc\.rules\.lifecyclePolicy is not valid JSON/],
    ["a policy without rules", { rules: { lifecyclePolicy: { rules: [] } } }, /^gc\.rules\.lifecyclePolicy\.rules must contain at least one rule/],
    ["an upper-case repository pattern", { repositories: { include: ["Shop/*"] } }, /^gc\.repositories\.include\[0\]: "Shop\/\*" can match no ECR repository/],
    ["a ? in a repository pattern (an IAM wildcard)", { repositories: { exclude: ["shop/we?"] } }, /^gc\.repositories\.exclude\[0\]: "shop\/we\?" can match no ECR repository/],
    ["a negative age", { rules: { minAgeDays: -1 } }, /^gc\.rules\.minAgeDays must be a whole number, 0 or more; got -1/],
    ["a schedule that is not an expression", { schedule: "daily" }, /^gc\.schedule "daily": must be rate/],
  ])("refuses %s", (_, gc, problem) => {
    expect(problemsOf({ gc })).toEqual([expect.stringMatching(problem)]);
  });

  it("comes from CARETAKER_CONFIG's gc key, which must be an object", async () => {
    const { config } = await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify({ clusters: ["prod"], gc: { schedule: "rate(12 hours)" } }) });
    expect(planImageGc(config)).toMatchObject({ schedule: "rate(12 hours)", accessClusters: ["prod"] });
    expect(() => parseCaretakerConfig(JSON.stringify({ gc: ["keepNewest"] }))).toThrow(/\n {2}- gc: Invalid input: expected object, received array/);
  });
});

describe("image GC plan: agreement with core", () => {
  it("maps the role to core's reader group, which core's image-scanner RBAC binds", () => {
    expect(READER_GROUP).toBe(CORE_READER_GROUP);
  });

  it("mirrors core's configuration input type exactly (checked by tsc)", () => {
    expectTypeOf<GcSettingsInput>().toEqualTypeOf<GcConfigInput>();
  });

  it("schedules the event the function accepts as a scheduled run", () => {
    expect(GcPayload.parse(SCHEDULED_EVENT)).toEqual({ source: "schedule" });
  });

  /** Values for each field: most valid for both, some invalid for both, and some that only infra refuses (`strict`). */
  interface Choice {
    value: unknown;
    /** Core accepts it, infra refuses it on purpose (names that become ARNs or access entries, schedules). */
    strict?: true;
  }
  const FIELDS: Record<string, Choice[]> = {
    schedule: [{ value: "rate(1 day)" }, { value: "cron(0 3 * * ? *)" }, { value: "rate(1 days)", strict: true }, { value: "cron(0 3 * * * *)", strict: true }],
    enabled: [{ value: true }, { value: false }, { value: "yes" }, { value: null }],
    clusters: [{ value: ["prod"] }, { value: [] }, { value: [""] }, { value: "prod" }, { value: ["prod", "prod"], strict: true }, { value: ["not a cluster"], strict: true }],
    "repositories.include": [{ value: ["shop/*"] }, { value: [] }, { value: ["*"] }, { value: [""] }, { value: "shop/*" }, { value: ["Shop/Web"], strict: true }],
    "repositories.exclude": [{ value: ["shop/web"] }, { value: [7] }, { value: ["shop?"], strict: true }],
    "repositories.includePullThroughCache": [{ value: true }, { value: "no" }],
    "rules.lifecyclePolicy": [{ value: POLICY }, { value: JSON.stringify(POLICY) }, { value: "{ not json" }, { value: { rules: [] } }, { value: {} }, { value: 5 }],
    "rules.keepNewest": [{ value: 0 }, { value: 3 }, { value: -1 }, { value: 1.5 }, { value: "3" }],
    "rules.minAgeDays": [{ value: 0 }, { value: 14 }, { value: -2 }],
    "rules.lastPullGuardDays": [{ value: 7 }, { value: null }],
    "rules.protectedTags": [{ value: ["latest", "release-*"] }, { value: [""] }, { value: "latest" }],
    "caps.perRun": [{ value: 0 }, { value: 10 }, { value: -1 }],
    "caps.perRepository": [{ value: 0 }, { value: 5 }, { value: 2.5 }],
    "caps.maxFraction": [{ value: 0.5 }, { value: 1 }, { value: 0 }, { value: 1.5 }, { value: "half" }],
    "caps.surprise": [{ value: 1 }],
    surprise: [{ value: true }],
  };

  /** A configuration with each field absent or one of its choices, and whether it uses an infra-only refusal. */
  function generate(random: SeededRandom): { gc: Record<string, unknown>; strict: boolean } {
    const gc: Record<string, unknown> = {};
    let strict = false;
    for (const [path, choices] of Object.entries(FIELDS)) {
      // Rare extras, common core fields: most configurations should be valid for both sides.
      if (!random.chance(path.includes("surprise") ? 0.03 : 0.45)) continue;
      const pool = random.chance(0.7) ? choices.filter((_, index) => index < 2) : choices;
      const choice = pool[random.int(0, pool.length - 1)] as Choice;
      strict ||= choice.strict === true;
      const [head, leaf] = path.split(".") as [string, string | undefined];
      if (leaf === undefined) gc[head] = choice.value;
      else gc[head] = { ...(gc[head] as object | undefined), [leaf]: choice.value };
    }
    return { gc, strict };
  }

  it("accepts only configurations core accepts, and refuses core-valid ones only for its own documented reasons (2000 seeded cases)", () => {
    // Prepare
    const random = new SeededRandom(20261121);
    const disagreements: string[] = [];
    let accepted = 0;
    let refused = 0;
    // Act
    for (let run = 0; run < 2000; run++) {
      const { gc, strict } = generate(random);
      const infra = problemsOf({ gc: gc as GcInfraConfigInput }).length === 0;
      const core = coreAccepts(gc as GcInfraConfigInput);
      if (infra) accepted++;
      else refused++;
      if (infra && !core) disagreements.push(`infra accepts, core refuses: ${JSON.stringify(gc)}`);
      if (!infra && core && !strict) disagreements.push(`core accepts, infra refuses: ${JSON.stringify(gc)}: ${problemsOf({ gc: gc as GcInfraConfigInput }).join("; ")}`);
    }
    // Assess: both outcomes are well represented, and the two sides never disagree.
    expect(accepted).toBeGreaterThan(200);
    expect(refused).toBeGreaterThan(200);
    expect(disagreements.slice(0, 5)).toEqual([]);
  });

  it("leaves the lifecycle policy's rule grammar to the function, which refuses it with every problem named", () => {
    const badGrammar = { rules: [{ rulePriority: 1, selection: { tagStatus: "tagged", tagPrefixList: ["v"], tagPatternList: ["v*"], countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } }] };
    expect(problemsOf({ gc: { rules: { lifecyclePolicy: badGrammar } } })).toEqual([]);
    expect(coreAccepts({ rules: { lifecyclePolicy: badGrammar } })).toBe(false);
  });
});
