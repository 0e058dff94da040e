import type {
  Addon,
  AddonInfo,
  DescribeAddonRequest,
  DescribeAddonResponse,
  DescribeAddonVersionsRequest,
  DescribeAddonVersionsResponse,
  ListAddonsRequest,
  ListAddonsResponse,
} from "@aws-sdk/client-eks";
import { newestFirst } from "../core/versions";
import { requireCluster } from "./clusters";
import { addonNotFound } from "./errors";
import { eksPage } from "./list";
import type { EksAddonCatalogEntry, EksAddonSpec } from "./spec";
import type { AddonRecord, ClusterRecord, EksState } from "./state";

/**
 * Add-ons: the cluster's installed add-ons (ListAddons, DescribeAddon) and the catalog of versions with their
 * per-Kubernetes-version compatibilities (DescribeAddonVersions, drift.md §9.3).
 */
function createAddonRecord(state: EksState, cluster: ClusterRecord, spec: EksAddonSpec): AddonRecord {
  const { region, accountId, partition } = state.context;
  const catalog = state.catalog.find((entry) => entry.name === spec.name);
  return {
    name: spec.name,
    arn: `arn:${partition}:eks:${region}:${accountId}:addon/${cluster.name}/${spec.name}/${state.random.uuid()}`,
    version: spec.version,
    status: spec.status ?? "ACTIVE",
    ...(spec.serviceAccountRoleArn !== undefined ? { serviceAccountRoleArn: spec.serviceAccountRoleArn } : {}),
    ...(spec.configurationValues !== undefined ? { configurationValues: spec.configurationValues } : {}),
    healthIssues: [...(spec.healthIssues ?? [])],
    tags: { ...spec.tags },
    publisher: catalog?.publisher ?? "eks",
    owner: catalog?.owner ?? "aws",
    createdAt: cluster.createdAt,
    modifiedAt: cluster.createdAt,
  };
}

function addonShape(cluster: ClusterRecord, addon: AddonRecord): Addon {
  return {
    addonName: addon.name,
    clusterName: cluster.name,
    status: addon.status,
    addonVersion: addon.version,
    health: { issues: addon.healthIssues.map((i) => ({ ...i })) },
    addonArn: addon.arn,
    createdAt: new Date(addon.createdAt),
    modifiedAt: new Date(addon.modifiedAt),
    ...(addon.serviceAccountRoleArn !== undefined ? { serviceAccountRoleArn: addon.serviceAccountRoleArn } : {}),
    tags: { ...addon.tags },
    publisher: addon.publisher,
    owner: addon.owner,
    ...(addon.configurationValues !== undefined ? { configurationValues: addon.configurationValues } : {}),
  };
}

function listAddons(state: EksState, input: ListAddonsRequest): ListAddonsResponse {
  const cluster = requireCluster(state, input.clusterName);
  const page = eksPage([...cluster.addons.keys()].sort(), (n) => n, input, `ListAddons:${cluster.name}`);
  return { addons: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function describeAddon(state: EksState, input: DescribeAddonRequest): DescribeAddonResponse {
  const cluster = requireCluster(state, input.clusterName);
  const addon = cluster.addons.get(input.addonName ?? "");
  if (!addon) throw addonNotFound(cluster.name, input.addonName ?? "");
  return { addon: addonShape(cluster, addon) };
}

/**
 * One catalog entry as DescribeAddonVersions returns it: versions newest first; with `kubernetesVersion`, only the
 * versions compatible with it, each listing only that compatibility (undefined when none is compatible).
 */
function addonInfo(entry: EksAddonCatalogEntry, kubernetesVersion: string | undefined): AddonInfo | undefined {
  const versions = [...entry.versions]
    .sort((a, b) => newestFirst(a.version, b.version))
    .map((v) => ({
      ...v,
      compatibilities: kubernetesVersion === undefined ? v.compatibilities : v.compatibilities.filter((c) => c.clusterVersion === kubernetesVersion),
    }))
    .filter((v) => v.compatibilities.length > 0);
  if (versions.length === 0) return undefined;
  return {
    addonName: entry.name,
    type: entry.type ?? "networking",
    addonVersions: versions.map((v) => ({
      addonVersion: v.version,
      architecture: v.architecture ?? ["amd64", "arm64"],
      computeTypes: v.computeTypes ?? ["ec2"],
      compatibilities: v.compatibilities.map((c) => ({
        clusterVersion: c.clusterVersion,
        platformVersions: c.platformVersions ?? ["*"],
        defaultVersion: c.defaultVersion ?? false,
      })),
      requiresConfiguration: v.requiresConfiguration ?? false,
      requiresIamPermissions: v.requiresIamPermissions ?? false,
    })),
    publisher: entry.publisher ?? "eks",
    owner: entry.owner ?? "aws",
  };
}

function describeAddonVersions(state: EksState, input: DescribeAddonVersionsRequest): DescribeAddonVersionsResponse {
  const matches = (wanted: string[] | undefined, value: string) => wanted === undefined || wanted.length === 0 || wanted.includes(value);
  const infos = state.catalog
    .filter((entry) => input.addonName === undefined || entry.name === input.addonName)
    .filter((entry) => matches(input.types, entry.type ?? "networking"))
    .filter((entry) => matches(input.publishers, entry.publisher ?? "eks"))
    .filter((entry) => matches(input.owners, entry.owner ?? "aws"))
    .map((entry) => addonInfo(entry, input.kubernetesVersion))
    .filter((info): info is AddonInfo => info !== undefined);
  const scope = `DescribeAddonVersions:${JSON.stringify([input.kubernetesVersion, input.addonName, input.types, input.publishers, input.owners])}`;
  const page = eksPage(infos, (info) => info.addonName ?? "", input, scope);
  return { addons: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export { createAddonRecord, describeAddon, describeAddonVersions, listAddons };
