import { AutoScalingClient, CompleteLifecycleActionCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeRepositoriesCommand, ECRClient } from "@aws-sdk/client-ecr";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxAwsAccount } from "../../src/aws/account";
import type { FakeService } from "../../src/aws/service";
import { wireAwsClients } from "../../src/aws/wiring";
import { SandboxClock } from "../../src/clock";
import { rejectionOf, START, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";

/** The smallest fake the contract allows, standing in for the ECR/DynamoDB fakes built elsewhere. */
function tinyEcr(): FakeService {
  return { serviceName: "ecr", clientClass: ECRClient, operations: [{ name: "DescribeRepositories", command: DescribeRepositoriesCommand, handle: () => ({ repositories: [] }) }] };
}

describe("SandboxAwsAccount", () => {
  let sandbox: TestSandbox | undefined;
  let restore: (() => void) | undefined;
  afterEach(() => {
    stopSandbox(sandbox);
    restore?.();
  });

  it("defaults to account 111122223333 in eu-west-1, partition aws", () => {
    // Prepare / Act
    const account = new SandboxAwsAccount({}, new SandboxClock({ start: START }));

    // Assess
    expect([account.accountId, account.region, account.partition]).toEqual(["111122223333", "eu-west-1", "aws"]);
    expect(account.services().map((s) => s.serviceName)).toEqual(["eks", "autoscaling", "ec2", "ssm", "sns", "ecr", "dynamodb", "sqs", "cloudwatch"]);
  });

  it("wires, faults and logs services added through options like its own", async () => {
    // Prepare
    const clock = new SandboxClock({ start: START });
    const account = new SandboxAwsAccount({}, clock, { services: [() => tinyEcr()] });
    restore = wireAwsClients(account).restore;
    account.faults.throttle("ecr");
    const ecr = new ECRClient({ region, maxAttempts: 1 });

    // Act
    const throttled = await rejectionOf(ecr.send(new DescribeRepositoriesCommand({})));
    const output = await ecr.send(new DescribeRepositoriesCommand({}));

    // Assess
    expect(throttled).toMatchObject({ name: "ThrottlingException", $fault: "client", $metadata: { httpStatusCode: 400 } });
    expect(output.repositories).toEqual([]);
    expect(account.calls.countByOperation("ecr")).toEqual({ "ecr:DescribeRepositories": 2 });
  });

  it("lets a fake given in options replace the built-in one, but refuses two extra fakes for the same service", () => {
    // Prepare
    const clock = new SandboxClock({ start: START });
    const replacement = { ...tinyEcr(), serviceName: "sns" };
    const replaced = new SandboxAwsAccount({}, clock, { services: [() => replacement] });
    const build = () => new SandboxAwsAccount({}, clock, { services: [() => ({ ...tinyEcr(), serviceName: "sns" }), () => ({ ...tinyEcr(), serviceName: "sns" })] });

    // Act / Assess
    expect(replaced.service("sns")).toBe(replacement);
    expect(build).toThrow('two fakes claim the service name "sns"');
  });

  it("generates the same ids for the same seed and different ones for another", () => {
    // Prepare
    const ids = (seed: number) => new SandboxAwsAccount({ seed, ec2: { instances: [{}, {}] } }, new SandboxClock({ start: START })).ec2.instanceIds();

    // Act
    const [first, again, other] = [ids(3), ids(3), ids(4)];

    // Assess
    expect(first).toEqual(again);
    expect(first).not.toEqual(other);
  });

  it("keeps one random stream per service, so one service's activity does not shift another's ids", () => {
    // Prepare
    const clock = new SandboxClock({ start: START });
    const quiet = new SandboxAwsAccount({ autoscaling: { groups: [{ name: "ng" }] } }, clock);
    const busy = new SandboxAwsAccount({ autoscaling: { groups: [{ name: "ng" }] }, sns: { topics: [{ name: "t", subscriptions: [{ protocol: "sqs", endpoint: "arn:aws:sqs:eu-west-1:111122223333:q" }] }] } }, clock);

    // Act
    const quietId = quiet.autoscaling.launchInstance("ng").instanceId;
    const busyId = busy.autoscaling.launchInstance("ng").instanceId;

    // Assess
    expect(busyId).toBe(quietId);
  });
});

describe("Auto Scaling with several hooks", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("holds the instance until every terminate hook completed with CONTINUE", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng", instances: 1, lifecycleHooks: [{ name: "drain" }, { name: "backup" }] }] } });
    const instanceId = sandbox.account.autoscaling.group("ng")?.Instances?.[0]?.InstanceId ?? "";
    sandbox.account.autoscaling.terminateInstance("ng", instanceId);
    const complete = (LifecycleHookName: string) =>
      new AutoScalingClient({ region }).send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: "ng", LifecycleHookName, LifecycleActionResult: "CONTINUE", InstanceId: instanceId }));

    // Act
    await complete("drain");
    const whileBackupWaits = sandbox.account.autoscaling.lifecycleState(instanceId);
    await complete("backup");

    // Assess
    expect(whileBackupWaits).toBe("Terminating:Wait");
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating:Proceed");
    expect(sandbox.account.events.emitted({ source: "aws.autoscaling" })).toHaveLength(2);
  });

  it("lets one ABANDON end the other hooks' actions and proceed", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng", instances: 1, lifecycleHooks: [{ name: "drain" }, { name: "backup" }] }] } });
    const instanceId = sandbox.account.autoscaling.group("ng")?.Instances?.[0]?.InstanceId ?? "";
    sandbox.account.autoscaling.terminateInstance("ng", instanceId);

    // Act
    await new AutoScalingClient({ region }).send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: "ng", LifecycleHookName: "drain", LifecycleActionResult: "ABANDON", InstanceId: instanceId }));

    // Assess
    expect(sandbox.account.autoscaling.lifecycleActions({ instanceId }).map((a) => [a.lifecycleHookName, a.completedBy])).toEqual([
      ["drain", "api"],
      ["backup", "abandoned"],
    ]);
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating:Proceed");
  });

  it("keeps a launched instance in Pending:Wait until its launch hook continues", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng", lifecycleHooks: [{ name: "warm", transition: "autoscaling:EC2_INSTANCE_LAUNCHING" }] }] } });

    // Act
    const { instanceId, event } = sandbox.account.autoscaling.launchInstance("ng");
    const waiting = sandbox.account.autoscaling.lifecycleState(instanceId);
    await new AutoScalingClient({ region }).send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: "ng", LifecycleHookName: "warm", LifecycleActionResult: "CONTINUE", LifecycleActionToken: event?.detail.LifecycleActionToken }));

    // Assess
    expect(event?.["detail-type"]).toBe("EC2 Instance-launch Lifecycle Action");
    expect(waiting).toBe("Pending:Wait");
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("InService");
  });
});
