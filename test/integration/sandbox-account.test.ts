import { CompleteLifecycleActionCommand, AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { createClusterConnector } from "@caretaker/core/eks";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox/account";
import { CoreV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handler as probe } from "../../functions/probe";
import { lambdaContext } from "../helpers/lambda-context";

const READER_RBAC = [
  { apiVersion: "rbac.authorization.k8s.io/v1", kind: "ClusterRole", metadata: { name: "caretaker-reader" }, rules: [{ apiGroups: [""], resources: ["nodes"], verbs: ["get", "list"] }] },
  {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name: "caretaker-reader" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "caretaker-reader" },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "caretaker:reader" }],
  },
];

let sandbox: SandboxAccount;

beforeAll(async () => {
  sandbox = await createSandboxAccount({
    clusters: [
      {
        name: "prod",
        version: "1.31",
        nodeGroups: [{ name: "general", nodes: 3, terminateHook: true }],
        eks: { accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", kubernetesGroups: ["caretaker:reader"] }] },
        objects: READER_RBAC as never,
        deployments: [{ name: "web", namespace: "shop", replicas: 3, nodeGroup: "general" }],
      },
      { name: "staging", version: "1.30", nodeGroups: [{ name: "general", nodes: 1, managed: false }] },
    ],
  });
});
afterAll(() => sandbox.stop());

describe("createSandboxAccount", () => {
  it("lets connectToCluster list nodes with a presigned token the sandbox verified and mapped through the access entry", async () => {
    // Prepare: the real EKS client, default credential chain (test/setup.ts) and region.
    const connection = await createClusterConnector({ eks: new EKSClient({}), now: () => sandbox.clock.now() }).connect("prod");
    // Act
    const nodes = await connection.call("list nodes", () => connection.api(CoreV1Api).listNode());
    // Assess
    const expected = sandbox.nodeGroups.prod?.general?.map((member) => member.node).sort();
    expect(nodes.items.map((node) => node.metadata?.name).sort()).toEqual(expected);
    const request = sandbox.cluster("prod").requests.at(-1);
    expect(request).toMatchObject({ path: "/api/v1/nodes", status: 200, user: "arn:aws:sts::111122223333:assumed-role/caretaker-functions/caretaker-sandbox" });
  });

  it("makes each node an EC2 instance of its Auto Scaling group, found by providerID and private DNS name", async () => {
    const member = sandbox.nodeGroups.prod?.general?.[0];
    const node = sandbox.cluster("prod").get("v1", "Node", undefined, member?.node as string);
    expect((node?.spec as { providerID: string }).providerID).toMatch(new RegExp(`^aws:///eu-west-1[abc]/${member?.instanceId}$`));
    const described = await new EC2Client({}).send(new DescribeInstancesCommand({ InstanceIds: [member?.instanceId as string] }));
    const instance = described.Reservations?.[0]?.Instances?.[0];
    expect(instance?.PrivateDnsName).toBe(member?.node);
    expect(instance?.Tags).toEqual(expect.arrayContaining([{ Key: "eks:cluster-name", Value: "prod" }]));
  });

  it("emits the lifecycle event when the group terminates an instance, and completes the action once", async () => {
    const member = sandbox.nodeGroups.prod?.general?.[1];
    const event = sandbox.aws.autoscaling.terminateInstance("prod-general", member?.instanceId as string);
    expect(event).toMatchObject({ "detail-type": "EC2 Instance-terminate Lifecycle Action", detail: { AutoScalingGroupName: "prod-general", LifecycleHookName: "caretaker-drain", EC2InstanceId: member?.instanceId } });
    const asg = new AutoScalingClient({});
    const complete = () =>
      asg.send(new CompleteLifecycleActionCommand({ AutoScalingGroupName: "prod-general", LifecycleHookName: "caretaker-drain", LifecycleActionResult: "CONTINUE", InstanceId: member?.instanceId }));
    await complete();
    await expect(complete()).rejects.toMatchObject({ name: "ValidationError", message: `No active Lifecycle Action found with instance ID ${member?.instanceId}` });
  });

  it("runs the real probe function against both clusters: one mapped, one without an access entry", async () => {
    const result = await probe({ clusters: ["prod", "staging"] }, lambdaContext("caretaker-probe"));
    expect(result.results.map((r) => [r.cluster, r.ok, r.version ?? r.error?.reason])).toEqual([
      ["prod", true, "v1.31.4-eks-2d5f260"],
      ["staging", false, "unauthenticated"],
    ]);
  });
});
