import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EKSClient } from "@aws-sdk/client-eks";
import { SSMClient } from "@aws-sdk/client-ssm";
import { driftConfig, driftReaderRbac, runDrift } from "@caretaker/core/drift/run";
import { createClusterConnector } from "@caretaker/core/eks";
import { createSandboxAccount, type SandboxAccount, type SandboxSpec } from "@caretaker/sandbox";
import { eksOptimizedAmiParameters } from "@caretaker/sandbox/aws/ssm/public-parameters";
import { clockOf } from "../drain/harness";

/**
 * The drift benchmark: 20 clusters × 2000 nodes (two managed node groups of 1000 each), three add-ons and one
 * non-passing insight per cluster, 10 ms of latency on every AWS and Kubernetes call. The lower bound is what the
 * APIs force: per cluster ⌈nodes/500⌉ node pages and the kube-proxy DaemonSet, DescribeCluster, ListNodegroups +
 * one DescribeNodegroup each, ListAddons + one DescribeAddon each, ListInsights + one DescribeInsight per
 * non-passing insight, one DescribeAutoScalingGroups and one DescribeLifecycleHooks per group; per run ListClusters,
 * one DescribeClusterVersions, one DescribeAddonVersions per add-on and ⌈parameters/10⌉ GetParameters.
 */
const CLUSTERS = 20;
const GROUPS_PER_CLUSTER = 2;
const NODES_PER_GROUP = 1000;
const ADDONS = ["vpc-cni", "coredns", "kube-proxy"];
const LATENCY_MS = 10;
const VERSIONS = ["1.30", "1.31", "1.32"];
const DAY = 86_400_000;

function spec(now: number): SandboxSpec {
  const day = (days: number) => new Date(now + days * DAY);
  return {
    start: new Date(now),
    // Real time: nothing in a drift run waits long, so simulated milliseconds would only magnify CPU time.
    scale: 1,
    clusters: Array.from({ length: CLUSTERS }, (_, c) => {
      const version = VERSIONS[c % VERSIONS.length] as string;
      return {
        name: `cluster-${c}`,
        version,
        eks: {
          accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", kubernetesGroups: ["caretaker:reader"] }],
          addons: ADDONS.map((name) => ({ name, version: `v${version}.0-eksbuild.1` })),
          insights: [{ name: "Deprecated APIs removed in the next version", kubernetesVersion: version, status: "WARNING" as const, category: "UPGRADE_READINESS" as const }],
        },
        objects: driftReaderRbac() as never[],
        nodeGroups: Array.from({ length: GROUPS_PER_CLUSTER }, (_, g) => ({ name: `group-${g}`, nodes: NODES_PER_GROUP, terminateHook: true, nodegroup: { releaseVersion: `${version}.0-20250101` } })),
        daemonSets: [{ name: "kube-proxy", namespace: "kube-system", image: `602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v${version}.0-minimal-eksbuild.1` }],
      };
    }),
    aws: {
      accountId: "111122223333",
      region: "eu-west-1",
      eks: {
        clusterVersions: [...VERSIONS, "1.33"].map((version, index) => ({ version, releaseDate: day(-400 + index * 120), endOfStandardSupportDate: day(25 + index * 120), endOfExtendedSupportDate: day(390 + index * 120) })),
        addonCatalog: ADDONS.map((name) => ({ name, versions: [...VERSIONS, "1.33"].map((version) => ({ version: `v${version}.0-eksbuild.1`, compatibilities: [{ clusterVersion: version, defaultVersion: true }] })) })),
      },
      ssm: { parameters: VERSIONS.flatMap((version) => eksOptimizedAmiParameters({ kubernetesVersion: version, releaseVersion: `${version}.0-20250101` })) },
    },
  };
}

function lowerBoundCalls(): number {
  const nodes = GROUPS_PER_CLUSTER * NODES_PER_GROUP;
  const kube = Math.ceil(nodes / 500) + 1;
  const aws = 1 + (1 + GROUPS_PER_CLUSTER) + (1 + ADDONS.length) + (1 + 1) + (1 + GROUPS_PER_CLUSTER);
  const perRun = 1 + 1 + ADDONS.length + Math.ceil(VERSIONS.length / 10);
  return CLUSTERS * (kube + aws) + perRun;
}

async function benchDrift(): Promise<void> {
  const now = Date.now();
  const buildStart = performance.now();
  const sandbox: SandboxAccount = await createSandboxAccount(spec(now));
  const restore = sandbox.useCaretakerCredentials();
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  try {
    for (const service of ["eks", "ssm", "autoscaling"]) sandbox.aws.faults.latency(service, LATENCY_MS);
    for (const cluster of Object.values(sandbox.clusters)) cluster.faults.latencyMs = LATENCY_MS;
    const clock = clockOf(sandbox.clock);
    const eks = new EKSClient({});
    const connector = createClusterConnector({ eks, now: () => sandbox.clock.now() });
    const awsBefore = sandbox.aws.calls.count();
    const kubeBefore = Object.values(sandbox.clusters).reduce((sum, cluster) => sum + cluster.requests.length, 0);
    const realStart = performance.now();
    const simStart = clock.now();
    const report = await runDrift({ eks, ssm: new SSMClient({}), autoscaling: new AutoScalingClient({}), connect: (name, known) => connector.connect(name, known), clock }, driftConfig());
    const wallMs = clock.now() - simStart;
    const realMs = performance.now() - realStart;
    const kube = Object.values(sandbox.clusters).reduce((sum, cluster) => sum + cluster.requests.length, 0) - kubeBefore;
    const aws = sandbox.aws.calls.count() - awsBefore;
    const calls = aws + kube;
    const bound = lowerBoundCalls();
    const nodes = report.clusters.reduce((sum, cluster) => sum + cluster.facts.nodes.length, 0);
    const problems = report.clusters.flatMap((cluster) => cluster.facts.problems.map((problem) => `${cluster.cluster}: ${problem.message}`));
    if (nodes !== CLUSTERS * GROUPS_PER_CLUSTER * NODES_PER_GROUP || problems.length > 0) throw new Error(`drift benchmark read ${nodes} nodes; problems: ${problems.slice(0, 3).join(" | ")}`);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    console.log(`drift: ${CLUSTERS} clusters × ${GROUPS_PER_CLUSTER * NODES_PER_GROUP} nodes, ${LATENCY_MS} ms latency: ${calls} API calls (${aws} AWS + ${kube} Kubernetes; lower bound ${bound}), ${(wallMs / 1000).toFixed(1)} s simulated (${realMs.toFixed(0)} ms real; sandbox built in ${((realStart - buildStart) / 1000).toFixed(1)} s), peak RSS ${(peakRss / 1_048_576).toFixed(0)} MB`);
    console.log(`  by operation: ${JSON.stringify(report.calls)}`);
    console.log(JSON.stringify({ bench: "drift", calls, lowerBoundCalls: bound, ratio: Number((calls / bound).toFixed(3)), wallMs, peakRssMb: Math.round(peakRss / 1_048_576) }));
  } finally {
    clearInterval(sampler);
    restore();
    await sandbox.stop();
  }
}

export { benchDrift };
