import { type AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { tagRecord } from "../discovery/cluster-tags";

/**
 * The tag infra puts on every Auto Scaling group a stage manages (`caretaker:drain` = `<app>-<stage>`). The drain's
 * IAM allows CompleteLifecycleAction and RecordLifecycleActionHeartbeat only on groups carrying it
 * (`autoscaling:ResourceTag/<key>`), and the EventBridge rule routes Caretaker's hook on any group: the tag, not the
 * rule, is what says a group is this stage's.
 */
interface ManagedGroupTag {
  key: string;
  value: string;
}

/**
 * Whether the group carries the stage's tag: "managed", "unmanaged" (it exists without the tag, or with another
 * stage's value), or "absent" (Auto Scaling no longer knows it; its actions are gone with it).
 */
async function groupManagement(autoscaling: AutoScalingClient, groupName: string, tag: ManagedGroupTag): Promise<{ status: "managed" | "absent" } | { status: "unmanaged"; found?: string }> {
  const answer = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }));
  const group = answer.AutoScalingGroups?.find((candidate) => candidate.AutoScalingGroupName === groupName);
  if (!group) return { status: "absent" };
  const value = tagRecord(group.Tags)[tag.key];
  if (value === tag.value) return { status: "managed" };
  return value === undefined ? { status: "unmanaged" } : { status: "unmanaged", found: value };
}

export { groupManagement };
export type { ManagedGroupTag };
