import {
  AutoScalingClient,
  DeleteLifecycleHookCommand,
  DescribeAutoScalingGroupsCommand,
  DescribeLifecycleHooksCommand,
  PutLifecycleHookCommand,
} from "@aws-sdk/client-auto-scaling";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";

describe("DescribeAutoScalingGroups", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  const groups = {
    autoscaling: {
      groups: [
        { name: "eks-general-1a2b", cluster: "prod", nodegroup: "general", instances: 2 },
        { name: "eks-spot-3c4d", cluster: "prod", nodegroup: "spot", instances: 1, lifecycle: "spot" as const },
        { name: "batch", cluster: "staging", instances: 1 },
      ],
    },
  };

  it("describes a managed node group's group with its ARN, EKS tags and InService instances", async () => {
    // Prepare
    sandbox = startSandbox(groups);

    // Act
    const { AutoScalingGroups } = await new AutoScalingClient({ region }).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["eks-general-1a2b"] }));

    // Assess
    const [group] = AutoScalingGroups ?? [];
    expect(group?.AutoScalingGroupARN).toMatch(/^arn:aws:autoscaling:eu-west-1:111122223333:autoScalingGroup:[0-9a-f-]{36}:autoScalingGroupName\/eks-general-1a2b$/);
    expect(group?.Tags).toEqual(
      expect.arrayContaining([
        { ResourceId: "eks-general-1a2b", ResourceType: "auto-scaling-group", Key: "eks:cluster-name", Value: "prod", PropagateAtLaunch: true },
        expect.objectContaining({ Key: "eks:nodegroup-name", Value: "general" }),
        expect.objectContaining({ Key: "kubernetes.io/cluster/prod", Value: "owned" }),
      ]),
    );
    expect(group?.Instances?.map((i) => [i.LifecycleState, i.HealthStatus, i.AvailabilityZone])).toEqual([
      ["InService", "Healthy", "eu-west-1a"],
      ["InService", "Healthy", "eu-west-1b"],
    ]);
    expect(group).toMatchObject({ DesiredCapacity: 2, MinSize: 0 });
  });

  it("filters by tag and pages with NextToken", async () => {
    // Prepare
    sandbox = startSandbox(groups);
    const autoscaling = new AutoScalingClient({ region });
    const Filters = [{ Name: "tag:eks:cluster-name", Values: ["prod"] }];

    // Act
    const first = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ Filters, MaxRecords: 1 }));
    const second = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ Filters, MaxRecords: 1, NextToken: first.NextToken }));

    // Assess
    expect(first.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(["eks-general-1a2b"]);
    expect(second.AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(["eks-spot-3c4d"]);
    expect(second.NextToken).toBeUndefined();
  });

  it("filters by tag-key and leaves out names that do not exist", async () => {
    // Prepare
    sandbox = startSandbox(groups);

    // Act
    const { AutoScalingGroups } = await new AutoScalingClient({ region }).send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["batch", "ghost"], Filters: [{ Name: "tag-key", Values: ["kubernetes.io/cluster/staging"] }] }),
    );

    // Assess
    expect(AutoScalingGroups?.map((g) => g.AutoScalingGroupName)).toEqual(["batch"]);
  });

  it("rejects a token from another query with InvalidNextToken", async () => {
    // Prepare
    sandbox = startSandbox(groups);
    const autoscaling = new AutoScalingClient({ region });
    const { NextToken } = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1 }));

    // Act
    const error = await rejectionOf(autoscaling.send(new DescribeAutoScalingGroupsCommand({ MaxRecords: 1, NextToken, Filters: [{ Name: "tag-key", Values: ["x"] }] })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidNextToken", $fault: "client" });
  });
});

describe("lifecycle hooks", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  const base = { AutoScalingGroupName: "ng", LifecycleHookName: "drain", LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING" };

  it("creates a hook with the API defaults: 3600 s heartbeat, ABANDON, global timeout 48 h", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng" }] } });
    const autoscaling = new AutoScalingClient({ region });

    // Act
    await autoscaling.send(new PutLifecycleHookCommand(base));
    const { LifecycleHooks } = await autoscaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: "ng" }));

    // Assess
    expect(LifecycleHooks).toEqual([
      { LifecycleHookName: "drain", AutoScalingGroupName: "ng", LifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING", HeartbeatTimeout: 3600, GlobalTimeout: 172_800, DefaultResult: "ABANDON" },
    ]);
  });

  it("caps the global timeout at 100 × HeartbeatTimeout and updates an existing hook in place", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng" }] } });
    const autoscaling = new AutoScalingClient({ region });
    await autoscaling.send(new PutLifecycleHookCommand({ ...base, DefaultResult: "CONTINUE" }));

    // Act
    await autoscaling.send(new PutLifecycleHookCommand({ AutoScalingGroupName: "ng", LifecycleHookName: "drain", HeartbeatTimeout: 300 }));
    const { LifecycleHooks } = await autoscaling.send(new DescribeLifecycleHooksCommand({ AutoScalingGroupName: "ng", LifecycleHookNames: ["drain"] }));

    // Assess
    expect(LifecycleHooks?.[0]).toMatchObject({ HeartbeatTimeout: 300, GlobalTimeout: 30_000, DefaultResult: "CONTINUE" });
  });

  it.each([29, 7201])("rejects HeartbeatTimeout %i with ValidationError", async (HeartbeatTimeout) => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng" }] } });

    // Act
    const error = await rejectionOf(new AutoScalingClient({ region }).send(new PutLifecycleHookCommand({ ...base, HeartbeatTimeout })));

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", $fault: "client", $metadata: { httpStatusCode: 400 } });
  });

  it("rejects a DefaultResult other than CONTINUE or ABANDON", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng" }] } });

    // Act
    const error = await rejectionOf(new AutoScalingClient({ region }).send(new PutLifecycleHookCommand({ ...base, DefaultResult: "RETRY" })));

    // Assess
    expect(error.name).toBe("ValidationError");
  });

  it("answers hook calls on a missing group with ValidationError naming the group", async () => {
    // Prepare
    sandbox = startSandbox();

    // Act
    const error = await rejectionOf(new AutoScalingClient({ region }).send(new PutLifecycleHookCommand({ ...base, AutoScalingGroupName: "ghost" })));

    // Assess
    expect(error).toMatchObject({ name: "ValidationError", message: "AutoScalingGroup name not found - AutoScalingGroup ghost not found" });
  });

  it("deletes a hook, after which a scale-in no longer waits", async () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "ng", instances: 1, lifecycleHooks: [{ name: "drain" }] }] } });
    const instanceId = sandbox.account.autoscaling.group("ng")?.Instances?.[0]?.InstanceId ?? "";

    // Act
    await new AutoScalingClient({ region }).send(new DeleteLifecycleHookCommand({ AutoScalingGroupName: "ng", LifecycleHookName: "drain" }));
    const event = sandbox.account.autoscaling.terminateInstance("ng", instanceId);

    // Assess
    expect(event).toBeUndefined();
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating");
  });
});
