import { z } from "zod";
// Deep imports only: infra imports this module and type-checks it without Node's or the DOM's types, and the deploy
// bundles it, so nothing here may reach the SDK clients, the Kubernetes client or Node APIs.
import { DrainConfigSchema, TriggerSettingsSchema } from "../drain/config";
import { DEFAULT_HOOK_NAME } from "../drift/findings/hook-findings";
import { ClusterName, DriftConfigSchema } from "../drift/run/config";
import { GcConfigSchema } from "../image-gc/run/config";

/**
 * Caretaker's one configuration: the JSON in CARETAKER_CONFIG, read by `sst deploy` (infra) and, key by key, by the
 * functions (each gets its part: `drain`, `gc`, `drift`). Strict (an unknown key is an error, never ignored), every
 * field described (`.meta`) and defaulted here, so docs/configuration.md is generated from this schema
 * (`npm run docs:config`). The capability settings are core's own schemas, so what a function would refuse at its
 * first run is refused at deploy instead.
 */

/** The deploy-level defaults (the capabilities' own are in their schemas). */
const CONFIG_DEFAULTS = {
  hook: { heartbeatTimeoutSeconds: 300, defaultResult: "CONTINUE", name: DEFAULT_HOOK_NAME },
  rebalance: "cordon-only",
  functionTimeoutSeconds: 900,
  /** Image GC: once a day (EventBridge Scheduler, UTC). */
  gcSchedule: "rate(1 day)",
  /** Drift: daily, early in the European morning, so findings arrive before the working day. */
  driftSchedule: "cron(0 5 * * ? *)",
} as const;

const REBALANCE_MODES = ["drain", "cordon-only", "ignore"] as const;

/** Auto Scaling group names: 1–255 characters (CreateAutoScalingGroup). */
const AutoScalingGroupName = z.string().min(1, "must be an Auto Scaling group name (1 to 255 characters)").max(255, "must be an Auto Scaling group name (1 to 255 characters)");
/** Lifecycle hook names (PutLifecycleHook): 1–255 of letters, digits, - _ /. */
const HookName = z.string().regex(/^[A-Za-z0-9\-_/]{1,255}$/, "must be a lifecycle hook name (1 to 255 of letters, digits, - _ /)");
const Region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/, 'must be an AWS Region code such as "eu-west-1"');
const SubnetId = z.string().regex(/^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a subnet ID such as "subnet-0123456789abcdef0"');
const SecurityGroupId = z.string().regex(/^sg-[0-9a-f]{8}([0-9a-f]{9})?$/, 'must be a security group ID such as "sg-0123456789abcdef0"');
const Email = z.email({ error: "must be an e-mail address" });
/** An EventBridge Scheduler expression (CronV2); its syntax and rate are checked by infra's plans before anything is deployed. */
const Schedule = z.string();

function noDuplicates(values: readonly string[], context: z.RefinementCtx): void {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index) context.addIssue({ code: "custom", path: [index], message: `"${value}" is listed twice` });
  });
}

const ClustersSchema = z
  .union(
    [
      z.array(ClusterName).superRefine(noDuplicates),
      z.strictObject({
        discover: z.literal(true, { error: "must be true; to manage some clusters only, give their names as a list instead" }).meta({ description: "Manage every EKS cluster of the account and Region, as ListClusters answers at deploy time (re-deploy to pick up new clusters). Each must use authentication mode API or API_AND_CONFIG_MAP." }),
        exclude: z.array(ClusterName).default([]).meta({ description: "Clusters discovery leaves out." }),
      }),
    ],
    { error: 'must be a list of EKS cluster names, or { "discover": true } (optionally with "exclude")' },
  )
  .default([])
  .meta({
    description:
      'The EKS clusters Caretaker manages: each gets EKS access entries for the drain (caretaker:drainer) and, unless gc.clusters / drift.clusters say otherwise, the image GC and drift (caretaker:reader). A list of names, or { "discover": true } for every cluster of the account and Region. None: the drain deploys with nothing routed to it.',
  });

const AutoScalingGroupsSchema = z
  .union(
    [
      z.array(AutoScalingGroupName).superRefine(noDuplicates),
      z.strictObject({
        names: z.array(AutoScalingGroupName).default([]).meta({ description: "Groups hooked whatever their tags." }),
        discover: z
          .boolean()
          .default(false)
          .meta({
            description:
              "Also hook every Auto Scaling group tagged for one of the managed clusters (kubernetes.io/cluster/<name> = owned or shared, or eks:cluster-name = <name>), found at deploy time (re-deploy to pick up new groups). Groups of EKS managed node groups (tag eks:nodegroup-name) are never hooked: EKS drains those itself.",
          }),
        exclude: z.array(AutoScalingGroupName).default([]).meta({ description: "Groups never hooked, even when listed or discovered." }),
      }),
    ],
    { error: 'must be a list of Auto Scaling group names, or { "names": [...], "discover": true, "exclude": [...] }' },
  )
  .default([])
  .meta({
    description:
      "The Auto Scaling groups (self-managed node groups) that get Caretaker's terminate lifecycle hook, so each termination waits for the drain. A list of names, or an object that can also discover the groups of the managed clusters. Needs clusters.",
  });

const HookSchema = z
  .strictObject({
    heartbeatTimeoutSeconds: z
      .number()
      .int()
      .min(30)
      .max(7200)
      .default(CONFIG_DEFAULTS.hook.heartbeatTimeoutSeconds)
      .meta({ description: "Seconds, 30–7200 (Auto Scaling's limits). Each heartbeat of the drain extends the lifecycle action by this much; the action's global timeout is min(48 h, 100 × this)." }),
    defaultResult: z
      .enum(["CONTINUE", "ABANDON"])
      .default(CONFIG_DEFAULTS.hook.defaultResult)
      .meta({ description: "What Auto Scaling does when an action times out (set explicitly: the API's own default is ABANDON). Both terminate the instance; ABANDON skips the group's other hooks." }),
    name: HookName.default(CONFIG_DEFAULTS.hook.name).meta({ description: "The hook's name on every managed group; drift looks for it too (unless drift.hookName is set)." }),
  })
  .prefault({})
  .meta({ description: "The terminate lifecycle hook Caretaker puts on each managed Auto Scaling group." });

/**
 * The drain's settings as core reads them, except what infra decides from the rest of the configuration: the
 * rebalance mode (top-level `rebalance`, which also decides the event rules) and the redelivery delay (from the
 * queue's numbers).
 */
const DeployDrainSchema = DrainConfigSchema.extend({
  rebalanceRecommendation: TriggerSettingsSchema.extend({
    mode: z.enum(REBALANCE_MODES).optional().meta({ description: 'Set the top-level "rebalance" instead; if given here it must equal it.' }),
  })
    .default({ deadlineSeconds: 600, onDeadline: "stop" })
    .meta({ description: "EC2 Instance Rebalance Recommendations (the instance is at elevated risk of interruption); what is done with them is the top-level rebalance." }),
  redeliverySeconds: z
    .number()
    .int()
    .min(1)
    .optional()
    .meta({ description: "Longest time from a run's hand-off to the next delivery of its message. Default: computed from the queue's visibility timeout and the function timeout; set it only to a larger value." }),
})
  .prefault({})
  .meta({ description: "The drain function's settings: kubectl-style options and, per trigger, the deadline and what happens at it." });

const DeployGcSchema = GcConfigSchema.safeExtend({
  schedule: Schedule.default(CONFIG_DEFAULTS.gcSchedule).meta({ description: "When the image GC runs: an EventBridge Scheduler expression (rate(…), cron(…) or at(…)), in UTC. Rates under 15 minutes (a run's longest time) are refused." }),
})
  .prefault({})
  .meta({ description: "Image garbage collection in ECR. Off until enabled is true: until then every run only plans and reports what it would delete." });

const DeployDriftSchema = DriftConfigSchema.extend({
  hookName: z.string().min(1).max(255).optional().meta({ description: "The terminate lifecycle hook Auto Scaling groups are expected to have. Default: hook.name." }),
  schedule: Schedule.default(CONFIG_DEFAULTS.driftSchedule).meta({ description: "When every cluster is checked: an EventBridge Scheduler expression (rate(…), cron(…) or at(…)), in UTC. Rates under 5 minutes (a run's longest time) are refused." }),
  events: z
    .boolean()
    .default(true)
    .meta({ description: "Also check a cluster when its version changes (CloudTrail, which needs a trail logging management events) or AWS Health announces a scheduled EKS change." }),
})
  .prefault({})
  .meta({ description: "Version drift between each EKS control plane and its nodes, node groups, add-ons and support window; notifications only on news, with a digest." });

const NotificationsSchema = z
  .strictObject({
    emails: z
      .array(Email)
      .superRefine(noDuplicates)
      .default([])
      .meta({ description: "Addresses subscribed to the Alerts topic's e-mail variant (plain text); each must confirm the subscription AWS sends." }),
  })
  .prefault({})
  .meta({ description: "Where notifications go besides the Alerts topic itself (subscribe AWS Chatbot / Amazon Q Developer to the topic for Slack or Teams)." });

const VpcSchema = z
  .strictObject({
    subnetIds: z.array(SubnetId).min(1, "must list at least one subnet").max(16, "Lambda takes at most 16 subnets").meta({ description: "Private subnets the functions run in: they need a route to the clusters' endpoints and to the AWS APIs (a NAT gateway or VPC endpoints)." }),
    securityGroupIds: z
      .array(SecurityGroupId)
      .min(1, "must list at least one security group")
      .max(5, "Lambda takes at most 5 security groups")
      .meta({ description: "Security groups of the functions; each cluster's security group must allow HTTPS (443) from them." }),
  })
  .optional()
  .meta({ description: "Run the functions that talk to clusters (drain, image GC, drift, probe) in these subnets, for clusters with private endpoints. Both lists are needed together." });

const CaretakerConfigSchema = z
  .strictObject({
    region: Region.optional().meta({ description: "The AWS Region this configuration is for. Optional; when set, a deploy to any other Region is refused. Caretaker manages one Region per stage: deploy one stage per Region." }),
    clusters: ClustersSchema,
    autoScalingGroups: AutoScalingGroupsSchema,
    hook: HookSchema,
    rebalance: z
      .enum(REBALANCE_MODES)
      .default(CONFIG_DEFAULTS.rebalance)
      .meta({ description: 'What to do on EC2 rebalance recommendations: "drain", "cordon-only", or "ignore" (which also drops the event rule).' }),
    drain: DeployDrainSchema,
    functionTimeoutSeconds: z
      .number()
      .int()
      .min(1)
      .max(900)
      .default(CONFIG_DEFAULTS.functionTimeoutSeconds)
      .meta({ description: "Lambda timeout of one drain run, 1–900 s; longer drains continue in later runs from the queue." }),
    visibilityTimeoutSeconds: z
      .number()
      .int()
      .min(0)
      .max(43_200)
      .optional()
      .meta({ description: "The drain queue's visibility timeout, at least functionTimeoutSeconds. Default: functionTimeoutSeconds + 30." }),
    gc: DeployGcSchema,
    drift: DeployDriftSchema,
    notifications: NotificationsSchema,
    vpc: VpcSchema,
  })
  .superRefine((config, context) => {
    const groups = config.autoScalingGroups;
    if (!Array.isArray(groups) && groups.discover && Array.isArray(config.clusters) && config.clusters.length === 0) {
      context.addIssue({ code: "custom", path: ["autoScalingGroups", "discover"], message: 'discovers the groups of the managed clusters, but "clusters" is empty: list the clusters, or set "clusters" to { "discover": true }' });
    }
  })
  .meta({ description: "Caretaker's configuration (CARETAKER_CONFIG, JSON). Every key is optional." });

type CaretakerConfig = z.output<typeof CaretakerConfigSchema>;
type CaretakerConfigInput = z.input<typeof CaretakerConfigSchema>;
/** The configuration once discovery has turned `clusters` and `autoScalingGroups` into explicit lists. */
type ResolvedCaretakerConfig = Omit<CaretakerConfig, "clusters" | "autoScalingGroups"> & { clusters: string[]; autoScalingGroups: string[] };

export { CaretakerConfigSchema, CONFIG_DEFAULTS, REBALANCE_MODES };
export type { CaretakerConfig, CaretakerConfigInput, ResolvedCaretakerConfig };
