import { type AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, type EC2Client, type Instance } from "@aws-sdk/client-ec2";
import type { V1Node } from "@kubernetes/client-node";
import { clusterFromTags, tagRecord } from "../discovery/cluster-tags";
import type { DrainKube } from "./kube";

/** What EC2 knows about the instance behind a trigger, if it still exists. */
interface InstanceFacts {
  instanceId: string;
  privateDnsName?: string;
  state?: string;
  lifecycle: "spot" | "on-demand";
  tags: Record<string, string>;
}

/** DescribeInstances for one id; undefined when EC2 no longer knows it (InvalidInstanceID.NotFound). */
async function describeInstance(ec2: EC2Client, instanceId: string): Promise<InstanceFacts | undefined> {
  let instance: Instance | undefined;
  try {
    const answer = await ec2.send(new DescribeInstancesCommand({ InstanceIds: [instanceId] }));
    instance = answer.Reservations?.flatMap((reservation) => reservation.Instances ?? []).find((candidate) => candidate.InstanceId === instanceId);
  } catch (error) {
    if ((error as { name?: string }).name?.startsWith("InvalidInstanceID")) return undefined;
    throw error;
  }
  if (!instance) return undefined;
  return {
    instanceId,
    ...(instance.PrivateDnsName ? { privateDnsName: instance.PrivateDnsName } : {}),
    ...(instance.State?.Name ? { state: instance.State.Name } : {}),
    lifecycle: instance.InstanceLifecycle === "spot" ? "spot" : "on-demand",
    tags: tagRecord(instance.Tags),
  };
}

/**
 * The EKS cluster an instance belongs to: its own tags first (EKS and eksctl tag instances), then its Auto Scaling
 * group's tags, then the configured default. Undefined when nothing names one. `groupTags`, when the caller already
 * described the group (groupManagement), are used instead of describing it again.
 */
async function resolveCluster(
  deps: { ec2: EC2Client; autoscaling: AutoScalingClient },
  input: { instance?: InstanceFacts; autoScalingGroupName?: string; groupTags?: Record<string, string>; defaultCluster?: string },
): Promise<{ cluster: string; source: "instance-tags" | "asg-tags" | "config" } | undefined> {
  const fromInstance = input.instance ? clusterFromTags(input.instance.tags) : undefined;
  if (fromInstance) return { cluster: fromInstance, source: "instance-tags" };
  if (input.autoScalingGroupName) {
    const tags = input.groupTags ?? tagRecord((await deps.autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [input.autoScalingGroupName] }))).AutoScalingGroups?.[0]?.Tags);
    const fromGroup = clusterFromTags(tags);
    if (fromGroup) return { cluster: fromGroup, source: "asg-tags" };
  }
  return input.defaultCluster ? { cluster: input.defaultCluster, source: "config" } : undefined;
}

/**
 * The Kubernetes node of an instance: `spec.providerID` ending in `/<instance-id>` (robust to custom node names),
 * else the EC2 private DNS name as node name or `kubernetes.io/hostname` label (full or short form).
 */
async function resolveNode(kube: DrainKube, instanceId: string, privateDnsName?: string): Promise<V1Node | undefined> {
  const nodes = await kube.listNodes();
  const byProvider = nodes.find((node) => node.spec?.providerID?.split("/").at(-1) === instanceId);
  if (byProvider) return byProvider;
  if (!privateDnsName) return undefined;
  const short = privateDnsName.split(".")[0];
  return nodes.find((node) => {
    const hostname = node.metadata?.labels?.["kubernetes.io/hostname"];
    return node.metadata?.name === privateDnsName || hostname === privateDnsName || hostname === short || node.metadata?.name === short;
  });
}

export { clusterFromTags, describeInstance, resolveCluster, resolveNode };
export type { InstanceFacts };
