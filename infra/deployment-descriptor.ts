import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
// The descriptor module alone (zod only): `@caretaker/core/deployment` also exports the loader, which brings the SSM SDK.
import { type Deployment, DeploymentSchema, deploymentParameterName } from "@caretaker/core/deployment/descriptor";
import { DRAINER_GROUP } from "./drain-config";
import { drainForceDeletes } from "./drain-force-delete";
import type { DrainGroupTag } from "./drain-tag";
import { READER_GROUP } from "./image-gc-config";
import type { CaretakerPlans } from "./plans";
import { scheduleRecurrence } from "./schedule-recurrence";

/**
 * The deployment descriptor (core's `Deployment`) from what a deploy created, as plain data: infra resolves the
 * Pulumi outputs, then calls these. The operator commands (`caretaker doctor`, `invoke`, `bootstrap`) read it from
 * SSM with the operator's credentials; no function reads it, so no function's IAM mentions it.
 */

interface DeploymentFacts {
  stage: string;
  region: string;
  /** Each function's name and execution role (`fn.nodes.role.arn`). */
  functions: Deployment["functions"];
  drainQueueUrl: string;
  deadLetterQueueUrl: string;
  alertsTopicArn: string;
  stateTable: string;
  /** The configuration deployed, discovery resolved. */
  config: Pick<ResolvedCaretakerConfig, "clusters" | "autoScalingGroups" | "hook" | "rebalance" | "drain" | "vpc" | "gc" | "drift">;
  /**
   * The plans that created the rules, schedules and access entries (plans.ts), so the descriptor says what was
   * deployed rather than re-deriving it.
   */
  plans: Pick<CaretakerPlans, "imageGc" | "drift"> & { drain: Pick<CaretakerPlans["drain"], "rules"> };
  /** Whether CARETAKER_CONFIG asked to discover the clusters' Auto Scaling groups (re-deploys pick up new ones). */
  discoverAutoScalingGroups: boolean;
  /**
   * The groups of `config.autoScalingGroups` CARETAKER_CONFIG names (load-config's `namedAutoScalingGroups`); the
   * discovered rest is not recorded (doctor re-discovers it). All of them when nothing was discovered.
   */
  namedAutoScalingGroups: readonly string[];
  /** The tag the deploy puts on each managed group (drain-tag.ts). */
  groupTag: DrainGroupTag;
  /** CARETAKER_CONFIG's exclude lists: `clusters.exclude` (with discovery) and `autoScalingGroups.exclude`. */
  excluded: { clusters: readonly string[]; autoScalingGroups: readonly string[] };
  /** When the deploy runs: the schedules' longest intervals count the runs from then on. */
  deployedAt: Date;
}

/**
 * The parameter's type and tier. Intelligent-Tiering: Standard (free, 4 KB) while it fits, Advanced (8 KB) when many
 * clusters and groups need it, without a failed deploy in between. Plain values: deployment.ts declares the parameter
 * with them, not through the value's Output.
 */
const PARAMETER_SETTINGS = { type: "String", tier: "Intelligent-Tiering" } as const;

/** SSM's limit for an Advanced parameter; up to 4 KB the parameter stays Standard (free), see deploymentParameter. */
const PARAMETER_MAX_CHARS = 8192;

/** The descriptor, checked against the schema the CLI reads it with: a deploy fails rather than publish one it refuses. */
function describeDeployment(facts: DeploymentFacts): Deployment {
  const { config } = facts;
  const { imageGc, drift } = facts.plans;
  const parsed = DeploymentSchema.safeParse({
    version: 1,
    stage: facts.stage,
    region: facts.region,
    functions: facts.functions,
    drain: {
      queueUrl: facts.drainQueueUrl,
      deadLetterQueueUrl: facts.deadLetterQueueUrl,
      hookName: config.hook.name,
      autoScalingGroups: [...facts.namedAutoScalingGroups],
      discoverAutoScalingGroups: facts.discoverAutoScalingGroups,
      excludedAutoScalingGroups: [...facts.excluded.autoScalingGroups],
      groupTag: { key: facts.groupTag.key, value: facts.groupTag.value },
      forceDelete: drainForceDeletes(config, facts.plans.drain.rules),
    },
    imageGc: { schedule: scheduleRecurrence(imageGc.schedule, facts.deployedAt), clusters: imageGc.scannedClusters, accessEntryClusters: imageGc.accessClusters },
    drift: { schedule: scheduleRecurrence(drift.schedule, facts.deployedAt), clusters: drift.checkedClusters, accessEntryClusters: drift.accessClusters },
    // infra/index.ts gives the probe's role its entries on the drain's clusters.
    probe: { accessEntryClusters: [...config.clusters] },
    alertsTopicArn: facts.alertsTopicArn,
    stateTable: facts.stateTable,
    clusters: [...config.clusters],
    excludedClusters: [...facts.excluded.clusters],
    kubernetesGroups: { drainer: DRAINER_GROUP, reader: READER_GROUP },
    ...(config.vpc ? { network: { subnetIds: [...config.vpc.subnetIds], securityGroupIds: [...config.vpc.securityGroupIds] } } : {}),
  });
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new Error(`The deployment descriptor would not be readable by the CLI (${fields}); nothing was published`);
  }
  return parsed.data;
}

/** The SSM String parameter holding it, `/caretaker/<stage>/deployment`, with PARAMETER_SETTINGS. */
function deploymentParameter(deployment: Deployment) {
  const value = JSON.stringify(deployment);
  if (value.length > PARAMETER_MAX_CHARS) {
    throw new Error(`The deployment descriptor is ${value.length} characters, over SSM's ${PARAMETER_MAX_CHARS}: too many clusters and listed Auto Scaling groups for one parameter (discovered groups are not recorded: "autoScalingGroups": { "discover": true } instead of listing them keeps it small)`);
  }
  return {
    name: deploymentParameterName(deployment.stage),
    ...PARAMETER_SETTINGS,
    value,
    description: `Caretaker stage ${deployment.stage}: its functions, roles, queues and topic, for the caretaker CLI`,
  };
}

export { deploymentParameter, describeDeployment, PARAMETER_MAX_CHARS, PARAMETER_SETTINGS };
export type { DeploymentFacts };
