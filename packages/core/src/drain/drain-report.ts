import type { Report, Severity } from "../notify/report";
import type { DrainResult } from "./drain-node";

interface DrainReportContext {
  /** Human description of what triggered the drain ("Auto Scaling terminate hook", "Spot interruption", "manual"). */
  trigger: string;
  eventId: string;
  instanceId?: string;
  account?: string;
  region?: string;
  /** What happened to the lifecycle action, when there was one. */
  lifecycle?: string;
  /** First time the event was seen (drains can span several runs), clock ms. */
  firstSeenAt: number;
}

const SEVERITY: Record<DrainResult["outcome"], Severity> = {
  drained: "success",
  "dry-run": "info",
  "node-not-found": "warning",
  "in-progress": "info",
  "timed-out": "error",
  failed: "error",
  refused: "error",
};

const TITLE: Record<DrainResult["outcome"], (node: string, result: DrainResult) => string> = {
  drained: (node) => `Drained ${node}`,
  "dry-run": (node, result) => `Dry run: would evict ${result.pending.length} pod(s) from ${node}`,
  "node-not-found": (node) => `Node ${node} was already gone`,
  "in-progress": (node, result) => `Still draining ${node}: ${result.pending.length} pod(s) left`,
  "timed-out": (node, result) => `Drain of ${node} hit its deadline with ${result.pending.length} pod(s) left`,
  failed: (node, result) => `Drain of ${node} failed for ${result.failed.length} pod(s)`,
  refused: (node) => `Drain of ${node} refused: pods that may not be removed`,
};

function seconds(ms: number): string {
  const total = Math.max(0, Math.round(ms / 1000));
  return total >= 120 ? `${Math.floor(total / 60)} min ${total % 60} s` : `${total} s`;
}

/** The notification for a finished (or refused) drain: success and failure alike, with every pod accounted for. */
function drainReport(result: DrainResult, context: DrainReportContext): Report {
  const nextSteps: string[] = [];
  if (result.pdbMisconfigured.length > 0) nextSteps.push("Fix the PodDisruptionBudgets that select the same pods: eviction refuses pods covered by more than one PDB");
  if (result.pending.some((pending) => pending.reason.startsWith("pdb-blocked"))) nextSteps.push("Check the PodDisruptionBudgets that block eviction (kubectl get pdb -A) and whether replacements can schedule");
  if (result.outcome === "refused") nextSteps.push("Add controllers to the listed pods, or enable force / emptyDir deletion in the drain options");
  if (result.failed.length > 0) nextSteps.push("Read the failure of each pod below; RBAC denials name the missing verb");
  return {
    kind: "drain",
    severity: SEVERITY[result.outcome],
    title: `${TITLE[result.outcome](result.node, result)} (${result.cluster})`,
    summary: `${context.trigger} on cluster ${result.cluster}: ${result.evicted.length} evicted, ${result.deleted.length + result.forceDeleted.length} deleted, ${result.skipped.length} skipped, ${result.pending.length} pending, ${result.failed.length} failed.`,
    cluster: result.cluster,
    ...(context.account ? { account: context.account } : {}),
    ...(context.region ? { region: context.region } : {}),
    facts: [
      { label: "Node", value: result.node },
      ...(context.instanceId ? [{ label: "Instance", value: context.instanceId }] : []),
      { label: "Trigger", value: context.trigger },
      { label: "Outcome", value: result.outcome },
      { label: "Duration", value: seconds(result.finishedAt - context.firstSeenAt) },
      ...(context.lifecycle ? [{ label: "Lifecycle action", value: context.lifecycle }] : []),
    ],
    sections: [
      { title: "Evicted", items: result.evicted },
      { title: "Deleted", items: [...result.deleted, ...result.forceDeleted.map((pod) => `${pod} (forced at the deadline)`)] },
      { title: "Pending", items: result.pending.map((pending) => `${pending.pod}: ${pending.reason}`) },
      { title: "Failed", items: result.failed.map((failure) => `${failure.pod}: ${failure.error}`) },
      { title: "Skipped", items: result.skipped.map((skip) => `${skip.pod}: ${skip.message ?? skip.reason}`) },
      { title: "Warnings", items: [...result.warnings, ...result.errors] },
    ].filter((section) => section.items.length > 0),
    nextSteps,
    relatedResources: context.instanceId ? [context.instanceId] : [],
    fingerprint: `drain/${context.account ?? "-"}/${context.region ?? "-"}/${result.cluster}/${context.instanceId ?? result.node}/${context.eventId}`,
    occurredAt: new Date(result.finishedAt),
  };
}

/** The alert for a queue message that is not a drain trigger: acknowledged (retrying cannot fix it), but said. */
function invalidTriggerReport(input: { messageId: string; problems: string[]; body: string; occurredAt: Date; region?: string; account?: string }): Report {
  return {
    kind: "drain",
    severity: "warning",
    title: "Caretaker received a drain message it cannot read",
    summary: "A message on the drain queue is not an event Caretaker drains for. It was logged and removed from the queue; check the EventBridge rules and anything else that sends to the queue.",
    ...(input.account ? { account: input.account } : {}),
    ...(input.region ? { region: input.region } : {}),
    facts: [{ label: "SQS message", value: input.messageId }],
    sections: [
      { title: "Problems", items: input.problems },
      { title: "Message (start)", items: [input.body.slice(0, 500)] },
    ],
    nextSteps: ["Compare the message with the accepted event kinds listed above"],
    fingerprint: `drain-invalid/${input.messageId}`,
    occurredAt: input.occurredAt,
  };
}

/**
 * A terminate action of Caretaker's hook on a group the stage does not manage (the hook was added by hand, the group
 * was excluded, or its tag was removed): the drain's IAM cannot complete it, so the drain leaves it alone and says so
 * once; the instance waits for the hook's heartbeat timeout, then Auto Scaling applies the hook's default result.
 */
function unmanagedGroupReport(input: {
  group: string;
  hookName: string;
  instanceId: string;
  eventId: string;
  tag: { key: string; value: string };
  /** The tag's value on the group when it names another stage; absent when the group has no such tag. */
  found?: string;
  /** What made it clear: the tag check before the drain, or IAM refusing the completion. */
  reason: "tag" | "denied";
  occurredAt: Date;
  region?: string;
  account?: string;
}): Report {
  const tagged = input.found === undefined ? `does not carry the tag ${input.tag.key}=${input.tag.value}` : `is tagged ${input.tag.key}=${input.found}, another stage's, not ${input.tag.value}`;
  const why =
    input.reason === "denied"
      ? `IAM refused to complete its lifecycle action: the drain may complete actions only on groups tagged ${input.tag.key}=${input.tag.value}.`
      : `It ${tagged}, so this stage's drain may not complete its lifecycle actions (IAM is scoped by that tag).`;
  // "tag" is checked before anything is done; "denied" comes from the completion, after whatever the drain did.
  const done = input.reason === "denied" ? "Whatever the drain did to the node stands; only the lifecycle action was not completed" : "Nothing was drained or completed";
  return {
    kind: "drain",
    severity: "warning",
    title: `Auto Scaling group ${input.group} is not managed by this stage (${input.tag.value})`,
    summary: `Instance ${input.instanceId} of ${input.group} is terminating through the "${input.hookName}" hook, but ${input.group} is not one of this stage's Auto Scaling groups. ${why} ${done}; the instance waits for the hook's heartbeat timeout, then Auto Scaling applies the hook's default result. The message was removed from the queue.`,
    ...(input.account ? { account: input.account } : {}),
    ...(input.region ? { region: input.region } : {}),
    facts: [
      { label: "Auto Scaling group", value: input.group },
      { label: "Instance", value: input.instanceId },
      { label: "Lifecycle hook", value: input.hookName },
      { label: "Expected tag", value: `${input.tag.key}=${input.tag.value}` },
    ],
    nextSteps: [
      `Add ${input.group} to autoScalingGroups in CARETAKER_CONFIG (or remove it from autoScalingGroups.exclude) and redeploy: the deploy tags it and owns its hook`,
      `or remove the hook: aws autoscaling delete-lifecycle-hook --auto-scaling-group-name ${input.group} --lifecycle-hook-name ${input.hookName}`,
    ],
    relatedResources: [input.instanceId],
    fingerprint: `drain-unmanaged/${input.group}/${input.eventId}`,
    occurredAt: input.occurredAt,
  };
}

export { drainReport, invalidTriggerReport, unmanagedGroupReport };
export type { DrainReportContext };
