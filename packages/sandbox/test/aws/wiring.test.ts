import { DescribeClusterCommand, EKSClient, ListClustersCommand, UpdateClusterVersionCommand } from "@aws-sdk/client-eks";
import { EC2Client, RunInstancesCommand } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

// A client built before the wiring exists, like one at module scope in a Lambda handler.
const moduleScopeClient = new EKSClient({ region: "eu-west-1" });

describe("wireAwsClients", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("routes clients created before the wiring, at module scope, to the account's fakes", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });

    // Act
    const output = await moduleScopeClient.send(new ListClustersCommand({}));

    // Assess
    expect(output.clusters).toEqual(["prod"]);
  });

  it("adds $metadata like a real response: status 200, a request id and the attempt count", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });
    const eks = new EKSClient({ region: "eu-west-1" });

    // Act
    const output = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(output.$metadata).toEqual({ httpStatusCode: 200, requestId: expect.stringMatching(/^[0-9a-f-]{36}$/), attempts: 1, totalRetryDelay: 0 });
  });

  it("rejects an operation the sandbox does not model, naming service and operation", async () => {
    // Prepare
    sandbox = startSandbox();
    const ec2 = new EC2Client({ region: "eu-west-1" });

    // Act
    const error = await rejectionOf(ec2.send(new RunInstancesCommand({ MinCount: 1, MaxCount: 1 })));

    // Assess
    expect(error.name).toBe("SandboxUnsupportedOperationError");
    expect(error.message).toBe("the sandbox does not model ec2:RunInstances");
  });

  it("records every call with its input, simulated time and outcome", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });
    const eks = new EKSClient({ region: "eu-west-1" });

    // Act
    await eks.send(new DescribeClusterCommand({ name: "prod" }));
    await rejectionOf(eks.send(new DescribeClusterCommand({ name: "missing" })));
    await rejectionOf(eks.send(new UpdateClusterVersionCommand({ name: "prod", version: "1.32" })));

    // Assess
    const { calls } = sandbox.account;
    expect(calls.count("eks:DescribeCluster")).toBe(2);
    expect(calls.count("eks:DescribeCluster", "error")).toBe(1);
    expect(calls.countByOperation()).toEqual({ "eks:DescribeCluster": 2, "eks:UpdateClusterVersion": 1 });
    expect(calls.entries[1]).toMatchObject({ service: "eks", operation: "DescribeCluster", input: { name: "missing" }, attempt: 1, outcome: "error", error: "ResourceNotFoundException" });
    expect(calls.entries[0]?.at).toBeGreaterThanOrEqual(sandbox.clock.nowMs() - 1_000);
  });

  it("hands out copies, so a caller mutating a response cannot change the fake's state", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", tags: { team: "platform" } }] } });
    const eks = new EKSClient({ region: "eu-west-1" });
    const first = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Act
    if (first.cluster?.tags) first.cluster.tags.team = "changed";
    const second = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(second.cluster?.tags).toEqual({ team: "platform" });
  });

  it("leaves no member present-but-undefined, as a deserialised response would", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31", status: "CREATING" }] } });
    const eks = new EKSClient({ region: "eu-west-1" });

    // Act
    const { cluster } = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(cluster && "endpoint" in cluster).toBe(false);
  });

  it("stops routing after restore()", async () => {
    // Prepare
    sandbox = startSandbox({ eks: { clusters: [{ name: "prod", version: "1.31" }] } });
    const eks = new EKSClient({ region: "eu-west-1", endpoint: "http://127.0.0.1:9", maxAttempts: 1 });

    // Act
    sandbox.wiring.restore();
    const error = await rejectionOf(eks.send(new ListClustersCommand({})));

    // Assess: the real client tried the (closed) endpoint instead of the fake.
    expect(sandbox.account.calls.count()).toBe(0);
    expect(error.name).not.toBe("ResourceNotFoundException");
  });
});
