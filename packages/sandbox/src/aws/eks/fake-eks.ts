import {
  AssociateAccessPolicyCommand,
  CreateAccessEntryCommand,
  DeleteAccessEntryCommand,
  DescribeAccessEntryCommand,
  DescribeAddonCommand,
  DescribeAddonVersionsCommand,
  DescribeClusterCommand,
  DescribeClusterVersionsCommand,
  DescribeInsightCommand,
  DescribeNodegroupCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAddonsCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
  ListInsightsCommand,
  ListNodegroupsCommand,
  type ClusterStatus,
  type Insight,
  type SupportType,
} from "@aws-sdk/client-eks";
import { randomFor } from "../core/ids";
import type { CommandHandler, FakeService, FakeServiceContext } from "../service";
import {
  associateAccessPolicy,
  createAccessEntry,
  deleteAccessEntry,
  describeAccessEntry,
  listAccessEntries,
  listAssociatedAccessPolicies,
} from "./access-entries";
import { createAddonRecord, describeAddon, describeAddonVersions, listAddons } from "./addons";
import { createVersionRecord, describeClusterVersions } from "./cluster-versions";
import { createClusterRecord, describeCluster, listClusters } from "./clusters";
import { type ClusterIdentity, type IdentityOptions, identityFor } from "./identity";
import { createInsight, describeInsight, listInsights } from "./insights";
import { createNodegroupRecord, describeNodegroup, listNodegroups } from "./nodegroups";
import type { EksAddonSpec, EksClusterSpec, EksInsightSpec, EksNodegroupSpec, EksSpec } from "./spec";
import type { ClusterRecord, EksState } from "./state";

interface Dependencies {
  /** Names of the Auto Scaling groups backing a managed node group whose spec names none. */
  autoScalingGroupsOf?: (clusterName: string, nodegroupName: string) => string[];
}

/** Mutable cluster fields tests change to stage drift (an upgrade in progress, a forced upgrade, …). */
interface ClusterUpdate {
  version?: string;
  platformVersion?: string;
  status?: ClusterStatus;
  supportType?: SupportType;
}

/**
 * Stateful Amazon EKS: clusters, managed node groups, add-ons and their version catalog, insights, Kubernetes versions
 * with support dates, and access entries, answered with EKS's shapes, pagination and errors. The Kubernetes simulator
 * uses `setEndpoint` (once it listens) and `identityFor` (to authenticate bearer tokens).
 */
class FakeEks implements FakeService {
  readonly serviceName = "eks";
  readonly clientClass = EKSClient;
  readonly operations: FakeService["operations"];
  readonly #state: EksState;

  constructor(context: FakeServiceContext, spec: EksSpec = {}, dependencies: Dependencies = {}) {
    this.#state = {
      context,
      random: randomFor(context),
      clusters: new Map(),
      versions: (spec.clusterVersions ?? []).map(createVersionRecord),
      catalog: [...(spec.addonCatalog ?? [])],
      autoScalingGroupsOf: dependencies.autoScalingGroupsOf ?? (() => []),
    };
    const state = this.#state;
    const op = <I>(name: string, command: FakeService["operations"][number]["command"], handle: (state: EksState, input: I) => unknown) => ({
      name,
      command,
      handle: ((input: I) => handle(state, input)) as CommandHandler,
    });
    this.operations = [
      op("DescribeCluster", DescribeClusterCommand, describeCluster),
      op("ListClusters", ListClustersCommand, listClusters),
      op("ListNodegroups", ListNodegroupsCommand, listNodegroups),
      op("DescribeNodegroup", DescribeNodegroupCommand, describeNodegroup),
      op("ListAddons", ListAddonsCommand, listAddons),
      op("DescribeAddon", DescribeAddonCommand, describeAddon),
      op("DescribeAddonVersions", DescribeAddonVersionsCommand, describeAddonVersions),
      op("ListInsights", ListInsightsCommand, listInsights),
      op("DescribeInsight", DescribeInsightCommand, describeInsight),
      op("DescribeClusterVersions", DescribeClusterVersionsCommand, describeClusterVersions),
      op("CreateAccessEntry", CreateAccessEntryCommand, createAccessEntry),
      op("DescribeAccessEntry", DescribeAccessEntryCommand, describeAccessEntry),
      op("ListAccessEntries", ListAccessEntriesCommand, listAccessEntries),
      op("DeleteAccessEntry", DeleteAccessEntryCommand, deleteAccessEntry),
      op("AssociateAccessPolicy", AssociateAccessPolicyCommand, associateAccessPolicy),
      op("ListAssociatedAccessPolicies", ListAssociatedAccessPoliciesCommand, listAssociatedAccessPolicies),
    ];
    for (const cluster of spec.clusters ?? []) this.addCluster(cluster);
  }

  addCluster(spec: EksClusterSpec): void {
    if (this.#state.clusters.has(spec.name)) throw new Error(`EKS cluster ${spec.name} already exists in the sandbox`);
    const cluster = createClusterRecord(this.#state, spec);
    this.#state.clusters.set(spec.name, cluster);
    for (const nodegroup of spec.nodegroups ?? []) this.addNodegroup(spec.name, nodegroup);
    for (const addon of spec.addons ?? []) this.setAddon(spec.name, addon);
    for (const insight of spec.insights ?? []) this.setInsight(spec.name, insight);
    // Through the API's own rules: access entries on a ConfigMap-only cluster are refused as EKS would refuse them.
    for (const entry of spec.accessEntries ?? []) {
      const { principalArn, kubernetesGroups, type, username, tags } = entry;
      createAccessEntry(this.#state, { clusterName: spec.name, principalArn, kubernetesGroups, type, username, tags });
      for (const policy of entry.accessPolicies ?? []) {
        const accessScope = policy.accessScope ?? { type: "cluster" };
        associateAccessPolicy(this.#state, { clusterName: spec.name, principalArn, policyArn: policy.policyArn, accessScope });
      }
    }
  }

  addNodegroup(clusterName: string, spec: EksNodegroupSpec): void {
    const cluster = this.#cluster(clusterName);
    cluster.nodegroups.set(spec.name, createNodegroupRecord(this.#state, cluster, spec));
  }

  /** Installs or replaces an add-on. */
  setAddon(clusterName: string, spec: EksAddonSpec): void {
    const cluster = this.#cluster(clusterName);
    cluster.addons.set(spec.name, createAddonRecord(this.#state, cluster, spec));
  }

  /** Adds an insight, or replaces the one with the same id; returns its id. */
  setInsight(clusterName: string, spec: EksInsightSpec): string {
    const cluster = this.#cluster(clusterName);
    const insight: Insight = createInsight(this.#state, spec);
    const index = cluster.insights.findIndex((i) => i.id === insight.id);
    if (index === -1) cluster.insights.push(insight);
    else cluster.insights[index] = insight;
    return insight.id ?? "";
  }

  /** Points the cluster at the Kubernetes simulator: its URL and the base64 of its CA's PEM. */
  setEndpoint(clusterName: string, endpoint: string, certificateAuthorityData: string): void {
    const cluster = this.#cluster(clusterName);
    cluster.endpoint = endpoint;
    cluster.certificateAuthorityData = certificateAuthorityData;
  }

  updateCluster(clusterName: string, update: ClusterUpdate): void {
    Object.assign(this.#cluster(clusterName), Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)));
  }

  /** Node-group fields tests change to stage drift (version, releaseVersion, status). */
  updateNodegroup(clusterName: string, nodegroupName: string, update: Partial<Pick<EksNodegroupSpec, "version" | "releaseVersion" | "status">>): void {
    const nodegroup = this.#cluster(clusterName).nodegroups.get(nodegroupName);
    if (!nodegroup) throw new Error(`EKS cluster ${clusterName} has no node group ${nodegroupName} in the sandbox`);
    Object.assign(nodegroup, Object.fromEntries(Object.entries(update).filter(([, v]) => v !== undefined)), { modifiedAt: this.#state.context.clock.nowMs() });
  }

  clusterNames(): string[] {
    return [...this.#state.clusters.keys()];
  }

  /** The identity the cluster's authenticator maps `principalArn` (IAM role/user or STS assumed-role ARN) to. */
  identityFor(clusterName: string, principalArn: string, options?: IdentityOptions): ClusterIdentity | undefined {
    return identityFor(this.#state, clusterName, principalArn, options);
  }

  #cluster(name: string): ClusterRecord {
    const cluster = this.#state.clusters.get(name);
    if (!cluster) throw new Error(`the sandbox has no EKS cluster ${name}`);
    return cluster;
  }
}

export { FakeEks };
export type { ClusterUpdate };
