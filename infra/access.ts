interface AccessEntriesArgs {
  /** Prefix of the resource names, e.g. "Drain". */
  name: string;
  clusters: readonly string[];
  /** The IAM role the function runs as (`fn.nodes.role.arn`). */
  principalArn: $util.Input<string>;
  /**
   * Kubernetes groups the role is mapped to; their RBAC is applied by `caretaker bootstrap` (core's access module).
   * None (the probe's entry) leaves the property unset, as CreateAccessEntry takes it: the role then authenticates
   * and is only `system:authenticated`.
   */
  kubernetesGroups: readonly string[];
}

/**
 * One EKS access entry per cluster for a function's role (drain.md §8.2): STANDARD, with Kubernetes groups instead of
 * an access policy, because no built-in policy grants what Caretaker needs (nodes, pods/eviction) without granting
 * cluster admin. Needs the cluster's authentication mode to be API or API_AND_CONFIG_MAP.
 */
function createAccessEntries({ name, clusters, principalArn, kubernetesGroups }: AccessEntriesArgs) {
  return clusters.map(
    (cluster) =>
      new aws.eks.AccessEntry(`${name}Access-${cluster}`, {
        clusterName: cluster,
        principalArn,
        type: "STANDARD",
        ...(kubernetesGroups.length > 0 ? { kubernetesGroups: [...kubernetesGroups] } : {}),
      }),
  );
}

export { createAccessEntries };
export type { AccessEntriesArgs };
