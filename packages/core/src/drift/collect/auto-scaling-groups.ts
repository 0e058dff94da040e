import { type AutoScalingGroup, DescribeAutoScalingGroupsCommand, DescribeLifecycleHooksCommand, type Filter } from "@aws-sdk/client-auto-scaling";
import { kubernetesClusterTag, nodegroupFromTags, tagRecord } from "../../discovery/cluster-tags";
import { allPages, type CollectContext, DESCRIBE_CONCURRENCY, describeError, mapLimit } from "./context";
import type { AutoScalingGroupFacts, NodegroupFacts } from "./facts";

/** DescribeAutoScalingGroups takes up to 100 names or records per request. */
const GROUPS_PER_REQUEST = 100;

function groupFacts(group: AutoScalingGroup): AutoScalingGroupFacts {
  const tags = tagRecord(group.Tags);
  const nodegroup = nodegroupFromTags(tags);
  return {
    name: group.AutoScalingGroupName ?? "",
    ...(nodegroup ? { nodegroup } : {}),
    tags,
    ...(group.DesiredCapacity !== undefined ? { desiredCapacity: group.DesiredCapacity } : {}),
    instanceIds: (group.Instances ?? []).map((instance) => instance.InstanceId ?? "").filter(Boolean),
  };
}

async function describeGroups(ctx: CollectContext, input: { Filters?: Filter[]; AutoScalingGroupNames?: string[] }): Promise<AutoScalingGroup[]> {
  const pages = await allPages(
    (NextToken) =>
      ctx.aws("autoscaling:DescribeAutoScalingGroups", () =>
        ctx.deps.autoscaling.send(new DescribeAutoScalingGroupsCommand({ ...input, MaxRecords: GROUPS_PER_REQUEST, ...(NextToken ? { NextToken } : {}) })),
      ),
    (page) => page.NextToken,
  );
  return pages.flatMap((page) => page.AutoScalingGroups ?? []);
}

interface AutoScalingGroupSelection {
  /**
   * The groups to collect are those matching any of these filters, one DescribeAutoScalingGroups request each (AWS ANDs
   * the filters of one request). Default: drift's, one request for the groups carrying the `kubernetes.io/cluster/<name>`
   * tag key, whatever its value. `caretaker doctor` passes deploy-time discovery's (clusterGroupFilters), to find the
   * groups the deploy hooked.
   */
  filters?: readonly Filter[];
}

/** Groups matching any of the filters, each once (a group may match several). */
async function describeAnyOf(ctx: CollectContext, filters: readonly Filter[]): Promise<AutoScalingGroup[]> {
  const pages = await Promise.all(filters.map((filter) => describeGroups(ctx, { Filters: [filter] })));
  const byName = new Map<string | undefined, AutoScalingGroup>();
  for (const group of pages.flat()) if (!byName.has(group.AutoScalingGroupName)) byName.set(group.AutoScalingGroupName, group);
  return [...byName.values()];
}

/**
 * The cluster's Auto Scaling groups: those tagged `kubernetes.io/cluster/<name>` (EKS puts the tag on managed node
 * groups' groups; self-managed groups need it for the cluster to use them), or matching `selection.filters`, plus any
 * group a managed node group names that lacks the tag. Instances come with them, so nodes of self-managed groups can be
 * placed in their group.
 */
async function findGroups(ctx: CollectContext, nodegroups: Promise<readonly NodegroupFacts[]>, selection: AutoScalingGroupSelection): Promise<AutoScalingGroup[]> {
  const tagged = describeAnyOf(ctx, selection.filters ?? [{ Name: "tag-key", Values: [kubernetesClusterTag(ctx.cluster)] }]);
  const [found, groups] = await Promise.all([tagged, nodegroups]);
  const known = new Set(found.map((group) => group.AutoScalingGroupName));
  const missing = [...new Set(groups.flatMap((group) => group.autoScalingGroups))].filter((name) => !known.has(name));
  for (let start = 0; start < missing.length; start += GROUPS_PER_REQUEST) {
    found.push(...(await describeGroups(ctx, { AutoScalingGroupNames: missing.slice(start, start + GROUPS_PER_REQUEST) })));
  }
  return found;
}

/**
 * Each of the cluster's Auto Scaling groups with its lifecycle hooks (DescribeLifecycleHooks), so the assessment can
 * tell which groups terminate instances without a drain hook. All hooks are kept: the hook name is an assessment
 * option, not a collection one.
 */
async function collectAutoScalingGroups(ctx: CollectContext, nodegroups: Promise<readonly NodegroupFacts[]>, selection: AutoScalingGroupSelection = {}): Promise<AutoScalingGroupFacts[]> {
  let groups: AutoScalingGroup[];
  try {
    groups = await findGroups(ctx, nodegroups, selection);
  } catch (error) {
    ctx.problem("auto-scaling-groups", `DescribeAutoScalingGroups failed, so no Auto Scaling group's drain hook was checked and nodes of self-managed groups count as unknown: ${describeError(error)}`);
    return [];
  }
  const owner = new Map((await nodegroups).flatMap((group) => group.autoScalingGroups.map((name) => [name, group.name] as const)));
  return mapLimit(groups, DESCRIBE_CONCURRENCY, async (group) => {
    const facts = groupFacts(group);
    const nodegroup = facts.nodegroup ?? owner.get(facts.name);
    if (nodegroup) facts.nodegroup = nodegroup;
    try {
      const { LifecycleHooks } = await ctx.aws("autoscaling:DescribeLifecycleHooks", () =>
        ctx.deps.autoscaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: facts.name })),
      );
      facts.hooks = (LifecycleHooks ?? []).map((hook) => ({
        name: hook.LifecycleHookName ?? "",
        ...(hook.LifecycleTransition ? { transition: hook.LifecycleTransition } : {}),
        ...(hook.DefaultResult ? { defaultResult: hook.DefaultResult } : {}),
        ...(hook.HeartbeatTimeout !== undefined ? { heartbeatTimeout: hook.HeartbeatTimeout } : {}),
      }));
    } catch (error) {
      ctx.problem("auto-scaling-groups", `The lifecycle hooks of Auto Scaling group ${facts.name} were not checked: ${describeError(error)}`);
    }
    return facts;
  });
}

export { collectAutoScalingGroups };
export type { AutoScalingGroupSelection };
