import type { SandboxClock } from "../clock";
import type { SandboxCredentials } from "../kube/eks-token-verifier";
import { SeededRandom } from "../random";
import { FakeAutoScaling } from "./autoscaling/fake-autoscaling";
import { FakeDynamoDb, type DynamoDbSpec } from "./dynamodb";
import { FakeEcr, type EcrSpec } from "./ecr";
import type { AutoScalingSpec } from "./autoscaling/spec";
import { FakeCloudWatch, type CloudWatchSpec } from "./cloudwatch";
import { seedFor } from "./core/ids";
import { FakeEc2 } from "./ec2/fake-ec2";
import type { Ec2Spec } from "./ec2/spec";
import { FakeEks } from "./eks/fake-eks";
import type { EksSpec } from "./eks/spec";
import { SandboxEventBus } from "./events";
import { CallLog } from "./faults/call-log";
import { FaultInjector } from "./faults/faults";
import type { FakeService, FakeServiceContext } from "./service";
import { FakeSns } from "./sns/fake-sns";
import type { SnsSpec } from "./sns/spec";
import { FakeSqs, type SqsSpec } from "./sqs";
import { FakeSsm } from "./ssm/fake-ssm";
import type { SsmSpec } from "./ssm/spec";

/** Everything a sandbox AWS account starts with, declared as data. */
interface AwsAccountSpec {
  /** Default "111122223333". */
  accountId?: string;
  /** Default "eu-west-1". */
  region?: string;
  /** Default "aws". */
  partition?: string;
  /** Seed of every generated id and probabilistic fault (default 1): the same seed replays the same run. */
  seed?: number;
  /** Access keys the account knows, each belonging to an IAM principal (the Kubernetes simulator verifies tokens with them). */
  principals?: SandboxCredentials[];
  eks?: EksSpec;
  autoscaling?: AutoScalingSpec;
  ec2?: Ec2Spec;
  ssm?: SsmSpec;
  sns?: SnsSpec;
  ecr?: EcrSpec;
  dynamodb?: DynamoDbSpec;
  sqs?: SqsSpec;
  cloudwatch?: CloudWatchSpec;
}

interface AwsAccountOptions {
  /**
   * Further fakes (ECR, DynamoDB, …), built once the account exists, e.g.
   * `(account) => new FakeEcr(account.contextFor("ecr"), spec.ecr)`. They are wired, faulted and logged like the rest.
   */
  services?: ReadonlyArray<(account: SandboxAwsAccount) => FakeService>;
}

/**
 * One simulated AWS account in one Region: a stateful fake per service sharing the sandbox clock, an EventBridge-like
 * event bus, the faults to inject and the log of every call. `wireAwsClients(account)` routes the real SDK clients
 * to it.
 */
class SandboxAwsAccount {
  readonly accountId: string;
  readonly region: string;
  readonly partition: string;
  readonly clock: SandboxClock;
  readonly principals: readonly SandboxCredentials[];
  readonly events = new SandboxEventBus();
  readonly calls = new CallLog();
  readonly faults: FaultInjector;
  readonly ec2: FakeEc2;
  readonly autoscaling: FakeAutoScaling;
  readonly eks: FakeEks;
  readonly ssm: FakeSsm;
  readonly sns: FakeSns;
  readonly ecr: FakeEcr;
  readonly dynamodb: FakeDynamoDb;
  readonly sqs: FakeSqs;
  readonly cloudwatch: FakeCloudWatch;
  readonly #seed: number;
  readonly #streams = new Map<string, SeededRandom>();
  readonly #services: FakeService[];

  constructor(spec: AwsAccountSpec, clock: SandboxClock, options: AwsAccountOptions = {}) {
    this.accountId = spec.accountId ?? "111122223333";
    this.region = spec.region ?? "eu-west-1";
    this.partition = spec.partition ?? "aws";
    this.clock = clock;
    this.principals = [...(spec.principals ?? [])];
    this.#seed = spec.seed ?? 1;
    this.faults = new FaultInjector(this.random("faults"));
    this.ec2 = new FakeEc2(this.contextFor("ec2"), spec.ec2, this.events);
    this.autoscaling = new FakeAutoScaling(this.contextFor("autoscaling"), spec.autoscaling, { ec2: this.ec2, events: this.events });
    this.eks = new FakeEks(this.contextFor("eks"), spec.eks, {
      autoScalingGroupsOf: (cluster, nodegroup) => this.#nodegroupAutoScalingGroups(cluster, nodegroup),
    });
    this.ssm = new FakeSsm(this.contextFor("ssm"), spec.ssm);
    this.sns = new FakeSns(this.contextFor("sns"), spec.sns);
    this.ecr = new FakeEcr(this.contextFor("ecr"), spec.ecr);
    this.dynamodb = new FakeDynamoDb(this.contextFor("dynamodb"), spec.dynamodb);
    this.sqs = new FakeSqs(this.contextFor("sqs"), spec.sqs);
    this.cloudwatch = new FakeCloudWatch(this.contextFor("cloudwatch"), spec.cloudwatch);
    this.#services = [this.eks, this.autoscaling, this.ec2, this.ssm, this.sns, this.ecr, this.dynamodb, this.sqs, this.cloudwatch];
    // A fake given in options replaces the built-in one of the same service (tests of one fake in isolation, or a
    // variant of it); the typed properties (account.ecr, …) keep pointing at the built-in fakes.
    const extraNames = new Set<string>();
    for (const build of options.services ?? []) {
      const extra = build(this);
      if (extraNames.has(extra.serviceName)) throw new Error(`two fakes claim the service name "${extra.serviceName}"`);
      extraNames.add(extra.serviceName);
      const index = this.#services.findIndex((existing) => existing.serviceName === extra.serviceName);
      if (index >= 0) this.#services[index] = extra;
      else this.#services.push(extra);
    }
  }

  /** The context a fake of `serviceName` gets: clock, identity and its own random stream. */
  contextFor(serviceName: string): FakeServiceContext {
    return { clock: this.clock, accountId: this.accountId, region: this.region, partition: this.partition, random: this.random(serviceName) };
  }

  /** A named random stream derived from the account's seed (the same name always gives the same stream). */
  random(stream: string): SeededRandom {
    let random = this.#streams.get(stream);
    if (!random) {
      random = new SeededRandom(seedFor(this.#seed, stream));
      this.#streams.set(stream, random);
    }
    return random;
  }

  /** Every fake of the account, the wiring's routing table. */
  services(): readonly FakeService[] {
    return this.#services;
  }

  service(serviceName: string): FakeService | undefined {
    return this.#services.find((s) => s.serviceName === serviceName);
  }

  /** The groups EKS lists for a managed node group: those carrying its eks:cluster-name / eks:nodegroup-name tags. */
  #nodegroupAutoScalingGroups(cluster: string, nodegroup: string): string[] {
    return this.autoscaling.groupNames().filter((name) => {
      const tags = this.autoscaling.group(name)?.Tags ?? [];
      const tag = (key: string) => tags.find((t) => t.Key === key)?.Value;
      return tag("eks:cluster-name") === cluster && tag("eks:nodegroup-name") === nodegroup;
    });
  }
}

export { SandboxAwsAccount };
export type { AwsAccountOptions, AwsAccountSpec };
