import {
  type AutoScalingGroup,
  AutoScalingClient,
  type AutoScalingGroupNamesType,
  CompleteLifecycleActionCommand,
  type CompleteLifecycleActionType,
  DeleteLifecycleHookCommand,
  type DeleteLifecycleHookType,
  DescribeAutoScalingGroupsCommand,
  DescribeAutoScalingInstancesCommand,
  type DescribeAutoScalingInstancesType,
  DescribeLifecycleHooksCommand,
  type DescribeLifecycleHooksType,
  PutLifecycleHookCommand,
  type PutLifecycleHookType,
  RecordLifecycleActionHeartbeatCommand,
  type RecordLifecycleActionHeartbeatType,
} from "@aws-sdk/client-auto-scaling";
import type { SeededRandom } from "../../random";
import { randomFor } from "../core/ids";
import type { FakeEc2 } from "../ec2/fake-ec2";
import type { Ec2InstanceSpec } from "../ec2/spec";
import { type EventBridgeEvent, eventTime, type SandboxEventBus } from "../events";
import type { FakeService, FakeServiceContext } from "../service";
import { completeLifecycleAction, recordHeartbeat } from "./action-operations";
import { describeGroups, describeInstances } from "./describe-operations";
import { type GroupRecord, type GroupTag, groupShape } from "./group";
import { deleteLifecycleHook, describeLifecycleHooks, putLifecycleHook } from "./hook-operations";
import type { HookRecord } from "./hooks";
import { type ActionFilter, type LifecycleActionRecord, LifecycleActions, type LifecycleActionView } from "./lifecycle-actions";
import { type LifecycleActionEvent, lifecycleActionEvent } from "./lifecycle-event";
import type { AutoScalingGroupSpec, AutoScalingSpec, LifecycleHookSpec } from "./spec";

interface Dependencies {
  ec2: FakeEc2;
  events: SandboxEventBus;
}

interface TerminateOptions {
  /** Scale-in lowers DesiredCapacity (default true); false makes the group launch a replacement, as AWS would. */
  decrementDesiredCapacity?: boolean;
}

/** The tags EKS puts on a managed node group's Auto Scaling group (all propagated to the instances). */
function clusterTags(spec: AutoScalingGroupSpec): Record<string, string> {
  if (spec.cluster === undefined) return {};
  const tags: Record<string, string> = { [`kubernetes.io/cluster/${spec.cluster}`]: "owned" };
  if (spec.nodegroup === undefined) return tags;
  return {
    "eks:cluster-name": spec.cluster,
    "eks:nodegroup-name": spec.nodegroup,
    "k8s.io/cluster-autoscaler/enabled": "true",
    [`k8s.io/cluster-autoscaler/${spec.cluster}`]: "owned",
    ...tags,
  };
}

/**
 * Stateful Amazon EC2 Auto Scaling: groups with their instances and tags, lifecycle hooks, and the lifecycle-action
 * protocol Caretaker's drain depends on (wait states, tokens, heartbeats, completion, timeouts with DefaultResult).
 * Instances are FakeEc2 instances; scale-in moves them through Terminating:Wait → Terminating:Proceed → gone, and
 * EC2's state follows.
 */
class FakeAutoScaling implements FakeService {
  readonly serviceName = "autoscaling";
  readonly clientClass = AutoScalingClient;
  readonly operations = [
    { name: "DescribeAutoScalingGroups", command: DescribeAutoScalingGroupsCommand, handle: (i: AutoScalingGroupNamesType) => describeGroups(this.#groups, i) },
    { name: "DescribeAutoScalingInstances", command: DescribeAutoScalingInstancesCommand, handle: (i: DescribeAutoScalingInstancesType) => describeInstances(this.#groups, i) },
    { name: "PutLifecycleHook", command: PutLifecycleHookCommand, handle: (i: PutLifecycleHookType) => putLifecycleHook(this.#groups, i) },
    { name: "DescribeLifecycleHooks", command: DescribeLifecycleHooksCommand, handle: (i: DescribeLifecycleHooksType) => describeLifecycleHooks(this.#groups, i) },
    { name: "DeleteLifecycleHook", command: DeleteLifecycleHookCommand, handle: (i: DeleteLifecycleHookType) => deleteLifecycleHook(this.#groups, i) },
    { name: "RecordLifecycleActionHeartbeat", command: RecordLifecycleActionHeartbeatCommand, handle: (i: RecordLifecycleActionHeartbeatType) => recordHeartbeat(this.#actions, i) },
    { name: "CompleteLifecycleAction", command: CompleteLifecycleActionCommand, handle: (i: CompleteLifecycleActionType) => completeLifecycleAction(this.#actions, i) },
  ];

  readonly #context: FakeServiceContext;
  readonly #random: SeededRandom;
  readonly #ec2: FakeEc2;
  readonly #events: SandboxEventBus;
  readonly #groups = new Map<string, GroupRecord>();
  readonly #actions: LifecycleActions;

  constructor(context: FakeServiceContext, spec: AutoScalingSpec = {}, dependencies: Dependencies) {
    this.#context = context;
    this.#random = randomFor(context);
    this.#ec2 = dependencies.ec2;
    this.#events = dependencies.events;
    this.#actions = new LifecycleActions(context.clock, this.#random, (action) => this.#settled(action));
    this.#events.subscribe((event) => this.#onEc2Event(event));
    for (const group of spec.groups ?? []) this.createGroup(group);
  }

  /** Creates a group (and launches its instances in EC2); returns the group's ARN. */
  createGroup(spec: AutoScalingGroupSpec): string {
    if (this.#groups.has(spec.name)) throw new Error(`Auto Scaling group ${spec.name} already exists in the sandbox`);
    const { region, accountId, partition, clock } = this.#context;
    const availabilityZones = spec.availabilityZones ?? [`${region}a`, `${region}b`, `${region}c`];
    const tags: GroupTag[] = Object.entries({ ...clusterTags(spec), ...spec.tags }).map(([key, value]) => ({ key, value, propagateAtLaunch: true }));
    tags.sort((a, b) => a.key.localeCompare(b.key));
    const arn = `arn:${partition}:autoscaling:${region}:${accountId}:autoScalingGroup:${this.#random.uuid()}:autoScalingGroupName/${spec.name}`;
    const instanceSpecs: Ec2InstanceSpec[] = typeof spec.instances === "number" ? Array.from({ length: spec.instances }, () => ({})) : (spec.instances ?? []);
    const group: GroupRecord = {
      name: spec.name,
      arn,
      createdTime: clock.nowMs(),
      minSize: spec.minSize ?? 0,
      maxSize: spec.maxSize ?? Math.max(spec.desiredCapacity ?? instanceSpecs.length, 10),
      desiredCapacity: spec.desiredCapacity ?? instanceSpecs.length,
      availabilityZones,
      subnetIds: availabilityZones.map((zone) => this.#ec2.network.subnetId(zone)),
      instanceType: spec.instanceType ?? "m5.large",
      lifecycle: spec.lifecycle ?? "on-demand",
      tags,
      instances: new Map(),
      hooks: new Map(),
      ...(spec.launchTemplate
        ? {
            launchTemplate: {
              LaunchTemplateId: spec.launchTemplate.id ?? `lt-${this.#random.uuid().replaceAll("-", "").slice(0, 17)}`,
              LaunchTemplateName: spec.launchTemplate.name,
              Version: spec.launchTemplate.version ?? "1",
            },
          }
        : {}),
    };
    this.#groups.set(spec.name, group);
    for (const hook of spec.lifecycleHooks ?? []) this.#putHookSpec(group, hook);
    instanceSpecs.forEach((instance, index) => this.#attachNew(group, instance, index, "InService"));
    return arn;
  }

  /** The group as DescribeAutoScalingGroups shows it, or undefined. */
  group(name: string): AutoScalingGroup | undefined {
    const group = this.#groups.get(name);
    return group ? groupShape(group, true) : undefined;
  }

  groupNames(): string[] {
    return [...this.#groups.keys()];
  }

  /** The instance's Auto Scaling lifecycle state ("InService", "Terminating:Wait", …), or undefined once it left. */
  lifecycleState(instanceId: string): string | undefined {
    for (const group of this.#groups.values()) {
      const instance = group.instances.get(instanceId);
      if (instance) return instance.lifecycleState;
    }
    return undefined;
  }

  /**
   * What a scale-in does to `instanceId`: with terminate hooks, the instance waits in `Terminating:Wait` and each hook
   * gets an action with a fresh token; returns the EventBridge event of the first hook (every hook's event is also on
   * the account's bus). Without hooks the instance terminates right away and the result is undefined.
   */
  terminateInstance(groupName: string, instanceId: string, options: TerminateOptions = {}): LifecycleActionEvent | undefined {
    const group = this.#requireGroup(groupName);
    const instance = group.instances.get(instanceId);
    if (!instance) throw new Error(`instance ${instanceId} is not in Auto Scaling group ${groupName}`);
    if (instance.lifecycleState !== "InService") throw new Error(`instance ${instanceId} is ${instance.lifecycleState}, not InService`);
    if (options.decrementDesiredCapacity === false) {
      this.#attachNew(group, {}, group.instances.size, "InService");
    } else {
      group.desiredCapacity = Math.max(group.minSize, group.desiredCapacity - 1);
    }
    return this.#enterTerminating(group, instanceId);
  }

  /**
   * What a scale-out does: launches an instance into the group; with launch hooks it waits in `Pending:Wait` and the
   * first hook's event is returned.
   */
  launchInstance(groupName: string, spec: Ec2InstanceSpec = {}): { instanceId: string; event?: LifecycleActionEvent } {
    const group = this.#requireGroup(groupName);
    group.desiredCapacity++;
    const launchHooks = [...group.hooks.values()].filter((h) => h.transition === "autoscaling:EC2_INSTANCE_LAUNCHING");
    const instanceId = this.#attachNew(group, spec, group.instances.size, launchHooks.length > 0 ? "Pending:Wait" : "InService");
    const events = launchHooks.map((hook) => this.#startAction(group, hook, instanceId));
    return events[0] ? { instanceId, event: events[0] } : { instanceId };
  }

  /** Every lifecycle action so far (active and finished), oldest first. */
  lifecycleActions(filter: ActionFilter = {}): LifecycleActionView[] {
    return this.#actions.history(filter);
  }

  #requireGroup(name: string): GroupRecord {
    const group = this.#groups.get(name);
    if (!group) throw new Error(`the sandbox has no Auto Scaling group ${name}`);
    return group;
  }

  #attachNew(group: GroupRecord, spec: Ec2InstanceSpec, index: number, lifecycleState: string): string {
    const availabilityZone = spec.availabilityZone ?? group.availabilityZones[index % group.availabilityZones.length] ?? `${this.#context.region}a`;
    const propagated = Object.fromEntries(group.tags.filter((t) => t.propagateAtLaunch).map((t) => [t.key, t.value]));
    const id = this.#ec2.launch({
      instanceType: group.instanceType,
      lifecycle: group.lifecycle,
      ...spec,
      availabilityZone,
      tags: { ...propagated, "aws:autoscaling:groupName": group.name, ...spec.tags },
    });
    group.instances.set(id, {
      id,
      instanceType: spec.instanceType ?? group.instanceType,
      availabilityZone,
      lifecycleState,
      healthStatus: "Healthy",
      protectedFromScaleIn: false,
    });
    return id;
  }

  #enterTerminating(group: GroupRecord, instanceId: string): LifecycleActionEvent | undefined {
    const instance = group.instances.get(instanceId);
    if (!instance) return undefined;
    const hooks = [...group.hooks.values()].filter((h) => h.transition === "autoscaling:EC2_INSTANCE_TERMINATING");
    if (hooks.length === 0) {
      instance.lifecycleState = "Terminating";
      this.#ec2.terminate(instanceId);
      return undefined;
    }
    instance.lifecycleState = "Terminating:Wait";
    const events = hooks.map((hook) => this.#startAction(group, hook, instanceId));
    return events[0];
  }

  #startAction(group: GroupRecord, hook: HookRecord, instanceId: string): LifecycleActionEvent {
    const action = this.#actions.start(hook, instanceId);
    const event = lifecycleActionEvent({
      id: this.#random.uuid(),
      account: this.#context.accountId,
      region: this.#context.region,
      time: eventTime(this.#context.clock.nowMs()),
      groupArn: group.arn,
      token: action.token,
      groupName: group.name,
      hookName: hook.name,
      instanceId,
      transition: hook.transition,
      notificationMetadata: hook.notificationMetadata,
    });
    this.#events.emit(event as unknown as EventBridgeEvent);
    return event;
  }

  /** An action ended: decide what happens to its instance once no other hook holds it. */
  #settled(action: LifecycleActionRecord): void {
    const group = this.#groups.get(action.groupName);
    const instance = group?.instances.get(action.instanceId);
    if (action.result === "ABANDON") this.#actions.cancelOthers(action);
    if (!group || !instance || this.#actions.activeFor(action.instanceId).length > 0) return;
    if (action.transition === "autoscaling:EC2_INSTANCE_TERMINATING") {
      if (instance.lifecycleState !== "Terminating:Wait") return;
      instance.lifecycleState = "Terminating:Proceed";
      this.#ec2.terminate(action.instanceId);
    } else if (action.result === "CONTINUE") {
      instance.lifecycleState = "InService";
    } else {
      // An abandoned launch terminates the instance; the group will replace it.
      instance.lifecycleState = "Terminating";
      group.desiredCapacity = Math.max(group.minSize, group.desiredCapacity - 1);
      this.#ec2.terminate(action.instanceId);
    }
  }

  /** Follows EC2: instances that EC2 stops running (e.g. Spot interruptions) leave their group when terminated. */
  #onEc2Event(event: EventBridgeEvent): void {
    if (event.source !== "aws.ec2" || event["detail-type"] !== "EC2 Instance State-change Notification") return;
    const instanceId = String(event.detail["instance-id"]);
    const state = String(event.detail.state);
    for (const group of this.#groups.values()) {
      const instance = group.instances.get(instanceId);
      if (!instance) continue;
      if (state === "terminated") {
        group.instances.delete(instanceId);
      } else if (state === "shutting-down" && instance.lifecycleState === "InService") {
        // Terminated outside Auto Scaling: the hooks still run (and still have to be completed), but cannot hold it.
        this.#enterTerminating(group, instanceId);
      }
    }
  }

  #putHookSpec(group: GroupRecord, hook: LifecycleHookSpec): void {
    putLifecycleHook(this.#groups, {
      AutoScalingGroupName: group.name,
      LifecycleHookName: hook.name,
      LifecycleTransition: hook.transition ?? "autoscaling:EC2_INSTANCE_TERMINATING",
      HeartbeatTimeout: hook.heartbeatTimeout,
      DefaultResult: hook.defaultResult,
      NotificationMetadata: hook.notificationMetadata,
      NotificationTargetARN: hook.notificationTargetArn,
      RoleARN: hook.roleArn,
    });
  }
}

export { FakeAutoScaling };
export type { TerminateOptions };
