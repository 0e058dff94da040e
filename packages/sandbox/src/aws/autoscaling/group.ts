import type { AutoScalingGroup, AutoScalingInstanceDetails, Filter, Instance, TagDescription } from "@aws-sdk/client-auto-scaling";
import type { HookRecord } from "./hooks";

/** One Auto Scaling group as the fake keeps it. */
interface GroupInstance {
  id: string;
  instanceType: string;
  availabilityZone: string;
  lifecycleState: string;
  healthStatus: "Healthy" | "Unhealthy";
  protectedFromScaleIn: boolean;
}

interface GroupTag {
  key: string;
  value: string;
  propagateAtLaunch: boolean;
}

interface GroupRecord {
  name: string;
  arn: string;
  createdTime: number;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  availabilityZones: string[];
  subnetIds: string[];
  instanceType: string;
  lifecycle: "spot" | "on-demand";
  tags: GroupTag[];
  instances: Map<string, GroupInstance>;
  hooks: Map<string, HookRecord>;
  launchTemplate?: { LaunchTemplateId: string; LaunchTemplateName: string; Version: string };
}

function instanceShape(group: GroupRecord, instance: GroupInstance): Instance {
  return {
    InstanceId: instance.id,
    InstanceType: instance.instanceType,
    AvailabilityZone: instance.availabilityZone,
    LifecycleState: instance.lifecycleState as Instance["LifecycleState"],
    HealthStatus: instance.healthStatus,
    ...(group.launchTemplate ? { LaunchTemplate: { ...group.launchTemplate } } : {}),
    ProtectedFromScaleIn: instance.protectedFromScaleIn,
  };
}

function tagShape(group: GroupRecord, tag: GroupTag): TagDescription {
  return { ResourceId: group.name, ResourceType: "auto-scaling-group", Key: tag.key, Value: tag.value, PropagateAtLaunch: tag.propagateAtLaunch };
}

function groupShape(group: GroupRecord, includeInstances: boolean): AutoScalingGroup {
  return {
    AutoScalingGroupName: group.name,
    AutoScalingGroupARN: group.arn,
    ...(group.launchTemplate ? { LaunchTemplate: { ...group.launchTemplate } } : {}),
    MinSize: group.minSize,
    MaxSize: group.maxSize,
    DesiredCapacity: group.desiredCapacity,
    DefaultCooldown: 300,
    AvailabilityZones: [...group.availabilityZones],
    LoadBalancerNames: [],
    TargetGroupARNs: [],
    HealthCheckType: "EC2",
    HealthCheckGracePeriod: 15,
    ...(includeInstances ? { Instances: [...group.instances.values()].map((i) => instanceShape(group, i)) } : {}),
    CreatedTime: new Date(group.createdTime),
    SuspendedProcesses: [],
    VPCZoneIdentifier: group.subnetIds.join(","),
    EnabledMetrics: [],
    Tags: group.tags.map((tag) => tagShape(group, tag)),
    TerminationPolicies: ["AllocationStrategy", "OldestLaunchTemplate", "OldestInstance"],
    NewInstancesProtectedFromScaleIn: false,
    CapacityRebalance: group.lifecycle === "spot",
    TrafficSources: [],
  };
}

function instanceDetailsShape(group: GroupRecord, instance: GroupInstance): AutoScalingInstanceDetails {
  return {
    InstanceId: instance.id,
    InstanceType: instance.instanceType,
    AutoScalingGroupName: group.name,
    AvailabilityZone: instance.availabilityZone,
    LifecycleState: instance.lifecycleState,
    HealthStatus: instance.healthStatus.toUpperCase(),
    ...(group.launchTemplate ? { LaunchTemplate: { ...group.launchTemplate } } : {}),
    ProtectedFromScaleIn: instance.protectedFromScaleIn,
  };
}

/**
 * DescribeAutoScalingGroups filters: `tag:<key>` (value in Values), `tag-key` (has one of the keys), `tag-value` (has
 * one of the values); values OR-ed, filters AND-ed. Returns the name of an unsupported filter instead of a predicate.
 */
function groupFilter(filters: readonly Filter[] | undefined): ((group: GroupRecord) => boolean) | { unsupported: string } {
  const tests: Array<(group: GroupRecord) => boolean> = [];
  for (const filter of filters ?? []) {
    const name = filter.Name ?? "";
    const values = new Set(filter.Values ?? []);
    if (name.startsWith("tag:")) {
      const key = name.slice(4);
      tests.push((g) => g.tags.some((t) => t.key === key && values.has(t.value)));
    } else if (name === "tag-key") {
      tests.push((g) => g.tags.some((t) => values.has(t.key)));
    } else if (name === "tag-value") {
      tests.push((g) => g.tags.some((t) => values.has(t.value)));
    } else {
      return { unsupported: name };
    }
  }
  return (group) => tests.every((test) => test(group));
}

export { groupFilter, groupShape, instanceDetailsShape, instanceShape };
export type { GroupInstance, GroupRecord, GroupTag };
