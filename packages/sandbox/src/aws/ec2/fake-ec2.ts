import {
  DescribeInstancesCommand,
  type DescribeInstancesRequest,
  type DescribeInstancesResult,
  EC2Client,
  type Instance,
} from "@aws-sdk/client-ec2";
import type { SeededRandom } from "../../random";
import { hex, instanceId, randomFor, reservationId } from "../core/ids";
import { paginate } from "../core/pagination";
import { type EventBridgeEvent, eventTime, type SandboxEventBus } from "../events";
import type { FakeService, FakeServiceContext } from "../service";
import { dryRunSucceeded, idsWithMaxResults, instancesNotFound, invalidMaxResults, invalidPaginationToken, malformedInstanceId } from "./errors";
import { instanceFilter } from "./filters";
import { describeShape, type Ec2InstanceRecord, reservationsOf } from "./instance";
import { Ec2Network } from "./network";
import type { Ec2InstanceSpec, Ec2Spec, InstanceStateName } from "./spec";

/** EC2 keeps terminated instances visible to DescribeInstances for about an hour. */
const TERMINATED_VISIBLE_MS = 60 * 60_000;
/** Spot interruption notices come two minutes before EC2 acts. */
const SPOT_NOTICE_MS = 2 * 60_000;
const INSTANCE_ID = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

/** Where an instance came from, for the records Auto Scaling creates. */
interface LaunchOptions {
  reservationId?: string;
}

/**
 * Stateful EC2 as far as Caretaker uses it: instances (ids, private DNS names and addresses, lifecycle, tags, state)
 * answered by DescribeInstances with EC2's filters, pagination and errors, and state changes driven by Auto Scaling or
 * by the tests (termination, Spot interruptions), each announced on the account's event bus like EventBridge would.
 */
class FakeEc2 implements FakeService {
  readonly serviceName = "ec2";
  readonly clientClass = EC2Client;
  readonly operations = [
    { name: "DescribeInstances", command: DescribeInstancesCommand, handle: (input: DescribeInstancesRequest) => this.#describe(input) },
  ];

  readonly network: Ec2Network;
  readonly #context: FakeServiceContext;
  readonly #random: SeededRandom;
  readonly #events: SandboxEventBus;
  readonly #shutdownMs: number;
  readonly #records = new Map<string, Ec2InstanceRecord>();

  constructor(context: FakeServiceContext, spec: Ec2Spec = {}, events: SandboxEventBus) {
    this.#context = context;
    this.#random = randomFor(context);
    this.#events = events;
    this.#shutdownMs = (spec.shutdownSeconds ?? 30) * 1000;
    this.network = new Ec2Network(context.region, this.#random);
    for (const instance of spec.instances ?? []) this.launch(instance);
  }

  /** Creates an instance (in its own reservation unless one is given) and returns its id. */
  launch(spec: Ec2InstanceSpec = {}, options: LaunchOptions = {}): string {
    const id = spec.id ?? instanceId(this.#random);
    if (this.#records.has(id)) throw new Error(`instance ${id} already exists in the sandbox`);
    const availabilityZone = spec.availabilityZone ?? `${this.#context.region}a`;
    const privateIpAddress = this.network.allocateIp(availabilityZone, spec.privateIpAddress);
    const lifecycle = spec.lifecycle ?? "on-demand";
    const launchTime = spec.launchTime === undefined ? this.#context.clock.nowMs() : new Date(spec.launchTime).getTime();
    this.#records.set(id, {
      id,
      reservationId: options.reservationId ?? reservationId(this.#random),
      ownerId: this.#context.accountId,
      instanceType: spec.instanceType ?? "m5.large",
      availabilityZone,
      subnetId: this.network.subnetId(availabilityZone),
      vpcId: this.network.vpcId,
      privateIpAddress,
      privateDnsName: this.network.privateDnsName(privateIpAddress),
      lifecycle,
      ...(lifecycle === "spot" ? { spotInstanceRequestId: `sir-${hex(this.#random, 8)}` } : {}),
      state: spec.state ?? "running",
      stateTransitionReason: "",
      tags: { ...spec.tags },
      launchTime: Math.floor(launchTime / 1000) * 1000,
      imageId: spec.imageId ?? "ami-0c0e3ab64b5b1e2b1",
      ...(spec.state === "terminated" ? { terminatedAt: this.#context.clock.nowMs() } : {}),
    });
    return id;
  }

  /** The instance as DescribeInstances would show it (also after it vanished from the API), or undefined. */
  instance(id: string): Instance | undefined {
    const record = this.#records.get(id);
    return record ? describeShape(record) : undefined;
  }

  state(id: string): InstanceStateName | undefined {
    return this.#records.get(id)?.state;
  }

  /** Ids of instances in launch order (every state). */
  instanceIds(): string[] {
    return [...this.#records.keys()];
  }

  arn(id: string): string {
    return `arn:${this.#context.partition}:ec2:${this.#context.region}:${this.#context.accountId}:instance/${id}`;
  }

  setTags(id: string, tags: Record<string, string>): void {
    Object.assign(this.#require(id).tags, tags);
  }

  /** Moves the instance to `state` and emits the EC2 Instance State-change Notification. */
  setState(id: string, state: InstanceStateName): void {
    const record = this.#require(id);
    if (record.state === state) return;
    record.state = state;
    if (state === "terminated") record.terminatedAt = this.#context.clock.nowMs();
    this.#emit("EC2 Instance State-change Notification", id, { "instance-id": id, state });
  }

  /**
   * Terminates like EC2: `shutting-down` now, `terminated` after the configured shutdown time. A no-op for an instance
   * that is already going.
   */
  terminate(id: string, cause: "user" | "spot" = "user"): void {
    const record = this.#require(id);
    if (record.state === "shutting-down" || record.state === "terminated") return;
    const stamp = new Date(this.#context.clock.nowMs()).toISOString().replace("T", " ").slice(0, 19);
    record.stateTransitionReason = cause === "spot" ? "" : `User initiated (${stamp} GMT)`;
    record.stateReason =
      cause === "spot"
        ? { Code: "Server.SpotInstanceTermination", Message: "Server.SpotInstanceTermination: Spot instance termination" }
        : { Code: "Client.UserInitiatedShutdown", Message: "Client.UserInitiatedShutdown: User initiated shutdown" };
    this.setState(id, "shutting-down");
    this.#context.clock.setTimeout(() => this.setState(id, "terminated"), this.#shutdownMs);
  }

  /**
   * The two-minute Spot interruption warning (drain.md §5.2): emits and returns the event, then interrupts the
   * instance two simulated minutes later (terminate, or stop for "stop"/"hibernate").
   */
  spotInterruption(id: string, action: "terminate" | "stop" | "hibernate" = "terminate"): EventBridgeEvent {
    const record = this.#require(id);
    if (record.lifecycle !== "spot") throw new Error(`instance ${id} is not a Spot instance`);
    const event = this.#emit("EC2 Spot Instance Interruption Warning", id, { "instance-id": id, "instance-action": action });
    this.#context.clock.setTimeout(() => {
      if (action === "terminate") this.terminate(id, "spot");
      else this.setState(id, "stopped");
    }, SPOT_NOTICE_MS);
    return event;
  }

  /** The EC2 Instance Rebalance Recommendation event (drain.md §5.3); nothing else happens. */
  rebalanceRecommendation(id: string): EventBridgeEvent {
    this.#require(id);
    return this.#emit("EC2 Instance Rebalance Recommendation", id, { "instance-id": id });
  }

  #emit(detailType: string, id: string, detail: Record<string, unknown>): EventBridgeEvent {
    const event: EventBridgeEvent = {
      version: "0",
      id: this.#random.uuid(),
      "detail-type": detailType,
      source: "aws.ec2",
      account: this.#context.accountId,
      time: eventTime(this.#context.clock.nowMs()),
      region: this.#context.region,
      resources: [this.arn(id)],
      detail,
    };
    this.#events.emit(event);
    return event;
  }

  #require(id: string): Ec2InstanceRecord {
    const record = this.#records.get(id);
    if (!record) throw new Error(`the sandbox has no EC2 instance ${id}`);
    return record;
  }

  #visible(): Ec2InstanceRecord[] {
    const now = this.#context.clock.nowMs();
    return [...this.#records.values()].filter((r) => r.terminatedAt === undefined || now - r.terminatedAt < TERMINATED_VISIBLE_MS);
  }

  #describe(input: DescribeInstancesRequest): DescribeInstancesResult {
    if (input.DryRun) throw dryRunSucceeded();
    const ids = input.InstanceIds ?? [];
    if (ids.length > 0 && input.MaxResults !== undefined) throw idsWithMaxResults();
    if (input.MaxResults !== undefined && (input.MaxResults < 5 || input.MaxResults > 1000)) throw invalidMaxResults(input.MaxResults);
    const malformed = ids.find((id) => !INSTANCE_ID.test(id));
    if (malformed !== undefined) throw malformedInstanceId(malformed);

    const visible = this.#visible();
    let candidates = visible;
    if (ids.length > 0) {
      const known = new Set(visible.map((r) => r.id));
      const missing = [...new Set(ids)].filter((id) => !known.has(id));
      if (missing.length > 0) throw instancesNotFound(missing);
      const wanted = new Set(ids);
      candidates = visible.filter((r) => wanted.has(r.id));
    }
    const matched = candidates.filter(instanceFilter(input.Filters));
    if (input.MaxResults === undefined && input.NextToken === undefined) return { Reservations: reservationsOf(matched) };

    const page = paginate(matched, (r) => r.id, {
      size: input.MaxResults ?? 1000,
      nextToken: input.NextToken,
      scope: `DescribeInstances:${JSON.stringify(input.Filters ?? [])}`,
    });
    if (!page.ok) throw invalidPaginationToken();
    return { Reservations: reservationsOf(page.items), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }
}

export { FakeEc2 };
export type { LaunchOptions };
