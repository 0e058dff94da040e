import { SandboxAwsAccount, type AwsAccountSpec } from "./aws/account";
import type { LifecycleHookSpec } from "./aws/autoscaling/spec";
import type { EksClusterSpec, EksNodegroupSpec } from "./aws/eks/spec";
import type { FakeService } from "./aws/service";
import { wireAwsClients } from "./aws/wiring";
import { SandboxClock } from "./clock";
import type { SandboxCredentials } from "./kube/eks-token-verifier";
import { type SandboxCluster, startCluster, type StartClusterOptions } from "./kube/cluster";
import type { ImageResolver } from "./kube/images";
import type { ClusterSpec, NodeSpec } from "./kube/spec";

/** The credentials test/setup.ts exports, i.e. what SDK clients' default chain signs with in tests and the demo. */
const CARETAKER_TEST_CREDENTIALS = { accessKeyId: "AKIDCARETAKERTEST", secretAccessKey: "caretaker-test-secret" };

/** A group of nodes backed by an Auto Scaling group (and, when `managed`, an EKS managed node group). */
interface NodeGroupSpec {
  name: string;
  /** Number of nodes; each is an EC2 instance in the group and a Kubernetes node named by its private DNS name. */
  nodes: number;
  /** EKS managed node group (default true); false for a self-managed group. */
  managed?: boolean;
  lifecycle?: "spot" | "on-demand";
  instanceType?: string;
  /** kubelet version of the nodes (default the cluster's). */
  kubeletVersion?: string;
  labels?: Record<string, string>;
  /**
   * A terminate lifecycle hook on the group (what Caretaker's infra creates): true for the defaults Caretaker
   * uses (name "caretaker-drain", heartbeat 300 s, default result CONTINUE), or the hook's fields.
   */
  terminateHook?: boolean | Partial<LifecycleHookSpec>;
  /** Managed node group fields (version, releaseVersion, amiType, …). */
  nodegroup?: Omit<EksNodegroupSpec, "name" | "autoScalingGroups">;
  /** More tags on the Auto Scaling group (e.g. Caretaker's `caretaker:drain` stage tag). */
  tags?: Record<string, string>;
}

interface SandboxClusterSpec extends Omit<ClusterSpec, "nodes"> {
  nodeGroups?: NodeGroupSpec[];
  /** Nodes outside any Auto Scaling group (Karpenter, Fargate, hand-made). */
  nodes?: NodeSpec[];
  /** EKS-side state of the cluster (access entries, add-ons, insights, support type, status, tags). */
  eks?: Omit<EksClusterSpec, "name" | "version" | "endpoint" | "certificateAuthorityData" | "nodegroups"> & { extraNodegroups?: EksNodegroupSpec[] };
}

interface SandboxSpec {
  seed?: number;
  /** Simulated ms per real ms (default 1). */
  scale?: number;
  /** Simulated start time (default now). */
  start?: Date | string;
  clusters?: SandboxClusterSpec[];
  /** Known credentials; default: the test credentials as `arn:aws:iam::<account>:role/caretaker-functions`. */
  principals?: SandboxCredentials[];
  /** Everything else on the AWS side (ECR repositories, SSM parameters, topics, tables, EKS versions/add-on catalog, extra groups). */
  aws?: Omit<AwsAccountSpec, "seed" | "principals">;
  /** Extra fakes (e.g. ECR, DynamoDB) built with the account. */
  services?: ReadonlyArray<(account: SandboxAwsAccount) => FakeService>;
  timing?: StartClusterOptions["timing"];
  /** Resolves images to digests for kubelet imageIDs (default: through the ECR fake when present). */
  resolveImage?: ImageResolver;
}

/** A whole sandbox: one AWS account (wired into the SDK clients) and its running clusters, on one clock. */
interface SandboxAccount {
  clock: SandboxClock;
  aws: SandboxAwsAccount;
  clusters: Record<string, SandboxCluster>;
  cluster(name: string): SandboxCluster;
  /** Kubernetes node names per cluster and node group. */
  nodeGroups: Record<string, Record<string, Array<{ node: string; instanceId: string; asg: string }>>>;
  /** The principal Caretaker runs as in the sandbox (matches the SDK's default-chain credentials in tests). */
  caretakerPrincipalArn: string;
  /** One kubeconfig with a context per cluster, authenticated as a cluster admin (static token). */
  kubeconfig(): Record<string, unknown>;
  /**
   * Points the AWS SDK's default credential chain of this process at the sandbox's Caretaker principal (and its
   * Region), as the Lambda environment would; returns a function that restores the previous values.
   */
  useCaretakerCredentials(env?: NodeJS.ProcessEnv): () => void;
  stop(): Promise<void>;
}

const DEFAULT_HOOK: LifecycleHookSpec = { name: "caretaker-drain", heartbeatTimeout: 300, defaultResult: "CONTINUE" };

function asgName(cluster: string, group: string): string {
  return `${cluster}-${group}`;
}

/**
 * Builds a sandbox account from one declarative spec: the AWS fakes (EKS clusters and node groups, Auto Scaling
 * groups with hooks, EC2 instances, …) wired into the real SDK clients, and a running Kubernetes simulator per
 * cluster whose nodes are those instances and whose endpoint and CA are what DescribeCluster returns.
 */
async function createSandboxAccount(spec: SandboxSpec): Promise<SandboxAccount> {
  const clock = new SandboxClock({ scale: spec.scale ?? 1, ...(spec.start ? { start: new Date(spec.start) } : {}) });
  const accountId = spec.aws?.accountId ?? "111122223333";
  const caretakerPrincipalArn = `arn:aws:iam::${accountId}:role/caretaker-functions`;
  const principals = spec.principals ?? [{ ...CARETAKER_TEST_CREDENTIALS, principalArn: caretakerPrincipalArn }];
  const clusters = spec.clusters ?? [];

  const groups = clusters.flatMap((cluster) =>
    (cluster.nodeGroups ?? []).map((group) => ({
      name: asgName(cluster.name, group.name),
      instances: group.nodes,
      ...(group.lifecycle ? { lifecycle: group.lifecycle } : {}),
      ...(group.instanceType ? { instanceType: group.instanceType } : {}),
      cluster: cluster.name,
      ...(group.managed === false ? { tags: { [`kubernetes.io/cluster/${cluster.name}`]: "owned", ...group.tags } } : { nodegroup: group.name, ...(group.tags ? { tags: group.tags } : {}) }),
      ...(group.terminateHook ? { lifecycleHooks: [{ ...DEFAULT_HOOK, ...(typeof group.terminateHook === "object" ? group.terminateHook : {}) }] } : {}),
    })),
  );
  const eksClusters: EksClusterSpec[] = clusters.map((cluster) => {
    const { extraNodegroups, ...eks } = cluster.eks ?? {};
    return {
      ...eks,
      name: cluster.name,
      version: cluster.version ?? "1.31",
      nodegroups: [
        ...(cluster.nodeGroups ?? []).filter((group) => group.managed !== false).map((group) => ({ ...group.nodegroup, name: group.name, autoScalingGroups: [asgName(cluster.name, group.name)] })),
        ...(extraNodegroups ?? []),
      ],
    };
  });
  const awsSpec: AwsAccountSpec = {
    ...spec.aws,
    seed: spec.seed ?? 1,
    principals,
    eks: { ...spec.aws?.eks, clusters: [...(spec.aws?.eks?.clusters ?? []), ...eksClusters] },
    autoscaling: { ...spec.aws?.autoscaling, groups: [...(spec.aws?.autoscaling?.groups ?? []), ...groups] },
  };
  const aws = new SandboxAwsAccount(awsSpec, clock, spec.services ? { services: spec.services } : {});
  const wiring = wireAwsClients(aws);

  const resolveImage: ImageResolver =
    spec.resolveImage ??
    ((image) => {
      const match = new RegExp(`^${accountId}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/([^:@]+):(.+)$`).exec(image);
      if (!match) return undefined;
      try {
        return aws.ecr.digestOf(match[1] as string, match[2] as string);
      } catch {
        return undefined;
      }
    });

  const running: Record<string, SandboxCluster> = {};
  const nodeGroups: SandboxAccount["nodeGroups"] = {};
  try {
    for (const cluster of clusters) {
      nodeGroups[cluster.name] = {};
      const nodes: NodeSpec[] = [...(cluster.nodes ?? [])];
      for (const group of cluster.nodeGroups ?? []) {
        const name = asgName(cluster.name, group.name);
        const members = (aws.autoscaling.group(name)?.Instances ?? []).map((instance) => ({
          instanceId: instance.InstanceId as string,
          zone: instance.AvailabilityZone as string,
          node: aws.ec2.instance(instance.InstanceId as string)?.PrivateDnsName as string,
        }));
        (nodeGroups[cluster.name] as Record<string, Array<{ node: string; instanceId: string; asg: string }>>)[group.name] = members.map(({ node, instanceId }) => ({ node, instanceId, asg: name }));
        for (const member of members) {
          nodes.push({
            name: member.node,
            instanceId: member.instanceId,
            zone: member.zone,
            labels: { ...(group.managed === false ? {} : { "eks.amazonaws.com/nodegroup": group.name }), ...(group.lifecycle === "spot" ? { "eks.amazonaws.com/capacityType": "SPOT" } : {}), ...group.labels },
            ...(group.kubeletVersion ? { kubeletVersion: group.kubeletVersion } : {}),
          });
        }
      }
      const byGroup = nodeGroups[cluster.name] as Record<string, Array<{ node: string }>>;
      const place = <T extends { nodeGroup?: string; nodes?: string[] }>(item: T): T =>
        item.nodeGroup ? { ...item, nodes: (byGroup[item.nodeGroup] ?? []).map((member) => member.node) } : item;
      const { nodeGroups: _groups, eks: _eks, ...kube } = cluster;
      const kubeSpec: ClusterSpec = {
        ...kube,
        nodes,
        deployments: cluster.deployments?.map(place),
        statefulSets: cluster.statefulSets?.map(place),
        daemonSets: cluster.daemonSets?.map(place),
        jobs: cluster.jobs?.map(place),
        pods: cluster.pods?.map((pod) => (pod.nodeGroup ? { ...pod, node: byGroup[pod.nodeGroup]?.[0]?.node } : pod)),
      };
      const started = await startCluster(kubeSpec, {
        clock,
        seed: (spec.seed ?? 1) + Object.keys(running).length,
        resolveImage,
        ...(spec.timing ? { timing: spec.timing } : {}),
        identities: {
          credentials: () => aws.principals,
          identityFor: (principalArn) => {
            const identity = aws.eks.identityFor(cluster.name, principalArn);
            if (!identity) return undefined;
            return {
              username: identity.username,
              groups: identity.groups,
              accessPolicies: identity.accessPolicies.map((policy) => ({
                policyArn: policy.policyArn,
                ...(policy.accessScope.type === "namespace" ? { namespaces: policy.accessScope.namespaces ?? [] } : {}),
              })),
            };
          },
        },
      });
      running[cluster.name] = started;
      aws.eks.setEndpoint(cluster.name, started.url, started.caData);
    }
  } catch (error) {
    for (const cluster of Object.values(running)) await cluster.stop();
    wiring.restore();
    clock.dispose();
    throw error;
  }

  return {
    clock,
    aws,
    clusters: running,
    cluster(name) {
      const found = running[name];
      if (!found) throw new Error(`the sandbox has no cluster "${name}" (it has: ${Object.keys(running).join(", ") || "none"})`);
      return found;
    },
    nodeGroups,
    caretakerPrincipalArn,
    kubeconfig() {
      const configs = Object.values(running).map((cluster) => cluster.kubeconfig({ name: `${cluster.name}-admin`, token: cluster.adminToken }) as { clusters: unknown[]; users: unknown[]; contexts: unknown[] });
      return {
        apiVersion: "v1",
        kind: "Config",
        "current-context": Object.keys(running)[0] ?? "",
        clusters: configs.flatMap((config) => config.clusters),
        users: configs.flatMap((config) => config.users),
        contexts: configs.flatMap((config) => config.contexts),
      };
    },
    useCaretakerCredentials(env = process.env) {
      const keys = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_REGION"] as const;
      const saved = Object.fromEntries(keys.map((key) => [key, env[key]]));
      const principal = principals.find((candidate) => candidate.principalArn === caretakerPrincipalArn) ?? principals[0];
      if (!principal) throw new Error("the sandbox has no principals to act as");
      for (const key of keys) delete env[key];
      env.AWS_ACCESS_KEY_ID = principal.accessKeyId;
      env.AWS_SECRET_ACCESS_KEY = principal.secretAccessKey;
      if (principal.sessionToken) env.AWS_SESSION_TOKEN = principal.sessionToken;
      env.AWS_REGION = aws.region;
      return () => {
        for (const key of keys) {
          if (saved[key] === undefined) delete env[key];
          else env[key] = saved[key];
        }
      };
    },
    async stop() {
      for (const cluster of Object.values(running)) await cluster.stop();
      wiring.restore();
      clock.dispose();
    },
  };
}

export { CARETAKER_TEST_CREDENTIALS, createSandboxAccount };
export type { NodeGroupSpec, SandboxAccount, SandboxClusterSpec, SandboxSpec };
