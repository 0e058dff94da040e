import { DescribeClusterCommand } from "@aws-sdk/client-eks";
import { SUPPORT_TYPES, type SupportType } from "../support";
import { type CollectContext, describeError } from "./context";
import type { ControlPlaneFacts } from "./facts";

interface ControlPlaneRead {
  controlPlane: ControlPlaneFacts;
  /** The API endpoint and CA from the same answer, so connecting needs no second DescribeCluster. */
  endpoint?: { endpoint: string; certificateAuthority: string };
  account?: string;
  region?: string;
}

/** `arn:aws:eks:eu-west-1:111122223333:cluster/prod` → account and Region, for fingerprints. */
function accountAndRegion(arn: string | undefined): { account?: string; region?: string } {
  const [, , , region, account] = arn?.split(":") ?? [];
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** DescribeCluster: the control plane's version, platform version, status, support type and tags (drift.md §9.4). */
async function readControlPlane(ctx: CollectContext): Promise<ControlPlaneRead | undefined> {
  let cluster;
  try {
    ({ cluster } = await ctx.aws("eks:DescribeCluster", () => ctx.deps.eks.send(new DescribeClusterCommand({ name: ctx.cluster }))));
  } catch (error) {
    const region = await ctx.deps.eks.config.region().catch(() => "its Region");
    const notFound = (error as { name?: string }).name === "ResourceNotFoundException";
    ctx.problem("cluster", notFound ? `EKS cluster "${ctx.cluster}" does not exist in ${region}; nothing was checked.` : `DescribeCluster failed, so nothing was checked: ${describeError(error)}`);
    return undefined;
  }
  if (!cluster?.version) {
    ctx.problem("cluster", "DescribeCluster returned no Kubernetes version; nothing was checked.");
    return undefined;
  }
  const supportType = cluster.upgradePolicy?.supportType;
  const controlPlane: ControlPlaneFacts = {
    ...(cluster.arn ? { arn: cluster.arn } : {}),
    version: cluster.version,
    ...(cluster.platformVersion ? { platformVersion: cluster.platformVersion } : {}),
    status: cluster.status ?? "UNKNOWN",
    ...(supportType && (SUPPORT_TYPES as readonly string[]).includes(supportType) ? { supportType: supportType as SupportType } : {}),
    tags: { ...cluster.tags },
    autoMode: cluster.computeConfig?.enabled === true,
  };
  const endpoint = cluster.endpoint && cluster.certificateAuthority?.data ? { endpoint: { endpoint: cluster.endpoint, certificateAuthority: cluster.certificateAuthority.data } } : {};
  return { controlPlane, ...endpoint, ...accountAndRegion(cluster.arn) };
}

export { readControlPlane };
export type { ControlPlaneRead };
