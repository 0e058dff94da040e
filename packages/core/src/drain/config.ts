import { z } from "zod";
import { FailurePolicySchema } from "../lifecycle/failure-policy";
import { DrainOptionsSchema } from "./options";

/** Per-trigger drain settings: how long the drain may take from the event, and what to do at that deadline. */
const TriggerSettingsSchema = z.strictObject({
  deadlineSeconds: z.number().int().min(10).meta({ description: "Seconds from the event's time after which the deadline policy applies." }),
  onDeadline: z.enum(["stop", "force-delete"]).meta({ description: '"stop" (report the pods left) or "force-delete" (delete them with a grace period of at least 1 s, bypassing PodDisruptionBudgets).' }),
});

/**
 * The drain's configuration (the `drain` key of Caretaker's one configuration, `@caretaker/core/config`). Defaults:
 * lifecycle hooks get an hour and, on failure, are left to time out to the hook's default result (NTH's behaviour);
 * Spot interruptions have two minutes, so pods left at 100 s are force-deleted (grace ≥ 1 s) before the instance
 * disappears; rebalance recommendations cordon only, since the instance may well keep running.
 */
const DrainConfigSchema = z.strictObject({
  defaultCluster: z.string().optional().meta({ description: "Cluster used when an instance's tags (and its Auto Scaling group's) name none." }),
  options: DrainOptionsSchema.partial().default({}).meta({ description: "kubectl-style options shared by every trigger (aws-node-termination-handler's defaults)." }),
  lifecycle: TriggerSettingsSchema.extend({
    failurePolicy: FailurePolicySchema.meta({ description: 'When the drain fails or times out: "leave" the lifecycle action to time out to the hook\'s default result, "abandon" it, or "continue" it now.' }),
  })
    .default({ deadlineSeconds: 3600, onDeadline: "stop", failurePolicy: "leave" })
    .meta({ description: "Terminate lifecycle actions of the managed Auto Scaling groups." }),
  spotInterruption: TriggerSettingsSchema.default({ deadlineSeconds: 100, onDeadline: "force-delete" }).meta({ description: "EC2 Spot Instance Interruption Warnings (the instance is reclaimed about 2 minutes after the warning)." }),
  rebalanceRecommendation: TriggerSettingsSchema.extend({
    mode: z.enum(["drain", "cordon-only", "ignore"]).meta({ description: '"drain", "cordon-only" or "ignore" the recommendation.' }),
  })
    .default({ deadlineSeconds: 600, onDeadline: "stop", mode: "cordon-only" })
    .meta({ description: "EC2 Instance Rebalance Recommendations (the instance is at elevated risk of interruption)." }),
  stateChange: TriggerSettingsSchema.default({ deadlineSeconds: 90, onDeadline: "force-delete" }).meta({ description: "EC2 instances changing to stopping or shutting-down." }),
  scheduledChange: TriggerSettingsSchema.default({ deadlineSeconds: 1800, onDeadline: "stop" }).meta({ description: "AWS Health scheduled changes of EC2 instances (retirement, maintenance)." }),
  manual: TriggerSettingsSchema.default({ deadlineSeconds: 3600, onDeadline: "stop" }).meta({ description: "Drains requested by a person (`caretaker drain --remote`, direct invocation)." }),
  notify: z.enum(["always", "failures"]).default("always").meta({ description: "Notify on every finished drain, or only when something went wrong." }),
  safetyMarginSeconds: z.number().int().min(5).default(30).meta({ description: "Lambda time kept in reserve for hand-off (heartbeat, notification) before a run's budget ends." }),
  redeliverySeconds: z
    .number()
    .int()
    .min(1)
    .default(120)
    .meta({
      description:
        "Longest time from a run's hand-off (its budget ends, a few seconds before the Lambda timeout) to the next delivery: the queue's visibility timeout minus the function timeout, plus a cold start. Must stay below the hook's heartbeat timeout, or the action would expire between runs.",
    }),
});

type DrainConfig = z.output<typeof DrainConfigSchema>;
type DrainConfigInput = z.input<typeof DrainConfigSchema>;

function drainConfig(input: DrainConfigInput = {}): DrainConfig {
  const parsed = DrainConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid drain configuration: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return parsed.data;
}

export { drainConfig, DrainConfigSchema, TriggerSettingsSchema };
export type { DrainConfig, DrainConfigInput };
