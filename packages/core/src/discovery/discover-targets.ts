import { type AutoScalingClient, type AutoScalingGroup, DescribeAutoScalingGroupsCommand, type Filter } from "@aws-sdk/client-auto-scaling";
import { DescribeClusterCommand, type EKSClient, ListClustersCommand } from "@aws-sdk/client-eks";
import { allPages, describeError, mapLimit } from "../drift/collect/context";
import { clusterGroupFilters, nodegroupFromTags, tagRecord } from "./cluster-tags";

/**
 * Deploy-time discovery: turns CARETAKER_CONFIG's `clusters` and `autoScalingGroups` (explicit lists, or requests to
 * discover) into the explicit lists infra plans with, so discovered clusters and groups get exactly what listed ones
 * get (access entries, terminate hooks). It reads only (eks:ListClusters, eks:DescribeCluster,
 * autoscaling:DescribeAutoScalingGroups), and any failure fails the deploy before a resource is declared: a partial
 * answer would silently remove hooks and access entries from the groups and clusters it missed.
 */

/** What the configuration asks for (the shape of `@caretaker/core/config`'s parsed `clusters` and `autoScalingGroups`). */
interface TargetSelection {
  clusters: readonly string[] | { discover: true; exclude: readonly string[] };
  autoScalingGroups: readonly string[] | { names: readonly string[]; discover: boolean; exclude: readonly string[] };
}

interface Targets {
  clusters: string[];
  autoScalingGroups: string[];
  /**
   * The groups of `autoScalingGroups` the configuration names (its list, or `names` but the excluded), without the
   * discovered ones: what a later re-discovery (`caretaker doctor`) cannot derive again.
   */
  namedAutoScalingGroups: string[];
  /** What discovery found and left out, one sentence each, for the deploy's log. */
  notes: string[];
}

interface DiscoveryDeps {
  eks: EKSClient;
  autoscaling: AutoScalingClient;
}

class DiscoveryError extends Error {
  override readonly name = "DiscoveryError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Caretaker could not resolve the clusters and Auto Scaling groups to manage; nothing was deployed:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.problems = problems;
  }
}

/** Deploy-time calls are few; a small pool keeps an account with many clusters quick without throttling. */
const CONCURRENCY = 4;
/** DescribeAutoScalingGroups returns at most 100 groups a page. */
const GROUPS_PER_PAGE = 100;
/** Access entries need one of these authentication modes (CONFIG_MAP-only clusters refuse CreateAccessEntry). */
const ACCESS_ENTRY_MODES = ["API", "API_AND_CONFIG_MAP"];
/** Cluster statuses in which an access entry can be created. */
const USABLE_STATUSES = ["ACTIVE", "UPDATING"];

async function listClusters(eks: EKSClient): Promise<string[]> {
  const pages = await allPages(
    (nextToken) => eks.send(new ListClustersCommand({ maxResults: 100, ...(nextToken ? { nextToken } : {}) })),
    (page) => page.nextToken,
  );
  return pages.flatMap((page) => page.clusters ?? []);
}

/** Every cluster of the account and Region but the excluded ones; each must accept access entries. */
async function discoverClusters(eks: EKSClient, exclude: readonly string[], notes: string[]): Promise<string[]> {
  let names: string[];
  try {
    names = await listClusters(eks);
  } catch (error) {
    throw new DiscoveryError([
      `clusters.discover: eks:ListClusters failed (${describeError(error)}). The deploy's credentials need eks:ListClusters and eks:DescribeCluster; or list the clusters in "clusters" instead.`,
    ]);
  }
  const excluded = new Set(exclude);
  const wanted = names.filter((name) => !excluded.has(name)).sort();
  const skipped = names.filter((name) => excluded.has(name));
  if (skipped.length > 0) notes.push(`clusters: left out as configured: ${skipped.sort().join(", ")}`);

  const problems: string[] = [];
  await mapLimit(wanted, CONCURRENCY, async (name) => {
    try {
      const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
      const mode = cluster?.accessConfig?.authenticationMode ?? "CONFIG_MAP";
      const status = cluster?.status ?? "UNKNOWN";
      if (!ACCESS_ENTRY_MODES.includes(mode)) {
        problems.push(
          `clusters.discover: cluster "${name}" uses authentication mode ${mode}, which refuses EKS access entries: switch it (aws eks update-cluster-config --name ${name} --access-config authenticationMode=API_AND_CONFIG_MAP) or add it to clusters.exclude`,
        );
      } else if (!USABLE_STATUSES.includes(status)) {
        problems.push(`clusters.discover: cluster "${name}" is ${status}, so no access entry can be created on it: deploy when it is ACTIVE, or add it to clusters.exclude`);
      }
    } catch (error) {
      problems.push(`clusters.discover: eks:DescribeCluster of "${name}" failed (${describeError(error)}); the deploy's credentials need eks:DescribeCluster`);
    }
  });
  if (problems.length > 0) throw new DiscoveryError(problems.sort());
  notes.push(wanted.length > 0 ? `clusters: discovered ${wanted.join(", ")}` : "clusters: discovery found no EKS cluster in this account and Region");
  return wanted;
}

async function describeGroups(autoscaling: AutoScalingClient, filter: Filter): Promise<AutoScalingGroup[]> {
  const pages = await allPages(
    (NextToken) =>
      autoscaling.send(new DescribeAutoScalingGroupsCommand({ Filters: [filter], IncludeInstances: false, MaxRecords: GROUPS_PER_PAGE, ...(NextToken ? { NextToken } : {}) })),
    (page) => page.NextToken,
  );
  return pages.flatMap((page) => page.AutoScalingGroups ?? []);
}

/**
 * The Auto Scaling groups tagged for one of the clusters (`kubernetes.io/cluster/<name>` = owned | shared, or
 * `eks:cluster-name` = <name>), except those of EKS managed node groups (`eks:nodegroup-name`), which EKS drains
 * itself: a Caretaker hook there would hold every termination EKS already drains.
 */
async function discoverGroups(autoscaling: AutoScalingClient, clusters: readonly string[], notes: string[]): Promise<string[]> {
  const filters: Filter[] = clusters.flatMap((cluster) => clusterGroupFilters(cluster));
  let found: AutoScalingGroup[];
  try {
    found = (await mapLimit(filters, CONCURRENCY, (filter) => describeGroups(autoscaling, filter))).flat();
  } catch (error) {
    throw new DiscoveryError([
      `autoScalingGroups.discover: autoscaling:DescribeAutoScalingGroups failed (${describeError(error)}). The deploy's credentials need autoscaling:DescribeAutoScalingGroups; or list the groups in "autoScalingGroups" instead.`,
    ]);
  }
  const self = new Set<string>();
  const managed = new Set<string>();
  for (const group of found) {
    const name = group.AutoScalingGroupName;
    if (!name) continue;
    if (nodegroupFromTags(tagRecord(group.Tags))) managed.add(name);
    else self.add(name);
  }
  if (managed.size > 0) notes.push(`autoScalingGroups: not hooked, EKS managed node groups drain their own nodes: ${[...managed].sort().join(", ")}`);
  return [...self].sort();
}

/** Whether the selection asks to discover anything (else it resolves without a single AWS call). */
function needsDiscovery(selection: TargetSelection): boolean {
  const groups = selection.autoScalingGroups;
  return !Array.isArray(selection.clusters) || (!Array.isArray(groups) && (groups as { discover: boolean }).discover);
}

/**
 * Resolves the configuration's clusters and Auto Scaling groups into explicit lists; throws DiscoveryError on any
 * failure. `deps` may be a factory: it is called only when something is to be discovered.
 */
async function discoverTargets(selection: TargetSelection, deps: DiscoveryDeps | (() => DiscoveryDeps)): Promise<Targets> {
  const notes: string[] = [];
  const clients = needsDiscovery(selection) ? (typeof deps === "function" ? deps() : deps) : undefined;
  const clusters =
    clients && !Array.isArray(selection.clusters)
      ? await discoverClusters(clients.eks, (selection.clusters as { exclude: readonly string[] }).exclude, notes)
      : [...(selection.clusters as readonly string[])];

  const groups = selection.autoScalingGroups;
  if (Array.isArray(groups)) return { clusters, autoScalingGroups: [...(groups as readonly string[])], namedAutoScalingGroups: [...(groups as readonly string[])], notes };
  const { names, discover, exclude } = groups as { names: readonly string[]; discover: boolean; exclude: readonly string[] };
  const discovered = clients && discover ? await discoverGroups(clients.autoscaling, clusters, notes) : [];
  const excluded = new Set(exclude);
  const left = discovered.filter((name) => excluded.has(name));
  if (left.length > 0) notes.push(`autoScalingGroups: left out as configured: ${left.join(", ")}`);
  const extra = discovered.filter((name) => !excluded.has(name) && !names.includes(name));
  if (discover) notes.push(extra.length > 0 ? `autoScalingGroups: discovered ${extra.join(", ")}` : "autoScalingGroups: discovery found no self-managed group tagged for the managed clusters");
  const named = names.filter((name) => !excluded.has(name));
  return { clusters, autoScalingGroups: [...named, ...extra], namedAutoScalingGroups: named, notes };
}

export { DiscoveryError, discoverTargets };
export type { DiscoveryDeps, TargetSelection, Targets };
