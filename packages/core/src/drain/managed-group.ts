import { type AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { tagRecord } from "../discovery/cluster-tags";
import type { ManagedGroupTag } from "./group-tag";

/**
 * Whether the group carries the stage's tag: "managed", "unmanaged" (it exists without the tag, or with another
 * stage's value), or "absent" (Auto Scaling no longer knows it; its actions are gone with it). `tags` are the group's
 * (empty when absent), so the caller need not describe the group again (resolveCluster's groupTags).
 */
async function groupManagement(
  autoscaling: AutoScalingClient,
  groupName: string,
  tag: ManagedGroupTag,
): Promise<{ status: "managed" | "absent"; tags: Record<string, string> } | { status: "unmanaged"; found?: string; tags: Record<string, string> }> {
  const answer = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
  const group = answer.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === groupName);
  if (!group) return { status: "absent", tags: {} };
  const tags = tagRecord(group.Tags);
  const value = tags[tag.key];
  if (value === tag.value) return { status: "managed", tags };
  return value === undefined ? { status: "unmanaged", tags } : { status: "unmanaged", found: value, tags };
}

export { groupManagement };
