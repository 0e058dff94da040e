import type { ClusterConnection } from "../../eks/connection";
import { formatMinor, nextMinor, safeParseKubeVersion } from "../versions";
import { collectAddons } from "./addons";
import { addRecommendedReleases } from "./ami-releases";
import { collectAutoScalingGroups } from "./auto-scaling-groups";
import { classifyNode } from "./classify-node";
import { collectClusterVersions } from "./cluster-versions";
import { type CollectContext, type CollectDeps, createCollectContext, describeError } from "./context";
import { readControlPlane } from "./control-plane";
import { CHECK_AREAS, type CheckArea, type ClusterFacts } from "./facts";
import { collectInsights } from "./insights";
import { chooseKubeProxy, type DaemonSetRead, readKubeProxyDaemonSet } from "./kube-proxy";
import { createDriftLookups } from "./lookups";
import { collectNodegroups } from "./nodegroups";
import { listNodes, type ListedNode } from "./nodes";

/**
 * Statuses whose versions are worth reading. UPDATING clusters are read (and their findings marked transitional by
 * the assessment); CREATING, DELETING, FAILED and PENDING ones have nothing stable to compare, so only
 * DescribeCluster is done and the assessment says they were skipped (checklist 1).
 */
const READABLE_STATUSES = new Set(["ACTIVE", "UPDATING"]);

/** A step that fails in a way it did not foresee still becomes a problem, never a rejected run. */
async function guarded<T>(ctx: CollectContext, check: CheckArea, fallback: T, step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    ctx.problem(check, `Unexpected failure: ${describeError(error)}`);
    return fallback;
  }
}

type Connected = { connection: ClusterConnection } | { failed: string };

async function connectTo(ctx: CollectContext, known: { endpoint: string; certificateAuthority: string } | undefined): Promise<Connected> {
  try {
    return { connection: await ctx.deps.connect(ctx.cluster, known) };
  } catch (error) {
    return { failed: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Reads everything drift detection needs about one cluster (drift.md §5, §9, §11, §12), concurrently where the
 * steps are independent: the control plane first (everything else is compared with its version), then nodes and
 * kube-proxy through the Kubernetes API, managed node groups with their recommended AMI releases, add-ons with their
 * compatible versions for this version and the next, insights, support dates, and the Auto Scaling groups with their
 * lifecycle hooks. Never throws: whatever could not be read is a problem on the facts.
 */
async function collectClusterFacts(deps: CollectDeps, cluster: string): Promise<ClusterFacts> {
  const ctx = createCollectContext(deps, cluster, deps.lookups ?? createDriftLookups());
  const collectedAt = new Date(deps.clock.now());
  const facts = (extra: Partial<ClusterFacts> = {}): ClusterFacts => ({
    cluster,
    collectedAt,
    nodes: [],
    nodegroups: [],
    addons: [],
    insights: [],
    versions: {},
    autoScalingGroups: [],
    ...extra,
    // Steps run concurrently; a fixed order keeps reports comparable from run to run.
    problems: [...ctx.problems].sort((a, b) => CHECK_AREAS.indexOf(a.check) - CHECK_AREAS.indexOf(b.check)),
    calls: ctx.calls,
  });

  const read = await readControlPlane(ctx);
  if (!read) {
    // The account is unknown without the cluster's ARN; the client's Region still places the problem.
    const region = await deps.eks.config.region().catch(() => undefined);
    return facts(region ? { region } : {});
  }
  const { controlPlane, account, region } = read;
  const identity = { ...(account ? { account } : {}), ...(region ? { region } : {}), controlPlane };
  if (!READABLE_STATUSES.has(controlPlane.status)) return facts(identity);

  const parsed = safeParseKubeVersion(controlPlane.version);
  if (!parsed.ok) ctx.problem("cluster", `The control plane's version cannot be read (${parsed.error.reason}); versions were not compared.`);
  const next = parsed.ok ? formatMinor(nextMinor(parsed.version)) : undefined;

  // Without a connection, kube-proxy falls back to the add-on's version (chooseKubeProxy reports it).
  const connected = connectTo(ctx, read.endpoint);
  const listed = connected.then((c) => {
    if ("connection" in c) return listNodes(ctx, c.connection);
    ctx.problem("nodes", `${c.failed} No node's kubelet was checked.`);
    return [] as ListedNode[];
  });
  const daemonSet = connected.then((c): Promise<DaemonSetRead> | DaemonSetRead => ("connection" in c ? readKubeProxyDaemonSet(ctx, c.connection) : { failed: c.failed }));
  const versions = guarded(ctx, "support", {}, collectClusterVersions(ctx, controlPlane.version, next));
  const nodegroups = guarded(ctx, "nodegroups", [], collectNodegroups(ctx));
  // Node groups without their recommended releases are still worth every other check.
  const withReleases = nodegroups.then((groups) => guarded(ctx, "ami-releases", groups, addRecommendedReleases(ctx, groups)));
  // Add-on compatibility with the next version is asked only once EKS is known to offer it.
  const nextOffered = versions.then((known) => known.next?.clusterVersion);
  const addons = guarded(ctx, "addons", [], collectAddons(ctx, controlPlane.version, nextOffered));
  const insights = guarded(ctx, "insights", [], collectInsights(ctx));
  const groups = guarded(ctx, "auto-scaling-groups", [], collectAutoScalingGroups(ctx, nodegroups));

  const [nodeList, kubeProxyRead, versionFacts, nodegroupFacts, addonFacts, insightFacts, groupFacts] = await Promise.all([
    guarded(ctx, "nodes", [], listed),
    guarded(ctx, "kube-proxy", { absent: true } as DaemonSetRead, daemonSet),
    versions,
    withReleases,
    addons,
    insights,
    groups,
  ]);
  const asgOfInstance = new Map(groupFacts.flatMap((group) => group.instanceIds.map((id) => [id, group.name] as const)));
  const kubeProxy = chooseKubeProxy(ctx, kubeProxyRead, addonFacts);

  return facts({
    ...identity,
    nodes: nodeList.map((node) => classifyNode(node, asgOfInstance)),
    ...(kubeProxy ? { kubeProxy } : {}),
    nodegroups: nodegroupFacts,
    addons: addonFacts,
    insights: insightFacts,
    versions: versionFacts,
    autoScalingGroups: groupFacts,
  });
}

export { collectClusterFacts };
