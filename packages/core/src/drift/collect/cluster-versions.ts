import { type ClusterVersionInformation, DescribeClusterVersionsCommand } from "@aws-sdk/client-eks";
import { allPages, type CollectContext, describeError } from "./context";
import type { ClusterFacts, ClusterVersionFacts } from "./facts";

function versionFacts(info: ClusterVersionInformation): ClusterVersionFacts {
  return {
    clusterVersion: info.clusterVersion ?? "",
    ...(info.endOfStandardSupportDate ? { endOfStandardSupportDate: info.endOfStandardSupportDate } : {}),
    ...(info.endOfExtendedSupportDate ? { endOfExtendedSupportDate: info.endOfExtendedSupportDate } : {}),
    ...(info.versionStatus ? { versionStatus: info.versionStatus } : {}),
    ...(info.defaultPlatformVersion ? { defaultPlatformVersion: info.defaultPlatformVersion } : {}),
  };
}

/**
 * DescribeClusterVersions for the cluster's version and the next (drift.md §9.1): support dates, status and default
 * platform version of the current one; whether EKS offers the next one at all (add-on compatibility with a version
 * EKS does not have yet cannot be asked). `includeAll` keeps a version past its extended support in the answer.
 */
async function collectClusterVersions(ctx: CollectContext, current: string, next: string | undefined): Promise<ClusterFacts["versions"]> {
  const wanted = next ? [current, next] : [current];
  try {
    const infos = await ctx.lookups.get(`eks:DescribeClusterVersions:${wanted.join(",")}`, async () => {
      const pages = await allPages(
        (nextToken) =>
          ctx.aws("eks:DescribeClusterVersions", () =>
            ctx.deps.eks.send(new DescribeClusterVersionsCommand({ clusterVersions: wanted, includeAll: true, ...(nextToken ? { nextToken } : {}) })),
          ),
        (page) => page.nextToken,
      );
      return pages.flatMap((page) => page.clusterVersions ?? []).map(versionFacts);
    });
    const currentInfo = infos.find((info) => info.clusterVersion === current);
    const nextInfo = next ? infos.find((info) => info.clusterVersion === next) : undefined;
    if (!currentInfo) ctx.problem("support", `DescribeClusterVersions does not list Kubernetes ${current}, so the support window and the forced upgrade were not checked.`);
    return { ...(currentInfo ? { current: currentInfo } : {}), ...(nextInfo ? { next: nextInfo } : {}) };
  } catch (error) {
    ctx.problem("support", `DescribeClusterVersions failed, so the support window, the forced upgrade, the platform version and add-on compatibility with the next version were not checked: ${describeError(error)}`);
    return {};
  }
}

export { collectClusterVersions };
