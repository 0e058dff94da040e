import type { EventBridgeEvent } from "../events";
import type { LifecycleTransition } from "./spec";

/**
 * The EventBridge event Auto Scaling emits when an instance enters a lifecycle wait state (drain.md §5.1). Origin and
 * Destination are included as the current event reference shows them; NotificationMetadata only when the hook has it.
 */
interface LifecycleActionDetail {
  LifecycleActionToken: string;
  AutoScalingGroupName: string;
  LifecycleHookName: string;
  EC2InstanceId: string;
  LifecycleTransition: LifecycleTransition;
  NotificationMetadata?: string;
  Origin: "EC2" | "AutoScalingGroup";
  Destination: "EC2" | "AutoScalingGroup";
}

type LifecycleActionEvent = EventBridgeEvent<LifecycleActionDetail>;

interface LifecycleEventInput {
  id: string;
  account: string;
  region: string;
  time: string;
  groupArn: string;
  token: string;
  groupName: string;
  hookName: string;
  instanceId: string;
  transition: LifecycleTransition;
  notificationMetadata?: string | undefined;
}

function lifecycleActionEvent(input: LifecycleEventInput): LifecycleActionEvent {
  const terminating = input.transition === "autoscaling:EC2_INSTANCE_TERMINATING";
  return {
    version: "0",
    id: input.id,
    "detail-type": terminating ? "EC2 Instance-terminate Lifecycle Action" : "EC2 Instance-launch Lifecycle Action",
    source: "aws.autoscaling",
    account: input.account,
    time: input.time,
    region: input.region,
    resources: [input.groupArn],
    detail: {
      LifecycleActionToken: input.token,
      AutoScalingGroupName: input.groupName,
      LifecycleHookName: input.hookName,
      EC2InstanceId: input.instanceId,
      LifecycleTransition: input.transition,
      ...(input.notificationMetadata !== undefined ? { NotificationMetadata: input.notificationMetadata } : {}),
      Origin: terminating ? "AutoScalingGroup" : "EC2",
      Destination: terminating ? "EC2" : "AutoScalingGroup",
    },
  };
}

export { lifecycleActionEvent };
export type { LifecycleActionDetail, LifecycleActionEvent };
