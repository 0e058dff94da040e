import { DescribeClusterCommand, type EKSClient } from "@aws-sdk/client-eks";
import { KubeConfig, type User } from "@kubernetes/client-node";
import type https from "node:https";
import { ClusterConnection } from "./connection";
import { ClusterAccessError } from "./errors";
import { createEksToken } from "./token";
import { EksTokenSource } from "./token-source";

/** Marks the kubeconfig user whose bearer token our authenticator supplies on every request. */
const EKS_AUTH_PROVIDER = "caretaker-eks-token";

interface ClusterConnectorOptions {
  /** Built from the SDK's default chains; its region and credentials also sign the tokens. */
  eks: EKSClient;
  /** Clock used for token signing and expiry (tests). */
  now?: () => Date;
}

interface ClusterConnector {
  /**
   * The cached connection to `cluster`, created with DescribeCluster on first use — or from `known`, the endpoint and
   * CA of a DescribeCluster answer the caller already holds (one request fewer per cluster).
   */
  connect(cluster: string, known?: ClusterEndpoint): Promise<ClusterConnection>;
  /** Drops a cached connection, e.g. after the cluster's endpoint changed. */
  forget(cluster: string): void;
}

interface ClusterEndpoint {
  endpoint: string;
  certificateAuthority: string;
}

async function describeEndpoint(eks: EKSClient, cluster: string, region: string): Promise<ClusterEndpoint> {
  const operation = "describe the cluster (eks:DescribeCluster)";
  let described;
  try {
    described = await eks.send(new DescribeClusterCommand({ name: cluster }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === "ResourceNotFoundException") {
      throw new ClusterAccessError(`EKS cluster "${cluster}" does not exist in ${region} (DescribeCluster: ResourceNotFoundException); check the name and AWS_REGION.`, {
        cluster, operation, reason: "cluster-not-found", cause: error,
      });
    }
    if (name === "AccessDeniedException") {
      throw new ClusterAccessError(`Caretaker's IAM role may not call eks:DescribeCluster on "${cluster}" in ${region}; grant it on the cluster's ARN.`, {
        cluster, operation, reason: "describe-denied", cause: error,
      });
    }
    throw new ClusterAccessError(`Could not describe EKS cluster "${cluster}" in ${region}: ${(error as Error).message}`, {
      cluster, operation, reason: "api-error", cause: error,
    });
  }
  const endpoint = described.cluster?.endpoint;
  const certificateAuthority = described.cluster?.certificateAuthority?.data;
  if (!endpoint || !certificateAuthority) {
    throw new ClusterAccessError(
      `EKS cluster "${cluster}" has no API endpoint yet (status ${described.cluster?.status ?? "unknown"}); retry once it is ACTIVE.`,
      { cluster, operation, reason: "no-endpoint" },
    );
  }
  return { endpoint, certificateAuthority };
}

function buildEksKubeConfig(cluster: string, { endpoint, certificateAuthority }: ClusterEndpoint, tokens: EksTokenSource): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: cluster, server: endpoint, caData: certificateAuthority, skipTLSVerify: false }],
    users: [{ name: "caretaker", authProvider: { name: EKS_AUTH_PROVIDER, config: { cluster } } }],
    contexts: [{ name: cluster, cluster, user: "caretaker" }],
    currentContext: cluster,
  });
  kubeConfig.addAuthenticator({
    isAuthProvider: (user: User) => user.authProvider?.name === EKS_AUTH_PROVIDER,
    async applyAuthentication(_user: User, options: https.RequestOptions) {
      options.headers = { ...options.headers, Authorization: `Bearer ${await tokens.get()}` };
    },
  });
  return kubeConfig;
}

/**
 * Connects to EKS clusters the way `aws eks update-kubeconfig` + `aws eks get-token` would: DescribeCluster gives the
 * endpoint and CA, and a presigned STS URL is the bearer token (cached, re-signed before it expires).
 */
function createClusterConnector({ eks, now = () => new Date() }: ClusterConnectorOptions): ClusterConnector {
  const connections = new Map<string, Promise<ClusterConnection>>();

  async function open(cluster: string, known: ClusterEndpoint | undefined): Promise<ClusterConnection> {
    const region = await eks.config.region();
    const endpoint = known ?? (await describeEndpoint(eks, cluster, region));
    const tokens = new EksTokenSource(
      async () => createEksToken({ clusterName: cluster, region, credentials: eks.config.credentials, signingDate: now() }),
      () => now().getTime(),
    );
    return new ClusterConnection({ cluster, kubeConfig: buildEksKubeConfig(cluster, endpoint, tokens), source: "eks", tokens });
  }

  return {
    connect(cluster, known) {
      if (!cluster) return Promise.reject(new Error("A cluster name is required to connect to EKS"));
      let connection = connections.get(cluster);
      if (!connection) {
        connection = open(cluster, known);
        connections.set(cluster, connection);
        // A failed attempt must not poison the cache: the next call tries again.
        connection.catch(() => connections.delete(cluster));
      }
      return connection;
    },
    forget(cluster) {
      connections.delete(cluster);
    },
  };
}

const defaultConnectors = new WeakMap<EKSClient, ClusterConnector>();

/** `connectToCluster(name, { eks })`: the shared, cached connector for this EKS client. */
function connectToCluster(cluster: string, options: ClusterConnectorOptions): Promise<ClusterConnection> {
  let connector = defaultConnectors.get(options.eks);
  if (!connector) {
    connector = createClusterConnector(options);
    defaultConnectors.set(options.eks, connector);
  }
  return connector.connect(cluster);
}

export { connectToCluster, createClusterConnector, EKS_AUTH_PROVIDER };
export type { ClusterConnector, ClusterConnectorOptions };
