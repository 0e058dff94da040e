import { z } from "zod";

/**
 * What one deployed Caretaker stage is made of, published by infra (infra/deployment.ts) as the SSM String parameter
 * `deploymentParameterName(stage)`, so operator commands (`caretaker doctor`, `invoke`, `bootstrap`) find a stage's
 * functions, roles, queues and topic from its name alone: no copying of `sst deploy` outputs between machines.
 * Only names and ARNs — nothing secret.
 */
const FunctionRefSchema = z.strictObject({
  /** The Lambda function's name (what Invoke takes). */
  name: z.string().min(1),
  /** Its execution role; the principal of its EKS access entries. */
  roleArn: z.string().startsWith("arn:"),
});

const ClusterNamesSchema = z.array(z.string().min(1));

/** When a scheduled function runs, as infra deployed it (infra/schedule-recurrence.ts computes the interval). */
const ScheduleSchema = z.strictObject({
  /** The EventBridge Scheduler expression, evaluated in UTC: `rate(…)`, `cron(…)` or `at(…)`. */
  expression: z.string().min(1),
  /**
   * The longest time between two consecutive runs, in seconds: a rate's own interval, or the longest gap between a
   * cron's consecutive fire times from the deploy on. Null when it runs at most once from the deploy on (`at(…)`, or
   * a cron whose years end).
   */
  longestIntervalSeconds: z.number().int().positive().nullable(),
});

/** A scheduled function's schedule, the clusters it works on and where the deploy mapped its role. */
const ScheduledFunctionSchema = z.strictObject({
  schedule: ScheduleSchema,
  /** The clusters it works on: these, or "all" — every cluster of the Region, as eks:ListClusters answers at each run. */
  clusters: z.union([ClusterNamesSchema, z.literal("all")]),
  /**
   * The clusters where the deploy created its role's access entry (the reader group). With "all" clusters, any other
   * cluster of the Region needs one from `caretaker bootstrap`.
   */
  accessEntryClusters: ClusterNamesSchema,
});

const DeploymentSchema = z.strictObject({
  /** Bumped when a field changes meaning, so an older CLI refuses a newer stage instead of misreading it. */
  version: z.literal(1),
  stage: z.string().min(1),
  region: z.string().min(1),
  functions: z.strictObject({
    drain: FunctionRefSchema,
    imageGc: FunctionRefSchema,
    drift: FunctionRefSchema,
    probe: FunctionRefSchema,
  }),
  drain: z.strictObject({
    queueUrl: z.string().url(),
    deadLetterQueueUrl: z.string().url(),
    /** The terminate lifecycle hook every managed Auto Scaling group must carry. */
    hookName: z.string().min(1),
    /**
     * The Auto Scaling groups the configuration names (`autoScalingGroups`, or its `names` but the excluded). Discovered
     * groups are not listed — the descriptor would outgrow SSM's 8 KB with a few hundred — `caretaker doctor` finds them
     * again as the deploy did (discovery's tag rules, managed node groups left out).
     */
    autoScalingGroups: z.array(z.string()),
    /**
     * Also every self-managed group tagged for one of `clusters` (`kubernetes.io/cluster/<name>` = owned | shared, or
     * `eks:cluster-name`), as the deploy discovered them.
     */
    discoverAutoScalingGroups: z.boolean(),
    /** Groups never hooked even when listed or tagged for a managed cluster (`autoScalingGroups.exclude`). */
    excludedAutoScalingGroups: z.array(z.string()),
    /**
     * The tag the deploy put on every managed group (`caretaker:drain` = `<app>-<stage>`): the drain's IAM lets it
     * complete lifecycle actions only on groups carrying it, so a hooked group without it is not drained.
     */
    groupTag: z.strictObject({ key: z.string().min(1), value: z.string().min(1) }),
    /**
     * Whether the deployed drain may delete pods — an enabled trigger's deadline policy is "force-delete", or the drain
     * options disable eviction — so the drainer's RBAC must grant `pods delete` (`caretaker bootstrap` applies it).
     */
    forceDelete: z.boolean(),
  }),
  /** Image GC: its schedule, the clusters whose workloads it scans and its access entries. */
  imageGc: ScheduledFunctionSchema,
  /** Drift: its schedule, the clusters it checks and its access entries. */
  drift: ScheduledFunctionSchema,
  /**
   * The probe: where the deploy gave its role an access entry with no Kubernetes group (authenticated only: it may
   * read /version and review itself, nothing else), the drain's clusters. On any other cluster it answers 401 until
   * `caretaker bootstrap --stage` creates one.
   */
  probe: z.strictObject({ accessEntryClusters: ClusterNamesSchema }),
  alertsTopicArn: z.string().startsWith("arn:"),
  stateTable: z.string().min(1),
  /**
   * The configuration's top-level `clusters`, discovery resolved: the drain works on exactly these, and the deploy
   * created its role's access entry (the drainer group) on each. Empty means none — nothing is routed to the drain —
   * never "every cluster". Image GC and drift say theirs in `imageGc` and `drift`.
   */
  clusters: ClusterNamesSchema,
  /** Clusters the discovery left out (`clusters.exclude`); empty when the clusters are listed. */
  excludedClusters: ClusterNamesSchema,
  /** The Kubernetes groups the access entries map each role to (their RBAC is `caretaker rbac`). */
  kubernetesGroups: z.strictObject({ drainer: z.string().min(1), reader: z.string().min(1) }),
  /** Set when the functions run in the VPC of clusters with private endpoints; absent otherwise. */
  network: z.strictObject({ subnetIds: z.array(z.string()), securityGroupIds: z.array(z.string()) }).optional(),
});

type Deployment = z.infer<typeof DeploymentSchema>;
type FunctionRef = z.infer<typeof FunctionRefSchema>;
type DeployedSchedule = z.infer<typeof ScheduleSchema>;
type ScheduledFunction = z.infer<typeof ScheduledFunctionSchema>;

/** The SSM parameter a stage's descriptor lives in. */
function deploymentParameterName(stage: string): string {
  return `/caretaker/${stage}/deployment`;
}

export { DeploymentSchema, deploymentParameterName };
export type { DeployedSchedule, Deployment, FunctionRef, ScheduledFunction };
