import type { Cluster, DescribeClusterRequest, DescribeClusterResponse, ListClustersRequest, ListClustersResponse } from "@aws-sdk/client-eks";
import { hex } from "../core/ids";
import { clusterNotFound } from "./errors";
import { eksPage } from "./list";
import type { EksClusterSpec } from "./spec";
import { type ClusterRecord, type EksState, toMs } from "./state";

/** Clusters: DescribeCluster (drift.md §9.4) and ListClusters. */
function createClusterRecord(state: EksState, spec: EksClusterSpec): ClusterRecord {
  const { region, accountId, partition, clock } = state.context;
  const access = spec.endpointAccess ?? {};
  // EKS refuses a cluster whose endpoint is neither public nor private.
  if (access.public === false && access.private === false) throw new Error(`EKS cluster ${spec.name}: the endpoint must be public, private or both`);
  const id = hex(state.random, 32).toUpperCase();
  return {
    name: spec.name,
    arn: `arn:${partition}:eks:${region}:${accountId}:cluster/${spec.name}`,
    id,
    version: spec.version,
    platformVersion: spec.platformVersion ?? "eks.1",
    status: spec.status ?? "ACTIVE",
    // Until the Kubernetes simulator calls setEndpoint, the endpoint has the real shape but goes nowhere.
    endpoint: spec.endpoint ?? `https://${id}.gr7.${region}.eks.amazonaws.com`,
    ...(spec.certificateAuthorityData !== undefined ? { certificateAuthorityData: spec.certificateAuthorityData } : {}),
    tags: { ...spec.tags },
    supportType: spec.supportType ?? "EXTENDED",
    authenticationMode: spec.authenticationMode ?? "API_AND_CONFIG_MAP",
    roleArn: spec.roleArn ?? `arn:${partition}:iam::${accountId}:role/${spec.name}-cluster-role`,
    createdAt: toMs(spec.createdAt, clock.nowMs()),
    vpcId: `vpc-${hex(state.random, 17)}`,
    subnetIds: [`subnet-${hex(state.random, 17)}`, `subnet-${hex(state.random, 17)}`, `subnet-${hex(state.random, 17)}`],
    clusterSecurityGroupId: `sg-${hex(state.random, 17)}`,
    endpointPublicAccess: access.public ?? true,
    endpointPrivateAccess: access.private ?? true,
    publicAccessCidrs: access.public === false ? [] : [...(access.publicAccessCidrs ?? ["0.0.0.0/0"])],
    nodegroups: new Map(),
    addons: new Map(),
    insights: [],
    accessEntries: new Map(),
  };
}

function requireCluster(state: EksState, name: string | undefined): ClusterRecord {
  const cluster = state.clusters.get(name ?? "");
  if (!cluster) throw clusterNotFound(name ?? "");
  return cluster;
}

function clusterShape(cluster: ClusterRecord, region: string): Cluster {
  // A cluster being created has no endpoint and no CA yet.
  const reachable = cluster.status !== "CREATING";
  return {
    name: cluster.name,
    arn: cluster.arn,
    createdAt: new Date(cluster.createdAt),
    version: cluster.version,
    ...(reachable && cluster.endpoint ? { endpoint: cluster.endpoint } : {}),
    roleArn: cluster.roleArn,
    resourcesVpcConfig: {
      subnetIds: [...cluster.subnetIds],
      securityGroupIds: [],
      clusterSecurityGroupId: cluster.clusterSecurityGroupId,
      vpcId: cluster.vpcId,
      endpointPublicAccess: cluster.endpointPublicAccess,
      endpointPrivateAccess: cluster.endpointPrivateAccess,
      publicAccessCidrs: [...cluster.publicAccessCidrs],
    },
    kubernetesNetworkConfig: { serviceIpv4Cidr: "172.20.0.0/16", ipFamily: "ipv4", elasticLoadBalancing: { enabled: false } },
    logging: { clusterLogging: [{ types: ["api", "audit", "authenticator", "controllerManager", "scheduler"], enabled: false }] },
    identity: { oidc: { issuer: `https://oidc.eks.${region}.amazonaws.com/id/${cluster.id}` } },
    status: cluster.status,
    certificateAuthority: reachable && cluster.certificateAuthorityData !== undefined ? { data: cluster.certificateAuthorityData } : {},
    platformVersion: cluster.platformVersion,
    tags: { ...cluster.tags },
    health: { issues: [] },
    accessConfig: { authenticationMode: cluster.authenticationMode },
    upgradePolicy: { supportType: cluster.supportType },
  };
}

function describeCluster(state: EksState, input: DescribeClusterRequest): DescribeClusterResponse {
  return { cluster: clusterShape(requireCluster(state, input.name), state.context.region) };
}

function listClusters(state: EksState, input: ListClustersRequest): ListClustersResponse {
  const names = [...state.clusters.keys()].sort();
  const page = eksPage(names, (name) => name, input, "ListClusters");
  return { clusters: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export { clusterShape, createClusterRecord, describeCluster, listClusters, requireCluster };
