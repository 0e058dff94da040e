import { z } from "zod";
import { ClusterName } from "./config";

/** What the schedule sends (CronV2's `event`): check every cluster, notify news, send the digest when due. */
const ScheduledRun = z.strictObject({ trigger: z.literal("schedule") });

/** Someone invoking the function: report (default) or, with `remember`, also record and notify like the schedule. */
const ManualRun = z.strictObject({
  clusters: z.array(ClusterName).min(1, "name at least one cluster, or leave `clusters` out for all").max(100).optional(),
  remember: z.boolean().default(false),
});

/** EventBridge: an EKS version change recorded by CloudTrail (UpdateClusterVersion, UpdateNodegroupVersion). */
const CloudTrailVersionChange = z.looseObject({
  source: z.literal("aws.eks"),
  "detail-type": z.literal("AWS API Call via CloudTrail"),
  detail: z.looseObject({
    eventName: z.enum(["UpdateClusterVersion", "UpdateNodegroupVersion"]),
    requestParameters: z.looseObject({ name: ClusterName.optional(), clusterName: ClusterName.optional() }),
  }),
});

/** EventBridge: an AWS Health event about EKS (planned lifecycle events name the clusters they affect). */
const HealthEvent = z.looseObject({
  source: z.literal("aws.health"),
  "detail-type": z.literal("AWS Health Event"),
  resources: z.array(z.string()).default([]),
  detail: z.looseObject({
    service: z.literal("EKS"),
    eventTypeCode: z.string(),
    affectedEntities: z.array(z.looseObject({ entityValue: z.string().optional(), entityArn: z.string().optional() })).default([]),
  }),
});

const DriftTriggerSchema = z.union([ScheduledRun, CloudTrailVersionChange, HealthEvent, ManualRun]);

/** What a drift run was asked to do. */
interface DriftRequest {
  reason: "schedule" | "version-change" | "health-event" | "manual";
  /** Only these clusters; all of the Region when absent. */
  clusters?: string[];
  /** Record findings and notify news (the schedule and events do; a manual run only with `remember`). */
  remember: boolean;
  /** Consider sending the periodic digest (the schedule only). */
  digest: boolean;
}

/** `arn:aws:eks:eu-west-1:111122223333:cluster/prod` → "prod"; a bare valid name stays as it is. */
function clusterFromEntity(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const arn = /^arn:aws[a-z-]*:eks:[a-z0-9-]+:\d{12}:cluster\/([^/]+)$/.exec(value);
  if (arn) return arn[1];
  return ClusterName.safeParse(value).success ? value : undefined;
}

/** Turns a parsed trigger into a request; an event that names no cluster this run could check is an empty request. */
function driftRequest(trigger: z.output<typeof DriftTriggerSchema>): DriftRequest {
  if ("trigger" in trigger) return { reason: "schedule", remember: true, digest: true };
  if ("source" in trigger && trigger.source === "aws.eks") {
    const name = trigger.detail.requestParameters.name ?? trigger.detail.requestParameters.clusterName;
    return { reason: "version-change", clusters: name ? [name] : [], remember: true, digest: false };
  }
  if ("source" in trigger && trigger.source === "aws.health") {
    const named = [...trigger.resources, ...trigger.detail.affectedEntities.flatMap((entity) => [entity.entityArn, entity.entityValue])].map((value) => clusterFromEntity(value ?? undefined));
    return { reason: "health-event", clusters: [...new Set(named.filter((name): name is string => name !== undefined))], remember: true, digest: false };
  }
  const manual = trigger as z.output<typeof ManualRun>;
  return { reason: "manual", ...(manual.clusters ? { clusters: manual.clusters } : {}), remember: manual.remember, digest: false };
}

export { DriftTriggerSchema, driftRequest };
export type { DriftRequest };
