/**
 * The tags that tie EC2 instances and Auto Scaling groups to an EKS cluster, in one place: the drain reads them to find
 * an instance's cluster, drift to find a cluster's groups, and deploy-time discovery to find the groups to hook.
 * Pure (no SDK): `@caretaker/core/config` and infra import this module.
 */

/** EKS puts it on managed node groups' groups and instances; eksctl and Karpenter on theirs. Trusted first. */
const EKS_CLUSTER_TAG = "eks:cluster-name";
/** `kubernetes.io/cluster/<name>` = `owned` | `shared`: the tag the cloud provider and self-managed groups use. */
const KUBERNETES_CLUSTER_TAG_PREFIX = "kubernetes.io/cluster/";
const KUBERNETES_CLUSTER_TAG_VALUES = ["owned", "shared"] as const;
/** Other tags that name a cluster (eksctl's, CloudFormation-created EKS resources'), trusted last. */
const OTHER_CLUSTER_TAGS = ["alpha.eksctl.io/cluster-name", "aws:eks:cluster-name"] as const;
/**
 * EKS puts it on the Auto Scaling group of every managed node group. Such groups are drained by EKS itself on
 * scale-in, updates and deletion (drain.md §3.4), so Caretaker's discovery never hooks them.
 */
const EKS_NODEGROUP_TAG = "eks:nodegroup-name";

type Tags = Readonly<Record<string, string>>;

/** The cluster-tag key of one cluster (`kubernetes.io/cluster/<name>`). */
function kubernetesClusterTag(cluster: string): string {
  return `${KUBERNETES_CLUSTER_TAG_PREFIX}${cluster}`;
}

/** The EKS cluster the tags name, if any: `eks:cluster-name`, then `kubernetes.io/cluster/<name>` (owned/shared), then the others. */
function clusterFromTags(tags: Tags): string | undefined {
  if (tags[EKS_CLUSTER_TAG]) return tags[EKS_CLUSTER_TAG];
  const prefixed = Object.keys(tags).find((key) => key.startsWith(KUBERNETES_CLUSTER_TAG_PREFIX) && (KUBERNETES_CLUSTER_TAG_VALUES as readonly string[]).includes(tags[key] ?? ""));
  if (prefixed) return prefixed.slice(KUBERNETES_CLUSTER_TAG_PREFIX.length);
  for (const key of OTHER_CLUSTER_TAGS) if (tags[key]) return tags[key];
  return undefined;
}

/** The managed node group whose Auto Scaling group carries these tags, if it is one. */
function nodegroupFromTags(tags: Tags): string | undefined {
  return tags[EKS_NODEGROUP_TAG] || undefined;
}

/**
 * The DescribeAutoScalingGroups filters whose union is the groups tagged for `cluster`: `kubernetes.io/cluster/<name>`
 * = owned | shared, or `eks:cluster-name` = <name>. One request per filter (AWS ANDs the filters of one request). What
 * deploy-time discovery hooks, and what `caretaker doctor` re-discovers, so both find the same groups; with
 * nodegroupFromTags telling managed node groups' groups (never hooked) apart. Shaped as the SDK's `Filter`.
 */
function clusterGroupFilters(cluster: string): { Name: string; Values: string[] }[] {
  return [
    { Name: `tag:${kubernetesClusterTag(cluster)}`, Values: [...KUBERNETES_CLUSTER_TAG_VALUES] },
    { Name: `tag:${EKS_CLUSTER_TAG}`, Values: [cluster] },
  ];
}

/** SDK tag lists (`[{ Key, Value }]`, as EC2 and Auto Scaling return them) as a record. */
function tagRecord(tags: ReadonlyArray<{ Key?: string | undefined; Value?: string | undefined }> | undefined): Record<string, string> {
  return Object.fromEntries((tags ?? []).filter((tag) => tag.Key).map((tag) => [tag.Key as string, tag.Value ?? ""]));
}

export { clusterFromTags, clusterGroupFilters, EKS_CLUSTER_TAG, EKS_NODEGROUP_TAG, KUBERNETES_CLUSTER_TAG_PREFIX, KUBERNETES_CLUSTER_TAG_VALUES, kubernetesClusterTag, nodegroupFromTags, OTHER_CLUSTER_TAGS, tagRecord };
export type { Tags };
