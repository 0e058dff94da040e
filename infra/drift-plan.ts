import { DRIFT_DEFAULTS, DRIFT_SCHEDULED_EVENT, type DriftInfraConfigInput, type DriftSettingsInput } from "./drift-config";
import { type DriftRule, driftRules } from "./drift-rules";
import { scheduleProblems } from "./image-gc-schedule";

/** Everything drift deploys, decided from the configuration before any resource exists. */
interface DriftPlan {
  schedule: string;
  timezone: typeof DRIFT_DEFAULTS.timezone;
  event: typeof DRIFT_SCHEDULED_EVENT;
  functionTimeoutSeconds: number;
  memoryMb: number;
  /** The function's CARETAKER_DRIFT_CONFIG. */
  functionSettings: DriftSettingsInput;
  /** Clusters that get an access entry for the drift role: `drift.clusters`, else the top-level `clusters`. */
  accessClusters: string[];
  /** The clusters the function describes: the configured ones, or "all" (it lists every cluster of the account). */
  checkedClusters: string[] | "all";
  rules: DriftRule[];
}

class DriftConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid Caretaker drift configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "DriftConfigError";
    this.problems = problems;
  }
}

const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
const KEYS = ["clusters", "concurrency", "alertWindowDays", "eksStrict", "hookName", "digestPeriodDays", "schedule", "events"] as const;

function integerIn(value: unknown, path: string, min: number, max: number): string[] {
  return value === undefined || (Number.isInteger(value) && (value as number) >= min && (value as number) <= max) ? [] : [`${path} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`];
}

/** Core's DriftConfigSchema, field for field (packages/core/src/drift/run/config.ts), plus `schedule` and `events`. */
function driftProblems(drift: unknown): string[] {
  if (drift === undefined) return [];
  if (typeof drift !== "object" || drift === null || Array.isArray(drift)) return ["drift must be an object"];
  const input = drift as Record<string, unknown>;
  const problems = Object.keys(input)
    .filter((key) => !(KEYS as readonly string[]).includes(key))
    .map((key) => `drift: unknown key "${key}" (known: ${KEYS.join(", ")})`);
  if (input.clusters !== undefined) {
    if (!Array.isArray(input.clusters)) problems.push("drift.clusters must be an array of EKS cluster names");
    else input.clusters.forEach((name, index) => (typeof name === "string" && CLUSTER_NAME.test(name) ? undefined : problems.push(`drift.clusters[${index}]: ${JSON.stringify(name)} is not an EKS cluster name`)));
  }
  problems.push(...integerIn(input.concurrency, "drift.concurrency", 1, 32), ...integerIn(input.alertWindowDays, "drift.alertWindowDays", 1, 730), ...integerIn(input.digestPeriodDays, "drift.digestPeriodDays", 0, 90));
  if (input.eksStrict !== undefined && !["off", "warning", "error"].includes(input.eksStrict as string)) problems.push(`drift.eksStrict must be "off", "warning" or "error"; got ${JSON.stringify(input.eksStrict)}`);
  if (input.hookName !== undefined && (typeof input.hookName !== "string" || input.hookName.length === 0 || input.hookName.length > 255)) problems.push("drift.hookName must be a lifecycle hook name (1–255 characters)");
  if (input.events !== undefined && typeof input.events !== "boolean") problems.push("drift.events must be true or false");
  if (input.schedule !== undefined) problems.push(...(typeof input.schedule === "string" ? scheduleProblems(input.schedule, DRIFT_DEFAULTS.functionTimeoutSeconds, "drift.schedule") : ["drift.schedule must be a string"]));
  return problems;
}

/** Checks CARETAKER_CONFIG's `drift` and derives the plan; throws DriftConfigError naming every problem. */
function planDrift(config: { clusters?: string[]; hook?: { name?: string }; drift?: DriftInfraConfigInput }): DriftPlan {
  const problems = driftProblems(config.drift);
  if (problems.length > 0) throw new DriftConfigError(problems);
  const { schedule, events, ...settings } = config.drift ?? {};
  const hookName = settings.hookName ?? config.hook?.name;
  const checked = settings.clusters ?? "all";
  return {
    schedule: schedule ?? DRIFT_DEFAULTS.schedule,
    timezone: DRIFT_DEFAULTS.timezone,
    event: DRIFT_SCHEDULED_EVENT,
    functionTimeoutSeconds: DRIFT_DEFAULTS.functionTimeoutSeconds,
    memoryMb: DRIFT_DEFAULTS.memoryMb,
    functionSettings: { ...settings, ...(hookName ? { hookName } : {}) },
    accessClusters: settings.clusters ?? config.clusters ?? [],
    checkedClusters: checked,
    rules: events === false ? [] : driftRules(checked),
  };
}

export { DriftConfigError, planDrift };
export type { DriftPlan };
