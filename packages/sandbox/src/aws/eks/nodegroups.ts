import type {
  DescribeNodegroupRequest,
  DescribeNodegroupResponse,
  ListNodegroupsRequest,
  ListNodegroupsResponse,
  Nodegroup,
} from "@aws-sdk/client-eks";
import { requireCluster } from "./clusters";
import { nodegroupNotFound } from "./errors";
import { eksPage } from "./list";
import type { EksNodegroupSpec } from "./spec";
import type { ClusterRecord, EksState, NodegroupRecord } from "./state";

/** Managed node groups: ListNodegroups and DescribeNodegroup (drift.md §5, §9.4). */
function createNodegroupRecord(state: EksState, cluster: ClusterRecord, spec: EksNodegroupSpec): NodegroupRecord {
  const { region, accountId, partition } = state.context;
  const desiredSize = spec.scalingConfig?.desiredSize ?? 2;
  const now = cluster.createdAt;
  return {
    name: spec.name,
    arn: `arn:${partition}:eks:${region}:${accountId}:nodegroup/${cluster.name}/${spec.name}/${state.random.uuid()}`,
    version: spec.version ?? cluster.version,
    releaseVersion: spec.releaseVersion ?? `${spec.version ?? cluster.version}.0-20250101`,
    amiType: spec.amiType ?? "AL2023_x86_64_STANDARD",
    capacityType: spec.capacityType ?? "ON_DEMAND",
    status: spec.status ?? "ACTIVE",
    scalingConfig: { minSize: spec.scalingConfig?.minSize ?? 0, maxSize: spec.scalingConfig?.maxSize ?? Math.max(desiredSize, 10), desiredSize },
    instanceTypes: spec.instanceTypes ?? ["m5.large"],
    ...(spec.autoScalingGroups ? { autoScalingGroups: [...spec.autoScalingGroups] } : {}),
    labels: { ...spec.labels },
    taints: [...(spec.taints ?? [])],
    tags: { ...spec.tags },
    nodeRole: spec.nodeRole ?? `arn:${partition}:iam::${accountId}:role/${cluster.name}-node-role`,
    subnets: [...cluster.subnetIds],
    ...(spec.launchTemplate ? { launchTemplate: { ...spec.launchTemplate } } : {}),
    healthIssues: [...(spec.healthIssues ?? [])],
    createdAt: now,
    modifiedAt: now,
  };
}

function nodegroupShape(state: EksState, cluster: ClusterRecord, ng: NodegroupRecord): Nodegroup {
  const groups = ng.autoScalingGroups ?? state.autoScalingGroupsOf(cluster.name, ng.name);
  return {
    nodegroupName: ng.name,
    nodegroupArn: ng.arn,
    clusterName: cluster.name,
    version: ng.version,
    releaseVersion: ng.releaseVersion,
    createdAt: new Date(ng.createdAt),
    modifiedAt: new Date(ng.modifiedAt),
    status: ng.status,
    capacityType: ng.capacityType,
    scalingConfig: { ...ng.scalingConfig },
    instanceTypes: [...ng.instanceTypes],
    subnets: [...ng.subnets],
    amiType: ng.amiType,
    nodeRole: ng.nodeRole,
    labels: { ...ng.labels },
    ...(ng.taints.length > 0 ? { taints: ng.taints.map((t) => ({ ...t })) } : {}),
    resources: { autoScalingGroups: groups.map((name) => ({ name })) },
    // EKS reports diskSize only for node groups without a launch template.
    ...(ng.launchTemplate ? { launchTemplate: { ...ng.launchTemplate } } : { diskSize: 20 }),
    health: { issues: ng.healthIssues.map((i) => ({ ...i })) },
    updateConfig: { maxUnavailable: 1 },
    tags: { ...ng.tags },
  };
}

function listNodegroups(state: EksState, input: ListNodegroupsRequest): ListNodegroupsResponse {
  const cluster = requireCluster(state, input.clusterName);
  const page = eksPage([...cluster.nodegroups.keys()].sort(), (n) => n, input, `ListNodegroups:${cluster.name}`);
  return { nodegroups: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function describeNodegroup(state: EksState, input: DescribeNodegroupRequest): DescribeNodegroupResponse {
  const cluster = requireCluster(state, input.clusterName);
  const ng = cluster.nodegroups.get(input.nodegroupName ?? "");
  if (!ng) throw nodegroupNotFound(cluster.name, input.nodegroupName ?? "");
  return { nodegroup: nodegroupShape(state, cluster, ng) };
}

export { createNodegroupRecord, describeNodegroup, listNodegroups, nodegroupShape };
