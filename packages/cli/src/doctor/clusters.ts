import { type Cluster, DescribeClusterCommand, type EKSClient } from "@aws-sdk/client-eks";
import type { Deployment } from "@caretaker/core/deployment";
import { mapLimit } from "@caretaker/core/drift/collect";
import { clusterNames } from "@caretaker/core/eks";
import { type CheckResult, couldNotCheck } from "./check";

/** A cluster the stage manages, with DescribeCluster's answer when there was one. */
interface ManagedCluster {
  name: string;
  cluster?: Cluster;
  /** Set when EKS said there is no such cluster (a failed DescribeCluster leaves it unknown). */
  missing?: true;
}

interface ManagedClusters {
  /** Undefined when the clusters could not be listed: every per-cluster check then says it was not made. */
  clusters: ManagedCluster[] | undefined;
  checks: CheckResult[];
}

const DESCRIBE_CONCURRENCY = 5;

/**
 * The stage's clusters: the descriptor's list, else every cluster of the Region (ListClusters), each described once
 * for the checks that need its endpoint and authentication mode. A listed cluster that does not exist is a failure.
 */
async function managedClusters(eks: EKSClient, deployment: Deployment): Promise<ManagedClusters> {
  const configured = deployment.clusters.length > 0;
  let names: string[];
  try {
    names = await clusterNames(eks, configured ? deployment.clusters : undefined);
  } catch (error) {
    return { clusters: undefined, checks: [couldNotCheck("clusters", "managed clusters", "eks:ListClusters", error)] };
  }
  if (names.length === 0) {
    return {
      clusters: [],
      checks: [
        {
          area: "clusters",
          name: "managed clusters",
          status: "warn",
          detail: `no EKS cluster in ${deployment.region}: Caretaker manages none`,
          fix: `Create a cluster in ${deployment.region}, or check that this is the Region the stage was deployed to (AWS_REGION).`,
        },
      ],
    };
  }
  const checks: CheckResult[] = [];
  const clusters = await mapLimit(names, DESCRIBE_CONCURRENCY, async (name): Promise<ManagedCluster> => {
    try {
      const { cluster } = await eks.send(new DescribeClusterCommand({ name }));
      return { name, ...(cluster ? { cluster } : {}) };
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") {
        checks.push({
          area: "clusters",
          name,
          status: "fail",
          detail: `listed in the stage's "clusters" but there is no EKS cluster ${name} in ${deployment.region}`,
          fix: `Remove ${name} from "clusters" in CARETAKER_CONFIG and redeploy (npx sst deploy --stage ${deployment.stage}), or fix the name.`,
        });
        return { name, missing: true };
      } else {
        checks.push(couldNotCheck("clusters", name, "eks:DescribeCluster", error));
      }
      return { name };
    }
  });
  const found = clusters.filter((cluster) => cluster.cluster);
  if (found.length > 0) {
    checks.unshift({
      area: "clusters",
      name: "managed clusters",
      status: "ok",
      detail: `${found.map((c) => `${c.name} (${c.cluster?.status ?? "?"}, ${c.cluster?.version ?? "?"})`).join(", ")}${configured ? "" : ` — every cluster of ${deployment.region}`}`,
    });
  }
  return { clusters, checks };
}

export { managedClusters };
export type { ManagedCluster };
