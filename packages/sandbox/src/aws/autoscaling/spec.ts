import type { Ec2InstanceSpec } from "../ec2/spec";

/** Declarative Auto Scaling state for a sandbox account. */
type LifecycleTransition = "autoscaling:EC2_INSTANCE_LAUNCHING" | "autoscaling:EC2_INSTANCE_TERMINATING";
type LifecycleActionResult = "CONTINUE" | "ABANDON";

interface LifecycleHookSpec {
  name: string;
  /** Default the terminate transition (the one Caretaker's drain hooks into). */
  transition?: LifecycleTransition;
  /** Seconds, 30..7200; default 3600 (the API's default). */
  heartbeatTimeout?: number;
  /** Default ABANDON (the API's default). */
  defaultResult?: LifecycleActionResult;
  notificationMetadata?: string;
  notificationTargetArn?: string;
  roleArn?: string;
}

interface AutoScalingGroupSpec {
  name: string;
  /** Explicit instances, or how many to launch (default 0). Instances are spread over the zones in order. */
  instances?: number | Ec2InstanceSpec[];
  /** Defaults: min 0, max max(desired, 10), desired = number of instances. */
  minSize?: number;
  maxSize?: number;
  desiredCapacity?: number;
  /** Default the Region's zones a, b and c. */
  availabilityZones?: string[];
  /** For generated instances. Default "m5.large". */
  instanceType?: string;
  /** For generated instances. Default "on-demand". */
  lifecycle?: "spot" | "on-demand";
  /** Group tags, propagated to instances at launch. */
  tags?: Record<string, string>;
  /** The EKS cluster the group's nodes join: adds the tags EKS managed node groups carry. */
  cluster?: string;
  /** The EKS managed node group this is the group of (with `cluster`): adds `eks:nodegroup-name`. */
  nodegroup?: string;
  lifecycleHooks?: LifecycleHookSpec[];
  launchTemplate?: { id?: string; name: string; version?: string };
}

interface AutoScalingSpec {
  groups?: AutoScalingGroupSpec[];
}

export type { AutoScalingGroupSpec, AutoScalingSpec, LifecycleActionResult, LifecycleHookSpec, LifecycleTransition };
