import { CONFIG_DEFAULTS } from "@caretaker/core/config";

/**
 * The drain's deploy-time configuration and its defaults, as plain data. No SST globals here: tests import this
 * module. CARETAKER_CONFIG is parsed (and defaulted) by `@caretaker/core/config` before the plans see it; the plans
 * also take partial input (tests), so the deploy-level defaults below are core's, and the few drain facts the numbers
 * need are mirrored (test/infra proves they still equal core's). Infra imports only core's pure modules (config,
 * discovery), never index files that bring the SDK clients or the Kubernetes client.
 */

type HookDefaultResult = "CONTINUE" | "ABANDON";
type RebalanceMode = "drain" | "cordon-only" | "ignore";
type OnDeadline = "stop" | "force-delete";

interface TriggerSettingsInput {
  deadlineSeconds: number;
  onDeadline: OnDeadline;
}

/**
 * The drain function's own settings (core's `DrainConfigInput`), passed to it as CARETAKER_DRAIN_CONFIG and validated
 * there by `drainConfig()`. Mirrored loosely: every value core accepts fits this type (test/infra checks it), and
 * infra only reads the fields that decide queue and hook numbers.
 */
interface DrainSettingsInput {
  defaultCluster?: string;
  options?: Record<string, unknown>;
  lifecycle?: TriggerSettingsInput & { failurePolicy?: "leave" | "abandon" | "continue" };
  spotInterruption?: TriggerSettingsInput;
  /** The mode is the top-level `rebalance` (drain-plan.ts sets it); here it may only repeat it. */
  rebalanceRecommendation?: TriggerSettingsInput & { mode?: RebalanceMode };
  stateChange?: TriggerSettingsInput;
  scheduledChange?: TriggerSettingsInput;
  manual?: TriggerSettingsInput;
  notify?: "always" | "failures";
  safetyMarginSeconds?: number;
  redeliverySeconds?: number;
}

interface HookConfig {
  /** 30..7200 s (Auto Scaling's limits). Each heartbeat extends the action by this much. */
  heartbeatTimeoutSeconds: number;
  /** Applied by Auto Scaling when the action times out. Set explicitly: the API default is ABANDON. */
  defaultResult: HookDefaultResult;
  name: string;
}

interface DrainInfraConfig {
  /** EKS clusters the drain function gets an access entry on. None: no rules and no hooks, just the function. */
  clusters: string[];
  /** Auto Scaling groups that get Caretaker's terminate lifecycle hook (self-managed node groups). */
  autoScalingGroups: string[];
  hook: HookConfig;
  /** What to do on EC2 rebalance recommendations; "ignore" also drops the rule. */
  rebalance: RebalanceMode;
  drain: DrainSettingsInput;
  /** Lambda timeout of one drain run (≤ 900 s); longer drains continue in later runs. */
  functionTimeoutSeconds: number;
  /** The drain queue's visibility timeout; defaults to the function timeout plus a margin (see drain-numbers.ts). */
  visibilityTimeoutSeconds?: number;
}

type DrainInfraConfigInput = Partial<Omit<DrainInfraConfig, "hook">> & { hook?: Partial<HookConfig> };

const DRAIN_DEFAULTS = {
  hook: CONFIG_DEFAULTS.hook,
  rebalance: CONFIG_DEFAULTS.rebalance,
  functionTimeoutSeconds: CONFIG_DEFAULTS.functionTimeoutSeconds,
} as const satisfies Pick<DrainInfraConfig, "hook" | "rebalance" | "functionTimeoutSeconds">;

/** The Kubernetes group the drain role's access entries map to; core's DRAINER_GROUP, whose RBAC bootstrap applies. */
const DRAINER_GROUP = "caretaker:drainer";

/**
 * Core's defaults for the settings infra reads (packages/core/src/drain/config.ts). Infra needs them to size the
 * queue and check the hook before anything is deployed; test/infra/drain-config.test.ts compares them with core.
 */
const CORE_DRAIN_DEFAULTS = {
  safetyMarginSeconds: 30,
  lifecycle: { deadlineSeconds: 3600 },
  spotInterruption: { deadlineSeconds: 100 },
  rebalanceRecommendation: { deadlineSeconds: 600, onDeadline: "stop", mode: "cordon-only" },
  stateChange: { deadlineSeconds: 90 },
  scheduledChange: { deadlineSeconds: 1800 },
} as const;

/** Fills every default; values are not checked here (drain-plan.ts reports every problem at once). */
function resolveDrainConfig(input: DrainInfraConfigInput = {}): DrainInfraConfig {
  return {
    clusters: [...(input.clusters ?? [])],
    autoScalingGroups: [...(input.autoScalingGroups ?? [])],
    hook: { ...DRAIN_DEFAULTS.hook, ...input.hook },
    rebalance: input.rebalance ?? DRAIN_DEFAULTS.rebalance,
    drain: { ...input.drain },
    functionTimeoutSeconds: input.functionTimeoutSeconds ?? DRAIN_DEFAULTS.functionTimeoutSeconds,
    ...(input.visibilityTimeoutSeconds !== undefined ? { visibilityTimeoutSeconds: input.visibilityTimeoutSeconds } : {}),
  };
}

export { CORE_DRAIN_DEFAULTS, DRAIN_DEFAULTS, DRAINER_GROUP, resolveDrainConfig };
export type { DrainInfraConfig, DrainInfraConfigInput, DrainSettingsInput, HookConfig, HookDefaultResult, OnDeadline, RebalanceMode, TriggerSettingsInput };
