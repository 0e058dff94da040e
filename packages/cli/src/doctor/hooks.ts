import { type AutoScalingClient, DescribeLifecycleHooksCommand, paginateDescribeAutoScalingGroups } from "@aws-sdk/client-auto-scaling";
import type { Deployment } from "@caretaker/core/deployment";
import { clusterGroupFilters, nodegroupFromTags, tagRecord } from "@caretaker/core/discovery";
import { type AutoScalingGroupFacts, type CollectDeps, collectAutoScalingGroups, createCollectContext, createDriftLookups, type LifecycleHookFacts, mapLimit } from "@caretaker/core/drift/collect";
import { blockedByClusters, type CheckResult, couldNotCheck } from "./check";

const TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
/** Caretaker's defaults for the hook (CARETAKER_CONFIG "hook"), used in the fix when no hook of the stage shows the deployed values. */
const DEFAULT_HEARTBEAT_TIMEOUT = 300;
const DEFAULT_RESULT = "CONTINUE";

/** A group with where doctor found it: tagged for a managed cluster, and/or listed in the stage's configuration. */
interface GroupSeen {
  facts: AutoScalingGroupFacts;
  cluster?: string;
  configured: boolean;
  /** In the configuration's autoScalingGroups.exclude: never hooked, by choice. */
  excluded: boolean;
}

function hasTerminateHook(facts: AutoScalingGroupFacts, hookName: string): boolean {
  return (facts.hooks ?? []).some((hook) => hook.name === hookName && hook.transition === TERMINATING);
}

/** Groups the configuration lists that no managed cluster's tags led to, described by name (absent when they do not exist). */
async function describeNamed(autoscaling: AutoScalingClient, names: readonly string[]): Promise<AutoScalingGroupFacts[]> {
  const found: AutoScalingGroupFacts[] = [];
  for (let start = 0; start < names.length; start += 100) {
    for await (const page of paginateDescribeAutoScalingGroups({ client: autoscaling }, { AutoScalingGroupNames: names.slice(start, start + 100) })) {
      for (const group of page.AutoScalingGroups ?? []) {
        const tags = tagRecord(group.Tags);
        const nodegroup = nodegroupFromTags(tags);
        found.push({ name: group.AutoScalingGroupName ?? "", ...(nodegroup ? { nodegroup } : {}), tags, instanceIds: [] });
      }
    }
  }
  return mapLimit(found, 5, async (facts) => {
    const { LifecycleHooks } = await autoscaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: facts.name }));
    facts.hooks = (LifecycleHooks ?? []).map((hook) => ({
      name: hook.LifecycleHookName ?? "",
      ...(hook.LifecycleTransition ? { transition: hook.LifecycleTransition } : {}),
      ...(hook.DefaultResult ? { defaultResult: hook.DefaultResult } : {}),
      ...(hook.HeartbeatTimeout !== undefined ? { heartbeatTimeout: hook.HeartbeatTimeout } : {}),
    }));
    return facts;
  });
}

function putHookCommand(group: string, hookName: string, template: LifecycleHookFacts | undefined): string {
  return [
    "aws autoscaling put-lifecycle-hook",
    `--auto-scaling-group-name ${group}`,
    `--lifecycle-hook-name ${hookName}`,
    `--lifecycle-transition ${TERMINATING}`,
    `--heartbeat-timeout ${template?.heartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT}`,
    `--default-result ${template?.defaultResult ?? DEFAULT_RESULT}`,
  ].join(" ");
}

/** Whether the group carries the stage's `caretaker:drain` tag, the only thing the drain's IAM trusts for "ours". */
function hasStageTag(facts: AutoScalingGroupFacts, deployment: Deployment): boolean {
  const { key, value } = deployment.drain.groupTag;
  return facts.tags[key] === value;
}

function tagCommand(group: string, deployment: Deployment): string {
  const { key, value } = deployment.drain.groupTag;
  return `aws autoscaling create-or-update-tags --tags ResourceId=${group},ResourceType=auto-scaling-group,Key=${key},Value=${value},PropagateAtLaunch=false`;
}

/** What the group has instead of the stage's tag, for the report. */
function tagProblem(facts: AutoScalingGroupFacts, deployment: Deployment): string {
  const { key, value } = deployment.drain.groupTag;
  const found = facts.tags[key];
  return found === undefined ? `has no ${key} tag (the stage's is ${key} = ${value})` : `has ${key} = ${found}, another stage's value (this stage's is ${value})`;
}

function label(seen: GroupSeen): string {
  return seen.cluster ? `${seen.facts.name} (${seen.cluster})` : seen.facts.name;
}

/** Whether the stage should have hooked the group: listed, or (with discovery) self-managed and not excluded. */
function expectedHooked(seen: GroupSeen, deployment: Deployment): boolean {
  return seen.configured || (deployment.drain.discoverAutoScalingGroups && !seen.facts.nodegroup && !seen.excluded);
}

/** The verdict on one group; undefined for the groups summarised per cluster (fine, excluded, or a managed node group's). */
function groupCheck(seen: GroupSeen, deployment: Deployment, template: LifecycleHookFacts | undefined): CheckResult | undefined {
  const { hookName } = deployment.drain;
  const { facts } = seen;
  if (!facts.hooks) return undefined; // DescribeLifecycleHooks failed: reported as not checked
  const expected = expectedHooked(seen, deployment);
  const hooked = hasTerminateHook(facts, hookName);
  const redeploy = `npx sst deploy --stage ${deployment.stage}`;
  const tagged = hasStageTag(facts, deployment);
  if (expected && hooked && !tagged) {
    return {
      area: "hooks",
      name: label(seen),
      status: "fail",
      detail: `has the ${hookName} terminate hook but ${tagProblem(facts, deployment)}: the drain may complete lifecycle actions only on groups carrying the stage's tag, so it reports each termination as not managed and the instance waits for the hook's heartbeat timeout without a drain`,
      fix: [`Redeploy, which tags every managed group: ${redeploy}`, `or tag it now: ${tagCommand(facts.name, deployment)}`].join("\n"),
    };
  }
  if (expected && hooked) return undefined;
  if (!expected && facts.nodegroup) return undefined;
  if (seen.excluded && !hooked) return undefined;
  if (seen.excluded) {
    return {
      area: "hooks",
      name: label(seen),
      status: "warn",
      detail: `in autoScalingGroups.exclude, but it has a ${hookName} terminate hook: its lifecycle events reach the drain, which may not complete them (only the stage's tagged groups) and reports each one, so each termination waits for the hook's heartbeat timeout`,
      fix: [
        `Remove the hook: aws autoscaling delete-lifecycle-hook --auto-scaling-group-name ${facts.name} --lifecycle-hook-name ${hookName}`,
        `or have Caretaker drain it: remove ${facts.name} from autoScalingGroups.exclude in CARETAKER_CONFIG and redeploy: ${redeploy}`,
      ].join("\n"),
    };
  }
  const named = facts.hooks.find((hook) => hook.name === hookName);
  const wrong = named ? ` (it has a hook named ${hookName}, but for ${named.transition ?? "another transition"})` : "";
  if (expected && seen.configured) {
    return {
      area: "hooks",
      name: label(seen),
      status: "fail",
      detail: `listed in the stage's Auto Scaling groups but has no ${hookName} terminate hook${wrong}: its instances terminate without a drain`,
      fix: [
        `Put the hook back (the stack's EventBridge rule routes ${hookName} on any group, and the deploy's caretaker:drain tag on the group lets the drain complete it):`,
        `  ${putHookCommand(facts.name, hookName, template)}`,
        // Without the tag the hook alone would only make each termination wait for its timeout.
        ...(tagged ? [] : [`  and the tag (it ${tagProblem(facts, deployment)}): ${tagCommand(facts.name, deployment)}`]),
        `or redeploy, which recreates the hook and the tag: ${redeploy}`,
      ].join("\n"),
    };
  }
  if (expected) {
    return {
      area: "hooks",
      name: label(seen),
      status: "fail",
      detail: `tagged for ${seen.cluster} and discovery is on, but it has no ${hookName} terminate hook${wrong}: it was created after the last deploy (it is not in autoScalingGroups.exclude)`,
      fix: `Redeploy (${redeploy}): discovery tags and hooks the groups created since the last deploy. (A hook added by hand is not enough: the drain may complete lifecycle actions only on groups the deploy tagged caretaker:drain, so it would report the group as not managed and each termination would wait for the heartbeat timeout.)`,
    };
  }
  return {
    area: "hooks",
    name: label(seen),
    status: "warn",
    detail: hooked
      ? `has a ${hookName} hook but is not one of the stage's Auto Scaling groups: the drain receives its lifecycle events but may not complete them (the group lacks the stage's caretaker:drain tag), so it reports each one and each termination waits for the hook's heartbeat timeout`
      : "a self-managed group of a managed cluster that Caretaker does not hook: the pods of the instances it terminates are not drained",
    fix: `Add ${facts.name} to "autoScalingGroups" in CARETAKER_CONFIG (or discover the clusters' groups: "autoScalingGroups": { "names": [...], "discover": true }) and redeploy: ${redeploy}`,
  };
}

function tagText(deployment: Deployment): string {
  return `the stage's tag ${deployment.drain.groupTag.key} = ${deployment.drain.groupTag.value}`;
}

/** The groups of one cluster that need no action, in one line: hooked ones, and managed node groups' (EKS drains those). */
function clusterSummary(cluster: string, groups: readonly GroupSeen[], deployment: Deployment): CheckResult | undefined {
  const { hookName } = deployment.drain;
  const withHook = groups.filter((seen) => seen.facts.hooks && expectedHooked(seen, deployment) && hasTerminateHook(seen.facts, hookName) && hasStageTag(seen.facts, deployment));
  const managed = groups.filter((seen) => seen.facts.hooks && seen.facts.nodegroup && !seen.configured);
  const excluded = groups.filter((seen) => seen.facts.hooks && seen.excluded && !seen.facts.nodegroup && !hasTerminateHook(seen.facts, hookName));
  const parts = [
    ...(withHook.length > 0 ? [`${withHook.map((seen) => seen.facts.name).join(", ")} ${withHook.length === 1 ? "has" : "have"} the ${hookName} terminate hook and ${tagText(deployment)}`] : []),
    ...(managed.length > 0
      ? [`${managed.map((seen) => `${seen.facts.name} (managed node group ${seen.facts.nodegroup})`).join(", ")}: EKS drains managed node groups itself, so they are not Caretaker's to hook`]
      : []),
    ...(excluded.length > 0
      ? [`${excluded.map((seen) => seen.facts.name).join(", ")}: left out by autoScalingGroups.exclude, so not hooked (${excluded.length === 1 ? "its" : "their"} instances terminate without a drain)`]
      : []),
  ];
  if (parts.length === 0) return groups.length === 0 ? { area: "hooks", name: cluster, status: "ok", detail: "no Auto Scaling groups (no nodes of its own, or Karpenter/Fargate)" } : undefined;
  return { area: "hooks", name: cluster, status: "ok", detail: parts.join("; ") };
}

/**
 * Every Auto Scaling group Caretaker should hook has the terminate hook named `hookName` for
 * autoscaling:EC2_INSTANCE_TERMINATING: the groups the stage lists, plus (with discovery) the self-managed groups
 * tagged for one of the drain's clusters, found with drift's collector. Managed node groups' groups are EKS's to
 * drain; groups in autoScalingGroups.exclude are left out by choice and reported as such.
 */
async function hookChecks(deps: Omit<CollectDeps, "connect" | "lookups">, deployment: Deployment, clusters: readonly string[] | undefined): Promise<CheckResult[]> {
  const checks: CheckResult[] = [];
  const seen = new Map<string, GroupSeen>();
  const configured = new Set(deployment.drain.autoScalingGroups);
  const excluded = new Set(deployment.drain.excludedAutoScalingGroups);
  const lookups = createDriftLookups();
  const notConnecting = async (): Promise<never> => {
    throw new Error("caretaker doctor does not connect to clusters to check hooks");
  };
  if (clusters === undefined) {
    checks.push(blockedByClusters("hooks", "managed clusters' groups"));
  }
  for (const cluster of clusters ?? []) {
    const ctx = createCollectContext({ ...deps, connect: notConnecting, lookups }, cluster, lookups);
    // Deploy-time discovery's filters (the same tag rules), so doctor finds the groups the deploy did; managed node
    // groups' groups are told apart the same way too (nodegroupFromTags), and are not expected to be hooked.
    const groups = await collectAutoScalingGroups(ctx, Promise.resolve([]), { filters: clusterGroupFilters(cluster) });
    for (const problem of ctx.problems) {
      const denied = /AccessDenied|not authorized/i.test(problem.message);
      checks.push({
        area: "hooks",
        name: cluster,
        status: "warn",
        unchecked: true,
        detail: `not checked: ${problem.message}`,
        fix: denied
          ? "Allow autoscaling:DescribeAutoScalingGroups and autoscaling:DescribeLifecycleHooks to the AWS credentials running caretaker doctor, then run it again."
          : "Run caretaker doctor again; if it fails the same way, look at the error above.",
      });
    }
    for (const facts of groups) if (!seen.has(facts.name)) seen.set(facts.name, { facts, cluster, configured: configured.has(facts.name), excluded: excluded.has(facts.name) });
  }
  const missing = [...configured].filter((name) => !seen.has(name));
  if (missing.length > 0) {
    try {
      const described = await describeNamed(deps.autoscaling, missing);
      for (const facts of described) seen.set(facts.name, { facts, configured: true, excluded: false });
      for (const name of missing.filter((name) => !described.some((facts) => facts.name === name))) {
        checks.push({
          area: "hooks",
          name,
          status: "fail",
          detail: `listed in the stage's Auto Scaling groups but no such group exists in ${deployment.region}`,
          fix: `Remove ${name} from "autoScalingGroups" in CARETAKER_CONFIG and redeploy (npx sst deploy --stage ${deployment.stage}), or fix the name.`,
        });
      }
    } catch (error) {
      checks.push(couldNotCheck("hooks", missing.join(", "), "autoscaling:DescribeAutoScalingGroups", error));
    }
  }
  // The deployed hook's settings, from any group that has it, make the put-lifecycle-hook fix match the stack's.
  const template = [...seen.values()].flatMap((s) => s.facts.hooks ?? []).find((hook) => hook.name === deployment.drain.hookName && hook.transition === TERMINATING);
  const groups = [...seen.values()];
  for (const cluster of clusters ?? []) {
    const summary = clusterSummary(cluster, groups.filter((g) => g.cluster === cluster), deployment);
    if (summary) checks.push(summary);
  }
  const outside = groups.filter((g) => g.cluster === undefined && g.facts.hooks && hasTerminateHook(g.facts, deployment.drain.hookName) && hasStageTag(g.facts, deployment));
  if (outside.length > 0) {
    checks.push({
      area: "hooks",
      name: "other listed groups",
      status: "ok",
      detail: `${outside.map((g) => g.facts.name).join(", ")} ${outside.length === 1 ? "has" : "have"} the ${deployment.drain.hookName} terminate hook and ${tagText(deployment)}`,
    });
  }
  for (const group of groups) {
    const check = groupCheck(group, deployment, template);
    if (check) checks.push(check);
  }
  return checks;
}

export { hookChecks };
