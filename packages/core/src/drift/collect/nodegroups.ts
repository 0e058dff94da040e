import { DescribeNodegroupCommand, ListNodegroupsCommand, type Nodegroup } from "@aws-sdk/client-eks";
import { allPages, type CollectContext, DESCRIBE_CONCURRENCY, describeError, mapLimit } from "./context";
import type { NodegroupFacts } from "./facts";

function nodegroupFacts(name: string, nodegroup: Nodegroup): NodegroupFacts {
  return {
    name,
    ...(nodegroup.version ? { version: nodegroup.version } : {}),
    ...(nodegroup.releaseVersion ? { releaseVersion: nodegroup.releaseVersion } : {}),
    ...(nodegroup.amiType ? { amiType: nodegroup.amiType } : {}),
    ...(nodegroup.status ? { status: nodegroup.status } : {}),
    autoScalingGroups: (nodegroup.resources?.autoScalingGroups ?? []).map((group) => group.name ?? "").filter(Boolean),
    healthIssues: (nodegroup.health?.issues ?? []).map((issue) => ({
      ...(issue.code ? { code: issue.code } : {}),
      ...(issue.message ? { message: issue.message } : {}),
    })),
  };
}

/**
 * Managed node groups: ListNodegroups (self-managed groups are not listed, drift.md §5) and DescribeNodegroup for
 * each. A group that cannot be described is left out and named in a problem.
 */
async function collectNodegroups(ctx: CollectContext): Promise<NodegroupFacts[]> {
  const { eks } = ctx.deps;
  let names: string[];
  try {
    const pages = await allPages(
      (nextToken) => ctx.aws("eks:ListNodegroups", () => eks.send(new ListNodegroupsCommand({ clusterName: ctx.cluster, ...(nextToken ? { nextToken } : {}) }))),
      (page) => page.nextToken,
    );
    names = pages.flatMap((page) => page.nodegroups ?? []);
  } catch (error) {
    ctx.problem("nodegroups", `ListNodegroups failed, so no managed node group was checked: ${describeError(error)}`);
    return [];
  }
  const described = await mapLimit(names, DESCRIBE_CONCURRENCY, async (name) => {
    try {
      const { nodegroup } = await ctx.aws("eks:DescribeNodegroup", () => eks.send(new DescribeNodegroupCommand({ clusterName: ctx.cluster, nodegroupName: name })));
      return nodegroupFacts(name, nodegroup ?? {});
    } catch (error) {
      ctx.problem("nodegroups", `Managed node group ${name} was not checked: DescribeNodegroup failed: ${describeError(error)}`);
      return undefined;
    }
  });
  return described.filter((group): group is NodegroupFacts => group !== undefined);
}

export { collectNodegroups };
