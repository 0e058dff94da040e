import type { Deployment } from "@caretaker/core/deployment";

/** A function that works on clusters: which ones, as what, and where the deploy mapped its role. */
interface FunctionScope {
  key: "drain" | "imageGc" | "drift";
  label: string;
  roleArn: string;
  /** The Kubernetes group its access entry must map its role to. */
  group: string;
  /** The clusters it works on: a list, or "all" (every cluster of the Region). */
  clusters: readonly string[] | "all";
  /** Where the deploy created its role's access entry. */
  accessEntryClusters: readonly string[];
  /** The CARETAKER_CONFIG key its list of clusters comes from. */
  configKey: string;
}

/**
 * What the descriptor says about each function's clusters: the drain works on the top-level clusters (and has its
 * entries there); image GC and drift on their own lists or every cluster of the Region, with entries where the deploy
 * put them. The probe's entry maps no group, so it is not a scope here (access-entries.ts checks it apart).
 */
function functionScopes(deployment: Deployment): FunctionScope[] {
  const { drainer, reader } = deployment.kubernetesGroups;
  return [
    { key: "drain", label: "drain", roleArn: deployment.functions.drain.roleArn, group: drainer, clusters: deployment.clusters, accessEntryClusters: deployment.clusters, configKey: "clusters" },
    {
      key: "imageGc",
      label: "image GC",
      roleArn: deployment.functions.imageGc.roleArn,
      group: reader,
      clusters: deployment.imageGc.clusters,
      accessEntryClusters: deployment.imageGc.accessEntryClusters,
      configKey: "gc.clusters",
    },
    {
      key: "drift",
      label: "drift",
      roleArn: deployment.functions.drift.roleArn,
      group: reader,
      clusters: deployment.drift.clusters,
      accessEntryClusters: deployment.drift.accessEntryClusters,
      configKey: "drift.clusters",
    },
  ];
}

function worksOn(scope: FunctionScope, cluster: string): boolean {
  return scope.clusters === "all" || scope.clusters.includes(cluster);
}

/** "a", "a and b", "a, b and c". */
function listing(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export { functionScopes, listing, worksOn };
export type { FunctionScope };
