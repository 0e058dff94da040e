import type { Instance, Reservation } from "@aws-sdk/client-ec2";
import type { InstanceStateName } from "./spec";

/** One instance as the fake keeps it; `describeShape` turns it into the DescribeInstances member. */
interface Ec2InstanceRecord {
  id: string;
  reservationId: string;
  ownerId: string;
  instanceType: string;
  availabilityZone: string;
  subnetId: string;
  vpcId: string;
  privateIpAddress: string;
  privateDnsName: string;
  lifecycle: "spot" | "on-demand";
  spotInstanceRequestId?: string;
  state: InstanceStateName;
  stateTransitionReason: string;
  stateReason?: { Code: string; Message: string };
  tags: Record<string, string>;
  launchTime: number;
  imageId: string;
  /** Simulated ms at which the instance reached `terminated`. */
  terminatedAt?: number;
}

/** EC2's state codes (the low byte of `InstanceState.Code`). */
const STATE_CODES: Record<InstanceStateName, number> = {
  pending: 0,
  running: 16,
  "shutting-down": 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

function describeShape(record: Ec2InstanceRecord): Instance {
  const terminated = record.state === "terminated";
  return {
    InstanceId: record.id,
    ImageId: record.imageId,
    State: { Code: STATE_CODES[record.state], Name: record.state },
    // EC2 clears the private DNS name and addresses of terminated instances.
    PrivateDnsName: terminated ? "" : record.privateDnsName,
    PublicDnsName: "",
    StateTransitionReason: record.stateTransitionReason,
    ...(record.stateReason ? { StateReason: record.stateReason } : {}),
    AmiLaunchIndex: 0,
    ProductCodes: [],
    InstanceType: record.instanceType as Instance["InstanceType"],
    LaunchTime: new Date(record.launchTime),
    Placement: { AvailabilityZone: record.availabilityZone, GroupName: "", Tenancy: "default" },
    Monitoring: { State: "disabled" },
    ...(terminated ? {} : { SubnetId: record.subnetId, VpcId: record.vpcId, PrivateIpAddress: record.privateIpAddress }),
    Architecture: "x86_64",
    RootDeviceType: "ebs",
    RootDeviceName: "/dev/xvda",
    VirtualizationType: "hvm",
    Hypervisor: "xen",
    EbsOptimized: false,
    EnaSupport: true,
    ...(record.lifecycle === "spot"
      ? { InstanceLifecycle: "spot", SpotInstanceRequestId: record.spotInstanceRequestId }
      : {}),
    ...(Object.keys(record.tags).length > 0
      ? { Tags: Object.entries(record.tags).map(([Key, Value]) => ({ Key, Value })) }
      : {}),
  };
}

/** Groups instances (kept in launch order) into their reservations, as DescribeInstances returns them. */
function reservationsOf(records: readonly Ec2InstanceRecord[]): Reservation[] {
  const byId = new Map<string, Reservation>();
  for (const record of records) {
    let reservation = byId.get(record.reservationId);
    if (!reservation) {
      reservation = { ReservationId: record.reservationId, OwnerId: record.ownerId, Groups: [], Instances: [] };
      byId.set(record.reservationId, reservation);
    }
    reservation.Instances?.push(describeShape(record));
  }
  return [...byId.values()];
}

export { describeShape, reservationsOf, STATE_CODES };
export type { Ec2InstanceRecord };
