import type { SandboxSpec } from "./account";
import type { EcrImageSpec } from "./aws/ecr";
import type { EksSpec } from "./aws/eks/spec";
import { eksOptimizedAmiParameters } from "./aws/ssm";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const REGISTRY = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`;
const DAY_MS = 86_400_000;

/** Releases of one service: the newest multi-arch and signed, older ones single-arch, plus untagged leftovers. */
function releases(now: number, versions: string[], untagged: number): EcrImageSpec[] {
  const images: EcrImageSpec[] = versions.map((version, index) => {
    const pushedAt = new Date(now - (versions.length - index) * 7 * DAY_MS);
    if (index < versions.length - 1) return { ref: version, tags: [version], pushedAt, lastPulledAt: pushedAt, sizeBytes: 48_000_000 };
    return {
      ref: version,
      kind: "index",
      tags: [version, "latest"],
      pushedAt,
      lastPulledAt: new Date(now - DAY_MS),
      children: [
        { platform: { os: "linux", architecture: "amd64" }, sizeBytes: 52_000_000 },
        { platform: { os: "linux", architecture: "arm64" }, sizeBytes: 50_000_000 },
      ],
    };
  });
  images.push({ kind: "artifact", subject: versions.at(-1), pushedAt: new Date(now - DAY_MS), artifactType: "application/vnd.dev.sigstore.bundle.v0.3+json" });
  for (let i = 0; i < untagged; i++) images.push({ pushedAt: new Date(now - (60 + i) * DAY_MS), sizeBytes: 45_000_000 });
  return images;
}

/** EKS's version calendar around `now`: 1.30 leaves standard support in 20 days, 1.33 is the newest offered. */
function clusterVersions(now: number): NonNullable<EksSpec["clusterVersions"]> {
  const day = (days: number) => new Date(now + days * DAY_MS);
  return [
    { version: "1.28", standard: -200, extended: 165 },
    { version: "1.29", standard: -70, extended: 295 },
    { version: "1.30", standard: 20, extended: 385 },
    { version: "1.31", standard: 178, extended: 543, platform: "eks.12" },
    { version: "1.32", standard: 295, extended: 660, platform: "eks.8" },
    { version: "1.33", standard: 420, extended: 785, platform: "eks.4" },
  ].map((entry) => ({
    version: entry.version,
    releaseDate: day(entry.standard - 425),
    endOfStandardSupportDate: day(entry.standard),
    endOfExtendedSupportDate: day(entry.extended),
    ...(entry.platform ? { defaultPlatformVersion: entry.platform } : {}),
  }));
}

/** Which add-on versions EKS offers for which Kubernetes version (DescribeAddonVersions). */
const ADDON_CATALOG: NonNullable<EksSpec["addonCatalog"]> = [
  {
    name: "vpc-cni",
    versions: [
      { version: "v1.19.2-eksbuild.1", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }, { clusterVersion: "1.32", defaultVersion: true }] },
      { version: "v1.18.3-eksbuild.1", compatibilities: [{ clusterVersion: "1.30", defaultVersion: true }, { clusterVersion: "1.31" }] },
    ],
  },
  {
    name: "coredns",
    versions: [
      { version: "v1.11.4-eksbuild.2", compatibilities: [{ clusterVersion: "1.31", defaultVersion: true }, { clusterVersion: "1.32", defaultVersion: true }] },
      { version: "v1.11.1-eksbuild.9", compatibilities: [{ clusterVersion: "1.29" }, { clusterVersion: "1.30", defaultVersion: true }, { clusterVersion: "1.31" }] },
    ],
  },
];

/**
 * The account `npm start` boots: two clusters of different versions (one drifting), node groups backed by Auto
 * Scaling groups with Caretaker's terminate hook, PDB-guarded workloads whose images live in the account's ECR
 * registry (multi-arch, signed, with history), an alerts topic and the state table.
 */
function demoSpec(now = new Date()): SandboxSpec {
  const t = now.getTime();
  const image = (repository: string, tag: string) => `${REGISTRY}/${repository}:${tag}`;
  const caretaker = { principalArn: `arn:aws:iam::${ACCOUNT}:role/caretaker-functions`, kubernetesGroups: ["caretaker:drainer", "caretaker:reader"] };
  return {
    start: now,
    clusters: [
      {
        name: "prod-eu",
        version: "1.31",
        eks: {
          accessEntries: [caretaker],
          tags: { team: "platform" },
          platformVersion: "eks.12",
          // vpc-cni is fine on 1.31 but has no 1.32 build: it blocks the next upgrade.
          addons: [
            { name: "vpc-cni", version: "v1.18.3-eksbuild.1" },
            { name: "coredns", version: "v1.11.4-eksbuild.2" },
          ],
        },
        nodeGroups: [
          { name: "general", nodes: 3, terminateHook: true, nodegroup: { releaseVersion: "1.31.4-20250115" } },
          { name: "spot", nodes: 2, managed: false, lifecycle: "spot", terminateHook: true },
        ],
        deployments: [
          { name: "web", namespace: "shop", replicas: 4, image: image("shop/web", "v1.4.0"), history: [image("shop/web", "v1.3.2"), image("shop/web", "v1.3.1")], nodeGroup: "general", terminationGracePeriodSeconds: 20 },
          { name: "api", namespace: "shop", replicas: 3, image: image("shop/api", "v2.8.1"), history: [image("shop/api", "v2.8.0")], nodeGroup: "general", terminationGracePeriodSeconds: 30 },
          { name: "worker", namespace: "shop", replicas: 2, image: image("shop/worker", "v0.9.3"), nodeGroup: "spot", emptyDir: true },
        ],
        statefulSets: [{ name: "ledger", namespace: "payments", replicas: 3, image: image("payments/ledger", "v5.2.0"), history: [image("payments/ledger", "v5.1.0")], nodeGroup: "general", terminationGracePeriodSeconds: 60 }],
        daemonSets: [
          { name: "aws-node", namespace: "kube-system", image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.19.2-eksbuild.1", priorityClassName: "system-node-critical" },
          { name: "kube-proxy", namespace: "kube-system", image: "602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.31.3-minimal-eksbuild.2", priorityClassName: "system-node-critical" },
        ],
        cronJobs: [{ name: "nightly-report", namespace: "shop", image: image("shop/reports", "v3") }],
        pdbs: [
          { name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 },
          { name: "api", namespace: "shop", matchLabels: { app: "api" }, minAvailable: 2 },
          { name: "ledger", namespace: "payments", matchLabels: { app: "ledger" }, maxUnavailable: 1 },
        ],
      },
      {
        name: "staging-eu",
        version: "1.30",
        // Standard support only: EKS upgrades it to 1.31 when standard support ends, in 20 days.
        eks: { accessEntries: [caretaker], supportType: "STANDARD", addons: [{ name: "coredns", version: "v1.11.1-eksbuild.9" }] },
        nodeGroups: [{ name: "general", nodes: 2, terminateHook: true, kubeletVersion: "v1.28.15-eks-aeac579", nodegroup: { version: "1.28", releaseVersion: "1.28.15-20241115" } }],
        deployments: [{ name: "web", namespace: "shop", replicas: 2, image: image("shop/web", "v1.3.2"), nodeGroup: "general" }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, minAvailable: 1 }],
      },
    ],
    aws: {
      accountId: ACCOUNT,
      region: REGION,
      ecr: {
        repositories: [
          { name: "shop/web", images: releases(t, ["v1.3.1", "v1.3.2", "v1.4.0"], 6) },
          { name: "shop/api", images: releases(t, ["v2.7.9", "v2.8.0", "v2.8.1"], 4) },
          { name: "shop/worker", images: releases(t, ["v0.9.2", "v0.9.3"], 2) },
          { name: "shop/reports", images: releases(t, ["v2", "v3"], 1) },
          { name: "payments/ledger", images: releases(t, ["v5.0.0", "v5.1.0", "v5.2.0"], 3) },
          { name: "docker-hub/library/nginx", images: [{ tags: ["1.27"], pushedAt: new Date(t - 30 * DAY_MS) }] },
        ],
        pullThroughCacheRules: [{ ecrRepositoryPrefix: "docker-hub", upstreamRegistryUrl: "registry-1.docker.io" }],
      },
      eks: { clusterVersions: clusterVersions(t), addonCatalog: ADDON_CATALOG },
      // EKS's recommended AL2023 releases: prod-eu's general group (1.31.4-20250115) is one release behind.
      ssm: {
        parameters: [
          ...eksOptimizedAmiParameters({ kubernetesVersion: "1.28", releaseVersion: "1.28.15-20241115" }),
          ...eksOptimizedAmiParameters({ kubernetesVersion: "1.30", releaseVersion: "1.30.9-20250301" }),
          ...eksOptimizedAmiParameters({ kubernetesVersion: "1.31", releaseVersion: "1.31.5-20250301" }),
        ],
      },
      sns: { topics: [{ name: "caretaker-alerts", subscriptions: [{ protocol: "email", endpoint: "oncall@example.com", filterPolicy: { format: ["email"] }, confirmed: true }] }] },
      dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] },
    },
  };
}

export { demoSpec };
