import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { EC2Client } from "@aws-sdk/client-ec2";
import type { Clock } from "../clock";
import type { ClusterConnection } from "../eks/connection";
import { isAccessDenied } from "../lifecycle/errors";
import { failurePolicy } from "../lifecycle/failure-policy";
import { planRun } from "../lifecycle/plan-run";
import type { LifecycleActionRef, LifecycleActions, LifecycleHookInfo } from "../lifecycle/types";
import type { Notifier } from "../notify/notifier";
import type { Claims } from "../state/claims";
import { cordonNode } from "./cordon";
import type { DrainConfig } from "./config";
import { type DrainResult, drainNode, type ProgressEvent } from "./drain-node";
import { drainReport, unmanagedGroupReport } from "./drain-report";
import { createDrainKube } from "./kube-client";
import type { ManagedGroupTag } from "./group-tag";
import { groupManagement } from "./managed-group";
import { drainOptions } from "./options";
import { describeInstance, type InstanceFacts, resolveCluster, resolveNode } from "./resolve-target";
import type { DrainTrigger, LifecycleTrigger } from "./triggers";

interface DrainLogger {
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
  warn(message: string, ...extra: Array<Record<string, unknown>>): void;
}

interface DrainDeps {
  ec2: EC2Client;
  autoscaling: AutoScalingClient;
  connect(cluster: string): Promise<ClusterConnection>;
  lifecycle: LifecycleActions;
  clock: Clock;
  config: DrainConfig;
  notifier?: Notifier;
  /** At-most-once notifications across duplicate deliveries; without it every finishing delivery notifies. */
  claims?: Claims;
  logger?: DrainLogger;
  /**
   * The tag on the stage's Auto Scaling groups (CARETAKER_DRAIN_GROUP_TAG). The rule routes Caretaker's hook on any
   * group, and IAM lets the drain complete actions only on tagged ones: a lifecycle action of an untagged group is
   * reported once and acknowledged, never drained. Without it every group's action is drained.
   */
  managedGroupTag?: ManagedGroupTag;
}

interface RunContext {
  /** Lambda time left for this run (ms). */
  remainingMs: number;
  /** When the first delivery of this message was received (SQS ApproximateFirstReceiveTimestamp), clock ms. */
  firstSeenAt?: number;
}

/** One instance's drain in this run. */
interface InstanceRun {
  instanceId?: string;
  node?: string;
  cluster?: string;
  /** done: nothing more to do for this trigger; retry-later: leave the message for the next run. */
  status: "done" | "retry-later";
  drain?: DrainResult;
  lifecycle?: string;
  note?: string;
}

interface RunResult {
  trigger: DrainTrigger["kind"];
  status: "done" | "retry-later" | "ignored";
  runs: InstanceRun[];
}

const TRIGGER_NAMES: Record<string, string> = {
  lifecycle: "Auto Scaling terminate lifecycle hook",
  "spot-interruption": "Spot interruption warning",
  "rebalance-recommendation": "EC2 rebalance recommendation",
  "state-change": "EC2 state change",
  "scheduled-change": "AWS Health scheduled change",
  manual: "manual drain",
};

/** Settings for the trigger kind: deadline and what to do at it. */
function settingsFor(trigger: DrainTrigger, config: DrainConfig) {
  switch (trigger.kind) {
    case "lifecycle":
      return config.lifecycle;
    case "spot-interruption":
      return config.spotInterruption;
    case "rebalance-recommendation":
      return config.rebalanceRecommendation;
    case "state-change":
      return config.stateChange;
    case "scheduled-change":
      return config.scheduledChange;
    default:
      return config.manual;
  }
}

/**
 * The drain use-case: from any trigger to drained nodes, a completed lifecycle action and one notification. Each run
 * works until its time budget (Lambda time left, the hook's global timeout) and reports `retry-later` so the message
 * comes back; the next run resumes from the cluster's state. Duplicate or concurrent deliveries are safe: cordon and
 * eviction are idempotent, completing an already-completed action counts as done, and notifications are claimed once.
 */
async function runDrain(trigger: DrainTrigger, context: RunContext, deps: DrainDeps): Promise<RunResult> {
  const log = deps.logger ?? { info: () => undefined, warn: () => undefined };
  if (trigger.kind === "ignored" || trigger.kind === "test-notification") {
    log.info("event acknowledged without draining", { kind: trigger.kind, ...(trigger.kind === "ignored" ? { reason: trigger.reason } : {}) });
    return { trigger: trigger.kind, status: "ignored", runs: [] };
  }
  if (trigger.kind === "rebalance-recommendation" && deps.config.rebalanceRecommendation.mode === "ignore") {
    log.info("rebalance recommendation ignored by configuration", { instanceId: trigger.instanceId });
    return { trigger: trigger.kind, status: "ignored", runs: [] };
  }
  const instanceIds =
    trigger.kind === "scheduled-change" ? trigger.instanceIds : trigger.kind === "lifecycle" ? [trigger.action.instanceId] : trigger.kind === "manual" ? (trigger.instanceId ? [trigger.instanceId] : [undefined]) : [trigger.instanceId];
  const runs: InstanceRun[] = [];
  for (const instanceId of instanceIds) runs.push(await runOne(trigger, instanceId, context, deps));
  return { trigger: trigger.kind, status: runs.some((run) => run.status === "retry-later") ? "retry-later" : "done", runs };
}

async function runOne(trigger: Exclude<DrainTrigger, { kind: "ignored" | "test-notification" }>, instanceId: string | undefined, context: RunContext, deps: DrainDeps): Promise<InstanceRun> {
  const { clock, config } = deps;
  const log = deps.logger ?? { info: () => undefined, warn: () => undefined };
  const now = clock.now();
  const eventAt = "time" in trigger && trigger.time ? Date.parse(trigger.time) : Number.NaN;
  const startedAt = Number.isFinite(eventAt) ? Math.min(eventAt, context.firstSeenAt ?? eventAt) : (context.firstSeenAt ?? now);
  const settings = settingsFor(trigger, config);
  const action: LifecycleActionRef | undefined = trigger.kind === "lifecycle" ? trigger.action : undefined;
  const eventId = "eventId" in trigger ? trigger.eventId : (trigger.requestId ?? `manual-${now}`);

  // Caretaker's hook on a group this stage does not manage: its IAM could not complete the action, so leave it.
  // The group's tags, once described here, also serve resolveCluster.
  let groupTags: Record<string, string> | undefined;
  if (trigger.kind === "lifecycle" && deps.managedGroupTag) {
    const management = await groupManagement(deps.autoscaling, trigger.action.autoScalingGroupName, deps.managedGroupTag);
    if (management.status === "unmanaged") return leaveUnmanaged(trigger, deps.managedGroupTag, { reason: "tag", ...(management.found !== undefined ? { found: management.found } : {}) }, deps);
    groupTags = management.tags;
  }

  // Where is it? EC2 facts, the cluster from tags (or the payload/config), then the node.
  const instance: InstanceFacts | undefined = instanceId ? await describeInstance(deps.ec2, instanceId) : undefined;
  const clusterName =
    (trigger.kind === "manual" ? trigger.cluster : undefined) ??
    (await resolveCluster(deps, { ...(instance ? { instance } : {}), ...(action ? { autoScalingGroupName: action.autoScalingGroupName } : {}), ...(groupTags ? { groupTags } : {}), ...(config.defaultCluster ? { defaultCluster: config.defaultCluster } : {}) }))?.cluster;
  const hook: LifecycleHookInfo | undefined = action ? await deps.lifecycle.describeHook(action) : undefined;

  const complete = async (result: "CONTINUE" | "ABANDON", why: string): Promise<string> => {
    if (!action) return "none";
    let outcome;
    try {
      outcome = await deps.lifecycle.complete(action, result);
    } catch (error) {
      // IAM refused: the group lost the stage's tag during the drain (or never matched it). Retrying cannot help.
      if (trigger.kind === "lifecycle" && deps.managedGroupTag && isAccessDenied(error)) {
        await leaveUnmanaged(trigger, deps.managedGroupTag, { reason: "denied" }, deps);
        return `not completed (${result} refused by IAM: ${action.autoScalingGroupName} is not tagged ${deps.managedGroupTag.key}=${deps.managedGroupTag.value})`;
      }
      throw error;
    }
    log.info("lifecycle action completed", { outcome, result, why, ...action });
    return `${result} (${outcome === "already-completed" ? "already completed" : "completed"}: ${why})`;
  };

  if (!clusterName) {
    if (!action && trigger.kind !== "manual") {
      // EC2 and Health events cover every instance of the account: most are not Kubernetes nodes at all.
      log.info("instance belongs to no cluster: nothing to drain", { instanceId, kind: trigger.kind });
      return { ...(instanceId ? { instanceId } : {}), status: "done", note: "not a cluster instance" };
    }
    const lifecycle = await complete("CONTINUE", "the instance belongs to no known cluster");
    log.warn("no cluster for instance: nothing to drain", { instanceId });
    return { ...(instanceId ? { instanceId } : {}), status: "done", lifecycle, note: "no cluster: the instance carries no cluster tag and no default cluster is configured" };
  }
  const connection = await deps.connect(clusterName);
  const kube = createDrainKube(connection, clock);
  const node =
    trigger.kind === "manual" && trigger.node ? trigger.node : instanceId ? (await resolveNode(kube, instanceId, instance?.privateDnsName))?.metadata?.name : undefined;

  // Budget: Lambda time, and for lifecycle actions never past the hook's global timeout.
  const plan = hook ? planRun({ now, remainingMs: context.remainingMs, safetyMarginMs: config.safetyMarginSeconds * 1000, hook, actionStartedAt: startedAt, redeliveryDelayMs: config.redeliverySeconds * 1000 }) : undefined;
  const budgetEndsAt = plan?.workUntil ?? now + context.remainingMs - config.safetyMarginSeconds * 1000;
  for (const warning of plan?.warning ? [plan.warning] : []) log.warn(warning, { instanceId });
  // A person's own --timeout / --on-deadline win over the trigger's configured ones.
  const manualTimeout = trigger.kind === "manual" && typeof trigger.options.timeoutSeconds === "number" && trigger.options.timeoutSeconds > 0 ? trigger.options.timeoutSeconds : undefined;
  const onDeadline = trigger.kind === "manual" && (trigger.options.onDeadline === "stop" || trigger.options.onDeadline === "force-delete") ? trigger.options.onDeadline : settings.onDeadline;
  const deadlineAt = Math.min(startedAt + (manualTimeout ?? settings.deadlineSeconds) * 1000, hook ? startedAt + hook.globalTimeoutSeconds * 1000 : Number.POSITIVE_INFINITY);
  const keepAlive = action && hook ? deps.lifecycle.keepAlive(action, { hook, startedAt, until: budgetEndsAt }) : undefined;

  let drain: DrainResult;
  try {
    // A manual request is a dry run when either switch says so: a `false` never overrides a `true`.
    const manualDryRun = trigger.kind === "manual" && (trigger.dryRun || trigger.options.dryRun === true);
    const options = drainOptions({ ...config.options, ...(trigger.kind === "manual" ? trigger.options : {}), onDeadline, ...(manualDryRun ? { dryRun: true } : {}) });
    if (!node) {
      drain = emptyResult(clusterName, instance?.privateDnsName ?? instanceId ?? "(unknown)", "node-not-found", now, clock.now());
    } else if (trigger.kind === "rebalance-recommendation" && config.rebalanceRecommendation.mode === "cordon-only") {
      const cordoned = await cordonNode(kube, clock, node, { excludeFromLoadBalancers: options.excludeFromLoadBalancers, taint: options.taint, reason: eventId });
      drain = { ...emptyResult(clusterName, node, "drained", now, clock.now()), cordonChanged: cordoned.changed, warnings: ["cordon-only: rebalance recommendations cordon the node and leave its pods running"] };
    } else {
      drain = await drainNode(kube, clock, {
        node,
        options,
        reason: eventId,
        deadlineAt,
        budgetEndsAt,
        onProgress: (event: ProgressEvent) => {
          if (event.type !== "waiting" && event.type !== "evicting") log.info(`drain ${event.type}`, { cluster: clusterName, node, ...event });
        },
      });
    }
  } finally {
    await keepAlive?.stop();
  }

  const base = { ...(instanceId ? { instanceId } : {}), node: drain.node, cluster: clusterName };
  if (drain.outcome === "in-progress") {
    if (action && plan?.heartbeatBeforeHandoff) await deps.lifecycle.heartbeat(action);
    log.info("drain continues in the next run", { ...base, pending: drain.pending.length });
    return { ...base, status: "retry-later", drain };
  }

  let lifecycle: string | undefined;
  if (drain.outcome === "drained" || drain.outcome === "node-not-found" || drain.outcome === "dry-run") {
    lifecycle = drain.outcome === "dry-run" ? undefined : await complete("CONTINUE", drain.outcome === "drained" ? "pods are gone" : "node already gone");
  } else if (action) {
    const decision = failurePolicy(config.lifecycle.failurePolicy, hook);
    lifecycle = decision.call === "complete" ? await complete(decision.result, decision.explanation) : `left to time out (${decision.explanation})`;
  }
  await notifyOnce(drain, { trigger, eventId, instanceId, startedAt, lifecycle }, deps);
  return { ...base, status: "done", drain, ...(lifecycle ? { lifecycle } : {}) };
}

/** Reports once (claimed per event) that the group is not this stage's, and acknowledges the message. */
async function leaveUnmanaged(trigger: LifecycleTrigger, tag: ManagedGroupTag, why: { reason: "tag" | "denied"; found?: string }, deps: DrainDeps): Promise<InstanceRun> {
  const { action } = trigger;
  deps.logger?.warn("lifecycle action of a group this stage does not manage: left alone", { ...action, tag: `${tag.key}=${tag.value}`, reason: why.reason, ...(why.found !== undefined ? { found: why.found } : {}) });
  if (deps.notifier && (!deps.claims || (await deps.claims.claim(`drain-unmanaged#${trigger.eventId}#${action.instanceId}`, 7 * 86_400)))) {
    await deps.notifier.notify(
      unmanagedGroupReport({
        group: action.autoScalingGroupName,
        hookName: action.lifecycleHookName,
        instanceId: action.instanceId,
        eventId: trigger.eventId,
        tag,
        ...(why.found !== undefined ? { found: why.found } : {}),
        reason: why.reason,
        occurredAt: new Date(deps.clock.now()),
        ...(trigger.region ? { region: trigger.region } : {}),
        ...(trigger.account ? { account: trigger.account } : {}),
      }),
    );
  }
  return { instanceId: action.instanceId, status: "done", lifecycle: "not completed (group not managed by this stage)", note: `${action.autoScalingGroupName} is not tagged ${tag.key}=${tag.value}` };
}

function emptyResult(cluster: string, node: string, outcome: DrainResult["outcome"], startedAt: number, finishedAt: number): DrainResult {
  return { cluster, node, outcome, cordonChanged: false, evicted: [], deleted: [], forceDeleted: [], skipped: [], pending: [], failed: [], pdbMisconfigured: [], warnings: [], errors: [], startedAt, finishedAt };
}

/**
 * Whether a finished drain is news. EC2 state changes, Spot, rebalance and Health events fire for every instance of
 * the account and often follow a lifecycle drain of the same node: a node that is gone, or that had nothing left to
 * do, is not worth a message for them. Lifecycle and manual drains always report.
 */
function isNews(trigger: DrainTrigger, drain: DrainResult): boolean {
  if (trigger.kind === "lifecycle" || trigger.kind === "manual") return true;
  if (drain.outcome === "node-not-found") return false;
  const didSomething = drain.cordonChanged || drain.evicted.length + drain.deleted.length + drain.forceDeleted.length + drain.failed.length + drain.pending.length > 0;
  return didSomething || drain.outcome !== "drained";
}

async function notifyOnce(
  drain: DrainResult,
  context: { trigger: DrainTrigger; eventId: string; instanceId: string | undefined; startedAt: number; lifecycle: string | undefined },
  deps: DrainDeps,
): Promise<void> {
  if (!deps.notifier || !isNews(context.trigger, drain)) return;
  const failed = !["drained", "dry-run"].includes(drain.outcome);
  if (deps.config.notify === "failures" && !failed) return;
  const key = `drain-notified#${context.eventId}#${context.instanceId ?? drain.node}`;
  if (deps.claims && !(await deps.claims.claim(key, 7 * 86_400))) return;
  const trigger = context.trigger;
  await deps.notifier.notify(
    drainReport(drain, {
      trigger: TRIGGER_NAMES[trigger.kind] ?? trigger.kind,
      eventId: context.eventId,
      ...(context.instanceId ? { instanceId: context.instanceId } : {}),
      ...("account" in trigger && trigger.account ? { account: trigger.account } : {}),
      ...("region" in trigger && trigger.region ? { region: trigger.region } : {}),
      ...(context.lifecycle ? { lifecycle: context.lifecycle } : {}),
      firstSeenAt: context.startedAt,
    }),
  );
}

export { runDrain };
export type { DrainDeps, DrainLogger, InstanceRun, RunContext, RunResult };
