import { type Cluster, DescribeClusterCommand, type EKSClient } from "@aws-sdk/client-eks";
import type { Deployment } from "@caretaker/core/deployment";
import { mapLimit } from "@caretaker/core/drift/collect";
import { clusterNames } from "@caretaker/core/eks";
import { type CheckResult, couldNotCheck } from "./check";
import { type FunctionScope, functionScopes, listing } from "./scopes";

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

/** Who works on which clusters, one phrase per distinct set: "drain: prod; image GC and drift: every cluster of eu-west-1". */
function scopeSummary(scopes: readonly FunctionScope[], region: string): string {
  const describe = (scope: FunctionScope) =>
    scope.clusters === "all" ? `every cluster of ${region}` : scope.clusters.length > 0 ? scope.clusters.join(", ") : "none";
  const phrases = new Map<string, string[]>();
  for (const scope of scopes) phrases.set(describe(scope), [...(phrases.get(describe(scope)) ?? []), scope.label]);
  return [...phrases].map(([phrase, labels]) => `${listing(labels)}: ${phrase}`).join("; ");
}

/**
 * The clusters the stage's functions work on — the descriptor's lists, plus every cluster of the Region
 * (ListClusters) when image GC or drift works on all of them — each described once for the checks that need its
 * endpoint and authentication mode. A listed cluster that does not exist is a failure naming the key that lists it.
 */
async function managedClusters(eks: EKSClient, deployment: Deployment): Promise<ManagedClusters> {
  const scopes = functionScopes(deployment);
  const listed = [...new Set(scopes.flatMap((scope) => (Array.isArray(scope.clusters) ? scope.clusters : [])))];
  const everyCluster = scopes.some((scope) => scope.clusters === "all");
  let names: string[];
  try {
    names = everyCluster ? [...new Set([...(await clusterNames(eks, undefined)), ...listed])] : listed;
  } catch (error) {
    return { clusters: undefined, checks: [couldNotCheck("clusters", "managed clusters", "eks:ListClusters", error)] };
  }
  if (names.length === 0) {
    const all = scopes.filter((scope) => scope.clusters === "all").map((scope) => scope.label);
    return {
      clusters: [],
      checks: [
        everyCluster
          ? {
              area: "clusters",
              name: "managed clusters",
              status: "warn",
              detail: `no EKS cluster in ${deployment.region}: ${listing(all)} ${all.length === 1 ? "works" : "work"} on every cluster of the Region, and there is none`,
              fix: `Create a cluster in ${deployment.region}, or check that this is the Region the stage was deployed to (AWS_REGION).`,
            }
          : {
              area: "clusters",
              name: "managed clusters",
              status: "warn",
              detail: `the stage's functions work on no cluster (${scopeSummary(scopes, deployment.region)})`,
              fix: `List the clusters in "clusters" in CARETAKER_CONFIG and redeploy: npx sst deploy --stage ${deployment.stage}`,
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
        const keys = scopes.filter((scope) => Array.isArray(scope.clusters) && scope.clusters.includes(name)).map((scope) => scope.configKey);
        const quoted = listing([...new Set(keys)].map((key) => `"${key}"`));
        checks.push({
          area: "clusters",
          name,
          status: "fail",
          detail: `listed in the stage's ${quoted} but there is no EKS cluster ${name} in ${deployment.region}`,
          fix: `Remove ${name} from ${quoted} in CARETAKER_CONFIG and redeploy (npx sst deploy --stage ${deployment.stage}), or fix the name.`,
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
    const excluded = deployment.excludedClusters;
    checks.unshift({
      area: "clusters",
      name: "managed clusters",
      status: "ok",
      detail: [
        `${found.map((c) => `${c.name} (${c.cluster?.status ?? "?"}, ${c.cluster?.version ?? "?"})`).join(", ")}`,
        ` — ${scopeSummary(scopes, deployment.region)}`,
        excluded.length > 0 ? `; discovery leaves out ${excluded.join(", ")} (clusters.exclude)` : "",
      ].join(""),
    });
  }
  return { clusters, checks };
}

export { managedClusters };
export type { ManagedCluster };
