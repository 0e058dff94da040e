import { z } from "zod";
import { FailurePolicySchema } from "../lifecycle/failure-policy";
import { DrainOptionsSchema } from "./options";

/** Per-trigger drain settings: how long the drain may take from the event, and what to do at that deadline. */
const TriggerSettingsSchema = z.strictObject({
  /** Seconds from the event's time after which the deadline policy applies. */
  deadlineSeconds: z.number().int().min(10),
  onDeadline: z.enum(["stop", "force-delete"]),
});

/**
 * The drain's configuration (part of Caretaker's one configuration). Defaults: lifecycle hooks get an hour and, on
 * failure, are left to time out to the hook's default result (NTH's behaviour); Spot interruptions have two minutes,
 * so pods left at 100 s are force-deleted (grace ≥ 1 s) before the instance disappears; rebalance recommendations
 * cordon only, since the instance may well keep running.
 */
const DrainConfigSchema = z.strictObject({
  /** Cluster used when an instance's tags name none. */
  defaultCluster: z.string().optional(),
  /** kubectl-style options shared by every trigger (NTH defaults). */
  options: DrainOptionsSchema.partial().default({}),
  lifecycle: TriggerSettingsSchema.extend({ failurePolicy: FailurePolicySchema }).default({ deadlineSeconds: 3600, onDeadline: "stop", failurePolicy: "leave" }),
  spotInterruption: TriggerSettingsSchema.default({ deadlineSeconds: 100, onDeadline: "force-delete" }),
  rebalanceRecommendation: TriggerSettingsSchema.extend({ mode: z.enum(["drain", "cordon-only", "ignore"]) }).default({ deadlineSeconds: 600, onDeadline: "stop", mode: "cordon-only" }),
  stateChange: TriggerSettingsSchema.default({ deadlineSeconds: 90, onDeadline: "force-delete" }),
  scheduledChange: TriggerSettingsSchema.default({ deadlineSeconds: 1800, onDeadline: "stop" }),
  manual: TriggerSettingsSchema.default({ deadlineSeconds: 3600, onDeadline: "stop" }),
  /** Notify on every finished drain, or only when something went wrong. */
  notify: z.enum(["always", "failures"]).default("always"),
  /** Lambda time kept in reserve for hand-off (heartbeat, notification) before the run's budget ends. */
  safetyMarginSeconds: z.number().int().min(5).default(30),
  /**
   * Longest time from a run's hand-off (its budget ends, a few seconds before the Lambda timeout) to the next
   * delivery: the queue's visibility timeout minus the function timeout, plus a cold start. Must stay below the
   * hook's heartbeat timeout, or the action would expire between runs.
   */
  redeliverySeconds: z.number().int().min(1).default(120),
});

type DrainConfig = z.output<typeof DrainConfigSchema>;
type DrainConfigInput = z.input<typeof DrainConfigSchema>;

function drainConfig(input: DrainConfigInput = {}): DrainConfig {
  const parsed = DrainConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid drain configuration: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return parsed.data;
}

export { drainConfig, DrainConfigSchema };
export type { DrainConfig, DrainConfigInput };
