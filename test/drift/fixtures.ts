import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EKSClient } from "@aws-sdk/client-eks";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { Clock } from "@caretaker/core/clock";
import { type ClusterFacts, type CollectDeps, DRIFT_RBAC_RULES, type DriftFinding, type DriftLookups } from "@caretaker/core/drift";
import { createClusterConnector } from "@caretaker/core/eks";
import type { SandboxAccount } from "@caretaker/sandbox";
import { eksOptimizedAmiParameters } from "@caretaker/sandbox/aws/ssm/public-parameters";
import type { SsmParameterSpec } from "@caretaker/sandbox/aws/ssm/spec";

const ACCOUNT = "111122223333";
const CARETAKER_ROLE = `arn:aws:iam::${ACCOUNT}:role/caretaker-functions`;
const DRIFT_GROUP = "caretaker:drift-reader";
/**
 * The sandbox clock starts at today's noon (UTC): the simulators' TLS certificates are valid from a day before the
 * sandbox's start, and clients check them against the real time, so the start must be near today. Noon keeps a run
 * from crossing midnight, where every "in N days" would shift by one. Support dates are relative to it.
 */
const START = new Date(`${new Date().toISOString().slice(0, 10)}T12:00:00Z`);

/** The instant `days` after START, as DescribeClusterVersions' JSON form. */
function daysFromStart(days: number): string {
  return new Date(START.getTime() + days * 86_400_000).toISOString();
}

/** A ClusterRole with `rules` bound to the drift group, which the caretaker role's access entry maps to. */
function readerRbac(rules: ReadonlyArray<{ apiGroups: string[]; resources: string[]; verbs: string[] }> = DRIFT_RBAC_RULES): never[] {
  return [
    { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "caretaker-drift" }, rules },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "caretaker-drift" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "caretaker-drift" },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: DRIFT_GROUP }],
    },
  ] as never[];
}

const ACCESS = { accessEntries: [{ principalArn: CARETAKER_ROLE, kubernetesGroups: [DRIFT_GROUP] }] };

function kubeProxyDaemonSet(tag: string) {
  return { name: "kube-proxy", namespace: "kube-system", image: `602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:${tag}` };
}

/**
 * Support dates as DescribeClusterVersions gives them. 1.30 leaves standard support 20 days after START; 1.33 is
 * the newest EKS offers, so nothing can be asked about 1.34.
 */
const CLUSTER_VERSIONS = [
  { version: "1.27", endOfStandardSupport: -400, endOfExtendedSupport: -35 },
  { version: "1.28", endOfStandardSupport: -200, endOfExtendedSupport: 165 },
  { version: "1.29", endOfStandardSupport: -70, endOfExtendedSupport: 295 },
  { version: "1.30", endOfStandardSupport: 20, endOfExtendedSupport: 385 },
  { version: "1.31", endOfStandardSupport: 178, endOfExtendedSupport: 543, defaultPlatformVersion: "eks.3" },
  { version: "1.32", endOfStandardSupport: 295, endOfExtendedSupport: 660, defaultPlatformVersion: "eks.6" },
  { version: "1.33", endOfStandardSupport: 420, endOfExtendedSupport: 785 },
].map(({ version, endOfStandardSupport, endOfExtendedSupport, defaultPlatformVersion }) => ({
  version,
  // Standard support lasts 14 months (about 425 days) from the EKS release.
  releaseDate: daysFromStart(endOfStandardSupport - 425),
  endOfStandardSupportDate: daysFromStart(endOfStandardSupport),
  endOfExtendedSupportDate: daysFromStart(endOfExtendedSupport),
  ...(defaultPlatformVersion ? { defaultPlatformVersion } : {}),
}));

/** DescribeAddonVersions' catalog: which add-on version supports which Kubernetes version. */
const ADDON_CATALOG = [
  {
    name: "vpc-cni",
    versions: [
      { version: "v1.18.3-eksbuild.1", compatibilities: [{ clusterVersion: "1.30", defaultVersion: true }, { clusterVersion: "1.31" }] },
      { version: "v1.19.2-eksbuild.1", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }, { clusterVersion: "1.32", defaultVersion: true }] },
    ],
  },
  { name: "coredns", versions: [{ version: "v1.11.3-eksbuild.2", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }, { clusterVersion: "1.32", defaultVersion: true }] }] },
  {
    name: "kube-proxy",
    versions: [
      { version: "v1.28.15-eksbuild.4", compatibilities: [{ clusterVersion: "1.28", defaultVersion: true }] },
      { version: "v1.31.2-eksbuild.3", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }] },
      { version: "v1.32.0-eksbuild.2", compatibilities: [{ clusterVersion: "1.32", defaultVersion: true }] },
    ],
  },
];

/** The recommended AL2023 release of every version equals what the sandbox's node groups run by default. */
function amiParameters(overrides: SsmParameterSpec[][] = []): SsmParameterSpec[] {
  const defaults = CLUSTER_VERSIONS.map((v) => eksOptimizedAmiParameters({ kubernetesVersion: v.version, releaseVersion: `${v.version}.0-20250101` }));
  const byName = new Map([...defaults, ...overrides].flat().map((parameter) => [parameter.name, parameter]));
  return [...byName.values()];
}

function clockOf(sandbox: SandboxAccount): Clock {
  return { now: () => sandbox.clock.nowMs(), sleep: (ms, signal) => sandbox.clock.sleep(ms, signal) };
}

/** The collector's dependencies as the drift function will build them: real SDK clients and the EKS connector. */
function driftDeps(sandbox: SandboxAccount, lookups?: DriftLookups): CollectDeps {
  const eks = new EKSClient({});
  const connector = createClusterConnector({ eks, now: () => sandbox.clock.now() });
  return {
    eks,
    ssm: new SSMClient({}),
    autoscaling: new AutoScalingClient({}),
    connect: (cluster, known) => connector.connect(cluster, known),
    clock: clockOf(sandbox),
    ...(lookups ? { lookups } : {}),
  };
}

/** Findings reduced to what a scenario states: how severe, which rule, about what. */
function summary(findings: readonly DriftFinding[]): string[] {
  return findings.map((finding) => `${finding.severity} ${finding.code} ${finding.subject}`);
}

function problemsOf(facts: ClusterFacts): string[] {
  return facts.problems.map((problem) => `${problem.check}: ${problem.message}`);
}

export { ACCESS, ACCOUNT, ADDON_CATALOG, amiParameters, CLUSTER_VERSIONS, daysFromStart, driftDeps, kubeProxyDaemonSet, problemsOf, readerRbac, START, summary };
