import { AutoScalingClient, DescribeAutoScalingGroupsCommand, DescribeLifecycleHooksCommand } from "@aws-sdk/client-auto-scaling";
import type { SandboxAccount } from "@caretaker/sandbox";
import { renderTable } from "../table";

interface Named {
  metadata: { name: string; namespace?: string; ownerReferences?: Array<{ kind: string }> };
  spec?: Record<string, unknown>;
}

/**
 * What a sandbox account contains, as a person would want to see it before using it: clusters, node groups with
 * their Auto Scaling groups and hooks (read through the real SDK client, i.e. the fakes' API), workloads and
 * their PDBs, and the ECR registry.
 */
async function describeSandbox(sandbox: SandboxAccount): Promise<string> {
  const sections: string[] = [`Sandbox AWS account ${sandbox.aws.accountId} (${sandbox.aws.region}); clock ×${sandbox.clock.scale}`];

  sections.push(
    "Clusters",
    renderTable(
      ["cluster", "version", "endpoint", "nodes", "pods"],
      Object.values(sandbox.clusters).map((cluster) => [
        cluster.name,
        cluster.gitVersion,
        cluster.url,
        String(cluster.list("v1", "Node").length),
        String(cluster.list("v1", "Pod").length),
      ]),
    ),
  );

  const autoscaling = new AutoScalingClient({});
  const groups = (await autoscaling.send(new DescribeAutoScalingGroupsCommand({}))).AutoScalingGroups ?? [];
  const groupRows: string[][] = [];
  for (const group of groups) {
    const hooks = (await autoscaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: group.AutoScalingGroupName }))).LifecycleHooks ?? [];
    const terminate = hooks.find((hook) => hook.LifecycleTransition === "autoscaling:EC2_INSTANCE_TERMINATING");
    const cluster = group.Tags?.find((tag) => tag.Key === "eks:cluster-name")?.Value ?? group.Tags?.find((tag) => tag.Key?.startsWith("kubernetes.io/cluster/"))?.Key?.split("/")[2] ?? "-";
    groupRows.push([
      cluster,
      group.AutoScalingGroupName ?? "",
      group.Tags?.some((tag) => tag.Key === "eks:nodegroup-name") ? "managed" : "self-managed",
      String(group.Instances?.length ?? 0),
      terminate ? `${terminate.LifecycleHookName} (${terminate.HeartbeatTimeout}s, ${terminate.DefaultResult})` : "none",
    ]);
  }
  sections.push("Auto Scaling groups", renderTable(["cluster", "group", "kind", "instances", "terminate hook"], groupRows));

  const workloadRows: string[][] = [];
  for (const cluster of Object.values(sandbox.clusters)) {
    const pdbs = cluster.list("policy/v1", "PodDisruptionBudget") as unknown as Array<Named & { spec: { selector?: { matchLabels?: Record<string, string> }; minAvailable?: unknown; maxUnavailable?: unknown } }>;
    for (const [apiVersion, kind] of [["apps/v1", "Deployment"], ["apps/v1", "StatefulSet"], ["apps/v1", "DaemonSet"], ["batch/v1", "CronJob"]] as const) {
      for (const workload of cluster.list(apiVersion, kind) as unknown as Named[]) {
        const pdb = pdbs.find((candidate) => candidate.metadata.namespace === workload.metadata.namespace && candidate.spec.selector?.matchLabels?.app === workload.metadata.name);
        const budget = pdb ? (pdb.spec.maxUnavailable !== undefined ? `maxUnavailable ${pdb.spec.maxUnavailable}` : `minAvailable ${pdb.spec.minAvailable}`) : "-";
        const replicas = kind === "DaemonSet" ? "per node" : kind === "CronJob" ? "scheduled" : String(workload.spec?.replicas ?? 1);
        workloadRows.push([cluster.name, workload.metadata.namespace ?? "", `${kind.toLowerCase()}/${workload.metadata.name}`, replicas, budget]);
      }
    }
  }
  sections.push("Workloads", renderTable(["cluster", "namespace", "workload", "replicas", "pdb"], workloadRows));

  const ecr = sandbox.aws.ecr;
  sections.push(
    "ECR repositories",
    renderTable(
      ["repository", "images", "tagged", "multi-arch", "referrers", "untagged"],
      ecr.repositoryNames().map((name) => {
        const images = ecr.images(name);
        const children = new Set(images.flatMap((image) => image.children));
        return [
          name,
          String(images.length),
          String(images.filter((i) => i.tags.length > 0).length),
          String(images.filter((i) => i.kind === "index").length),
          String(images.filter((i) => i.subject).length),
          String(images.filter((i) => i.tags.length === 0 && !i.subject && !children.has(i.digest)).length),
        ];
      }),
    ),
  );
  return sections.join("\n\n");
}

export { describeSandbox };
