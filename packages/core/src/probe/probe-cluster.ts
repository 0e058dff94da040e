import { AuthenticationV1Api, VersionApi } from "@kubernetes/client-node";
import { ClusterAccessError, type ClusterAccessReason } from "../eks/errors";
import type { ClusterConnection } from "../eks/connection";

interface ProbeResult {
  cluster: string;
  ok: boolean;
  server?: string;
  /** The API server's gitVersion, e.g. `v1.31.4-eks-2d5f260`. */
  version?: string;
  /** Who the cluster thinks Caretaker is: proves the access entry maps the role to the expected groups. */
  identity?: { username: string; groups: string[] };
  /** Round trip of the whole probe, in milliseconds. */
  elapsedMs: number;
  error?: { reason: ClusterAccessReason; message: string };
}

type Connect = (cluster: string) => Promise<ClusterConnection>;

/**
 * Checks from where Caretaker runs that a cluster is reachable and accepts its identity: connect (DescribeCluster +
 * token), read /version, then a SelfSubjectReview (Kubernetes ≥ 1.28) which any authenticated user may create.
 */
async function probeCluster(connect: Connect, cluster: string, now: () => number = performance.now.bind(performance)): Promise<ProbeResult> {
  const started = now();
  let server: string | undefined;
  try {
    const connection = await connect(cluster);
    server = connection.server;
    const version = await connection.call("read the server version", () => connection.api(VersionApi).getCode());
    const review = await connection.call("review its own identity (SelfSubjectReview)", () =>
      connection.api(AuthenticationV1Api).createSelfSubjectReview({ body: { apiVersion: "authentication.k8s.io/v1", kind: "SelfSubjectReview" } }),
    );
    const user = review.status?.userInfo;
    return {
      cluster,
      ok: true,
      server,
      version: version.gitVersion,
      identity: { username: user?.username ?? "(unknown)", groups: user?.groups ?? [] },
      elapsedMs: Math.round(now() - started),
    };
  } catch (error) {
    const reason: ClusterAccessReason = error instanceof ClusterAccessError ? error.reason : "api-error";
    return {
      cluster,
      ok: false,
      ...(server ? { server } : {}),
      elapsedMs: Math.round(now() - started),
      error: { reason, message: error instanceof Error ? error.message : String(error) },
    };
  }
}

/** Probes clusters concurrently; one cluster's failure never hides another's result. */
async function probeClusters(connect: Connect, clusters: readonly string[]): Promise<ProbeResult[]> {
  return Promise.all(clusters.map((cluster) => probeCluster(connect, cluster)));
}

export { probeCluster, probeClusters };
export type { ProbeResult };
