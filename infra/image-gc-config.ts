import { CONFIG_DEFAULTS } from "@caretaker/core/config";

/**
 * The image GC's deploy-time configuration (the `gc` key of CARETAKER_CONFIG), as plain data. No SST globals here:
 * tests import this module. The settings' shape is mirrored below from before infra could import core's schemas
 * (CARETAKER_CONFIG is now parsed with them first); test/infra/image-gc-plan.test.ts proves they still agree.
 */

/**
 * The GC function's own settings (core's `GcConfigInput`), passed to it as CARETAKER_GC_CONFIG and validated there
 * by `gcConfig()`. Deletion stays off until `enabled` is true.
 */
interface GcSettingsInput {
  enabled?: boolean;
  /** Clusters whose workloads protect images; default every cluster of the account and Region. */
  clusters?: string[];
  repositories?: { include?: string[]; exclude?: string[]; includePullThroughCache?: boolean };
  rules?: {
    lifecyclePolicy?: string | Record<string, unknown>;
    keepNewest?: number;
    minAgeDays?: number;
    lastPullGuardDays?: number;
    protectedTags?: string[];
  };
  caps?: { perRun?: number; perRepository?: number; maxFraction?: number };
}

/** `gc` in CARETAKER_CONFIG: the GC settings plus when the schedule runs them. */
type GcInfraConfigInput = GcSettingsInput & {
  /** An EventBridge Scheduler expression, evaluated in UTC: `rate(…)`, `cron(…)` or `at(…)`. */
  schedule?: string;
};

const GC_DEFAULTS = {
  schedule: CONFIG_DEFAULTS.gcSchedule,
  timezone: "UTC",
  /** Lambda's maximum: a large registry's inventory and deletions take minutes, and a run cannot resume. */
  functionTimeoutSeconds: 900,
  /** The inventory and every decision are held in memory; more memory also means more CPU for the JSON. */
  memoryMb: 1024,
} as const;

/** What the schedule sends the function (functions/image-gc.ts accepts exactly this): the configuration decides. */
const SCHEDULED_EVENT = { source: "schedule" } as const;

/** The Kubernetes group the GC role's access entries map to; core's READER_GROUP, bound to the image scanner's RBAC. */
const READER_GROUP = "caretaker:reader";

export { GC_DEFAULTS, READER_GROUP, SCHEDULED_EVENT };
export type { GcInfraConfigInput, GcSettingsInput };
