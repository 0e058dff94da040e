/** Declarative EC2 state for a sandbox account. */
type InstanceStateName = "pending" | "running" | "shutting-down" | "terminated" | "stopping" | "stopped";

interface Ec2InstanceSpec {
  /** Default: generated `i-` + 17 hex digits. */
  id?: string;
  /** Default "m5.large". */
  instanceType?: string;
  /** Default the Region's first zone ("<region>a"). */
  availabilityZone?: string;
  /** Default: the next free address of the zone's subnet (10.0.<zone index + 1>.x). */
  privateIpAddress?: string;
  /** "spot" instances carry `InstanceLifecycle: "spot"`; on-demand instances have no InstanceLifecycle at all. */
  lifecycle?: "spot" | "on-demand";
  /** Default "running". */
  state?: InstanceStateName;
  tags?: Record<string, string>;
  /** Default: the sandbox clock's time at account creation. */
  launchTime?: Date | string;
  /** Default a fixed EKS-optimised-looking AMI id. */
  imageId?: string;
}

interface Ec2Spec {
  instances?: Ec2InstanceSpec[];
  /**
   * Simulated seconds an instance spends in `shutting-down` before it is `terminated` (default 30). Terminated
   * instances stay visible to DescribeInstances for an hour, as in EC2.
   */
  shutdownSeconds?: number;
}

export type { Ec2InstanceSpec, Ec2Spec, InstanceStateName };
