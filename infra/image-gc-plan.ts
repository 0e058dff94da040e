import { GC_DEFAULTS, type GcInfraConfigInput, type GcSettingsInput, SCHEDULED_EVENT } from "./image-gc-config";
import { scheduleProblems } from "./image-gc-schedule";

/**
 * Everything the image GC deploys, decided from the configuration before any resource exists. The GC settings are
 * checked with the same rules core's `gcConfig` applies (a small duplicate: infra cannot import core; the test proves
 * every configuration accepted here passes core), so a deploy never ships a function that fails on every run. Only
 * the lifecycle policy's rule grammar is left to the function (its envelope is checked here).
 */

/** What CronV2 accepts; a string only becomes one after scheduleProblems found nothing wrong with it. */
type ScheduleExpression = `rate(${string})` | `cron(${string})` | `at(${string})`;

interface ImageGcPlan {
  schedule: ScheduleExpression;
  timezone: typeof GC_DEFAULTS.timezone;
  /** The schedule's payload. */
  event: typeof SCHEDULED_EVENT;
  functionTimeoutSeconds: number;
  memoryMb: number;
  /** The function's CARETAKER_GC_CONFIG: the `gc` settings without the schedule. */
  functionSettings: GcSettingsInput;
  /** Clusters that get an access entry for the GC role: `gc.clusters`, else the top-level `clusters`. */
  accessClusters: string[];
  /** The clusters the function describes: the configured ones, or "all" (it lists every cluster of the account). */
  scannedClusters: string[] | "all";
  /**
   * Repository name patterns (`*` = any run of characters) the function may delete from, or "all"; none while
   * deletion is off, so a function that must not delete cannot.
   */
  deletableRepositories: string[] | "all";
  /** Excluded repository patterns: deletion there is denied outright. */
  protectedRepositories: string[];
}

class ImageGcConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid Caretaker image GC configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ImageGcConfigError";
    this.problems = problems;
  }
}

/** EKS cluster names (CreateCluster): a letter or digit, then letters, digits, - and _, at most 100 in all. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
/** ECR repository names are lower-case letters, digits, . _ - and /; patterns add `*`, which also becomes IAM's `*`. */
const REPOSITORY_PATTERN = /^[a-z0-9._\-/*]{1,256}$/;

type Check = (value: unknown, path: string) => string[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Like zod's strictObject: unknown keys are refused, not ignored (a misspelt `keepNewst` must not deploy a no-op). */
function strictObject(fields: Record<string, Check>): Check {
  return (value, path) => {
    if (!isObject(value)) return [`${path} must be an object`];
    return Object.entries(value).flatMap(([key, item]) => {
      const check = fields[key];
      if (!check) return [`${path}: unknown key "${key}" (known: ${Object.keys(fields).join(", ")})`];
      return item === undefined ? [] : check(item, `${path}.${key}`);
    });
  };
}

const boolean: Check = (value, path) => (typeof value === "boolean" ? [] : [`${path} must be true or false; got ${JSON.stringify(value)}`]);

const wholeNumber: Check = (value, path) => (Number.isInteger(value) && (value as number) >= 0 ? [] : [`${path} must be a whole number, 0 or more; got ${JSON.stringify(value)}`]);

const fraction: Check = (value, path) => (typeof value === "number" && value > 0 && value <= 1 ? [] : [`${path} must be a number above 0 and at most 1; got ${JSON.stringify(value)}`]);

function stringList(item: (text: string) => string | undefined = () => undefined): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return [`${path} must be an array of strings`];
    return value.flatMap((entry, index) => {
      if (typeof entry !== "string" || entry.length === 0) return [`${path}[${index}] must be a non-empty string`];
      const problem = item(entry);
      return problem ? [`${path}[${index}]: ${problem}`] : [];
    });
  };
}

/** The envelope ECR (and core) require: JSON text or an object with a non-empty `rules` array. */
const lifecyclePolicy: Check = (value, path) => {
  let policy: unknown = value;
  if (typeof value === "string") {
    try {
      policy = JSON.parse(value);
    } catch (error) {
      return [`${path} is not valid JSON: ${(error as Error).message}`];
    }
  }
  if (!isObject(policy)) return [`${path} must be a lifecycle policy (JSON text or an object)`];
  return Array.isArray(policy.rules) && policy.rules.length > 0 ? [] : [`${path}.rules must contain at least one rule`];
};

const clusterName = (name: string) => (CLUSTER_NAME.test(name) ? undefined : `"${name}" is not an EKS cluster name (letters, digits, - and _, at most 100)`);
const repositoryPattern = (pattern: string) => (REPOSITORY_PATTERN.test(pattern) ? undefined : `"${pattern}" can match no ECR repository (lower-case letters, digits, . _ - / and the * wildcard)`);

/** Core's GcConfigSchema, field for field (packages/core/src/image-gc/run/config.ts), plus infra's `schedule`. */
const GC_SHAPE = strictObject({
  schedule: (value, path) => (typeof value === "string" ? [] : [`${path} must be a string`]),
  enabled: boolean,
  clusters: stringList(clusterName),
  repositories: strictObject({ include: stringList(repositoryPattern), exclude: stringList(repositoryPattern), includePullThroughCache: boolean }),
  rules: strictObject({ lifecyclePolicy, keepNewest: wholeNumber, minAgeDays: wholeNumber, lastPullGuardDays: wholeNumber, protectedTags: stringList() }),
  caps: strictObject({ perRun: wholeNumber, perRepository: wholeNumber, maxFraction: fraction }),
});

/** Core's cross-field rules (its superRefine): deletion enabled must be able to delete something. */
function consistencyProblems(gc: GcInfraConfigInput): string[] {
  if (!gc.enabled) return [];
  const problems: string[] = [];
  if (gc.caps?.perRun === 0 || gc.caps?.perRepository === 0) problems.push("gc.caps: a cap of 0 with deletion enabled deletes nothing: set the caps above 0, or leave `enabled` false");
  if (gc.rules?.lifecyclePolicy === undefined && gc.rules?.keepNewest === undefined) problems.push("gc.rules: deletion is enabled but no rule selects images: set rules.keepNewest or rules.lifecyclePolicy");
  return problems;
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

/** Checks the `gc` key and returns what to deploy; throws ImageGcConfigError listing every problem. */
function planImageGc(input: { clusters?: string[]; gc?: GcInfraConfigInput } = {}): ImageGcPlan {
  const gc = input.gc ?? {};
  const problems = GC_SHAPE(gc, "gc");
  // The cross-field rules only mean something once every field has the right type.
  if (problems.length === 0) problems.push(...consistencyProblems(gc));
  if (Array.isArray(gc.clusters)) for (const name of duplicates(gc.clusters)) problems.push(`gc.clusters: "${name}" is listed twice`);
  const schedule = gc.schedule ?? GC_DEFAULTS.schedule;
  if (typeof schedule === "string") problems.push(...scheduleProblems(schedule, GC_DEFAULTS.functionTimeoutSeconds));
  if (problems.length > 0) throw new ImageGcConfigError(problems);

  const { schedule: _schedule, ...functionSettings } = gc;
  return {
    schedule: schedule as ScheduleExpression,
    timezone: GC_DEFAULTS.timezone,
    event: SCHEDULED_EVENT,
    functionTimeoutSeconds: GC_DEFAULTS.functionTimeoutSeconds,
    memoryMb: GC_DEFAULTS.memoryMb,
    functionSettings,
    accessClusters: [...(gc.clusters ?? input.clusters ?? [])],
    scannedClusters: gc.clusters ? [...gc.clusters] : "all",
    // An include pattern is exactly an IAM resource pattern: core's `*` and IAM's `*` both match any run of
    // characters, `/` included, and neither side has another wildcard (ECR names cannot contain `?`).
    deletableRepositories: !gc.enabled ? [] : gc.repositories?.include ? [...gc.repositories.include] : "all",
    protectedRepositories: [...(gc.repositories?.exclude ?? [])],
  };
}

export { ImageGcConfigError, planImageGc };
export type { ImageGcPlan, ScheduleExpression };
