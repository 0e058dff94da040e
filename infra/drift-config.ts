import { CONFIG_DEFAULTS } from "@caretaker/core/config";

/**
 * Drift's deploy-time configuration (the `drift` key of CARETAKER_CONFIG), as plain data. No SST globals here: tests
 * import this module. The settings' shape is mirrored from core's DriftConfigSchema from before infra could import it
 * (CARETAKER_CONFIG is now parsed with it first); test/infra/drift-plan.test.ts proves the two still agree.
 */

/** The drift function's own settings (core's `DriftConfigInput`), passed as CARETAKER_DRIFT_CONFIG. */
interface DriftSettingsInput {
  /** Clusters to check; default every cluster of the account and Region. */
  clusters?: string[];
  concurrency?: number;
  alertWindowDays?: number;
  eksStrict?: "off" | "warning" | "error";
  /** Default: the drain's hook name (CARETAKER_CONFIG `hook.name`), so drift checks for the hook the drain uses. */
  hookName?: string;
  digestPeriodDays?: number;
}

/** `drift` in CARETAKER_CONFIG: the settings, when the schedule runs them, and whether version-change events do too. */
type DriftInfraConfigInput = DriftSettingsInput & {
  /** An EventBridge Scheduler expression, evaluated in UTC: `rate(…)`, `cron(…)` or `at(…)`. */
  schedule?: string;
  /** Also check a cluster when its version changes (CloudTrail) or AWS Health announces an EKS change. Default true. */
  events?: boolean;
};

const DRIFT_DEFAULTS = {
  /** Daily, early in the European morning: findings arrive before the working day. */
  schedule: CONFIG_DEFAULTS.driftSchedule,
  timezone: "UTC",
  /** 20 clusters of 2000 nodes take well under a minute; the margin covers slow or unreachable private endpoints. */
  functionTimeoutSeconds: 300,
  memoryMb: 1024,
} as const;

/** What the schedule sends the function (core's DriftTriggerSchema accepts exactly this). */
const DRIFT_SCHEDULED_EVENT = { trigger: "schedule" } as const;

export { DRIFT_DEFAULTS, DRIFT_SCHEDULED_EVENT };
export type { DriftInfraConfigInput, DriftSettingsInput };
