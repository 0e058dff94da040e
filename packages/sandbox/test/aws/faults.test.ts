import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeInstancesCommand, EC2Client } from "@aws-sdk/client-ec2";
import { DescribeClusterCommand, EKSClient, ServerException } from "@aws-sdk/client-eks";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const SPEC = {
  eks: { clusters: [{ name: "prod", version: "1.31" }] },
  ssm: { parameters: [{ name: "/caretaker/config", value: "x" }] },
  sns: { topics: [{ name: "alerts" }] },
};
const region = "eu-west-1";

describe("throttling", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it.each([
    { service: "eks", send: () => new EKSClient({ region, maxAttempts: 1 }).send(new DescribeClusterCommand({ name: "prod" })), name: "ThrottlingException", fault: "client", status: 429 },
    { service: "autoscaling", send: () => new AutoScalingClient({ region, maxAttempts: 1 }).send(new DescribeAutoScalingGroupsCommand({})), name: "Throttling", fault: "client", status: 400 },
    { service: "ec2", send: () => new EC2Client({ region, maxAttempts: 1 }).send(new DescribeInstancesCommand({})), name: "RequestLimitExceeded", fault: "server", status: 503 },
    { service: "ssm", send: () => new SSMClient({ region, maxAttempts: 1 }).send(new GetParameterCommand({ Name: "/caretaker/config" })), name: "ThrottlingException", fault: "client", status: 400 },
    { service: "sns", send: () => new SNSClient({ region, maxAttempts: 1 }).send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:111122223333:alerts", Message: "m" })), name: "ThrottledException", fault: "client", status: 429 },
  ])("answers $service with its own throttling error ($name, $fault, HTTP $status)", async ({ service, send, name, fault, status }) => {
    // Prepare
    sandbox = startSandbox(SPEC);
    sandbox.account.faults.throttle(service);

    // Act
    const error = await rejectionOf(send());

    // Assess
    expect({ name: error.name, fault: error.$fault, status: (error.$metadata as { httpStatusCode: number }).httpStatusCode }).toEqual({ name, fault, status });
  });

  it("gives Auto Scaling's Throttling the query-protocol members the SDK copies onto it", async () => {
    // Prepare
    sandbox = startSandbox();
    sandbox.account.faults.throttle("autoscaling:DescribeAutoScalingGroups");
    const autoscaling = new AutoScalingClient({ region, maxAttempts: 1 });

    // Act
    const error = await rejectionOf(autoscaling.send(new DescribeAutoScalingGroupsCommand({})));

    // Assess
    expect(error).toMatchObject({ message: "Rate exceeded", Type: "Sender", Code: "Throttling", Error: { Code: "Throttling", Message: "Rate exceeded" } });
  });

  it("lets the SDK's standard retries absorb fewer throttles than maxAttempts, backing off on the sandbox clock", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { scale: 100_000 });
    sandbox.account.faults.throttle("eks:DescribeCluster", { times: 2 });
    const eks = new EKSClient({ region });

    // Act
    const output = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(output.$metadata.attempts).toBe(3);
    expect(output.$metadata.totalRetryDelay).toBeGreaterThan(0);
    expect(sandbox.account.calls.filter("eks:DescribeCluster").map((c) => `${c.attempt}:${c.outcome}`)).toEqual(["1:error", "2:error", "3:ok"]);
  });

  it("surfaces the throttle once the client's attempts are used up, with attempts in $metadata", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { scale: 100_000 });
    sandbox.account.faults.throttle("eks", { times: 5 });
    const eks = new EKSClient({ region, maxAttempts: 2 });

    // Act
    const error = await rejectionOf(eks.send(new DescribeClusterCommand({ name: "prod" })));

    // Assess
    expect(error.name).toBe("ThrottlingException");
    expect(error.$metadata).toMatchObject({ attempts: 2, httpStatusCode: 429 });
  });

  it("does not retry a non-retryable client error", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { scale: 100_000 });
    const eks = new EKSClient({ region });

    // Act
    await rejectionOf(eks.send(new DescribeClusterCommand({ name: "missing" })));

    // Assess
    expect(sandbox.account.calls.count("eks:DescribeCluster")).toBe(1);
  });

  it("throttles with a seeded probability: the same seed gives the same pattern", async () => {
    // Prepare
    const pattern = async (seed: number) => {
      const run = startSandbox({ ...SPEC, seed }, { sdkRetries: false });
      run.account.faults.throttle("eks", { probability: 0.5 });
      const eks = new EKSClient({ region });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i++) {
        outcomes.push(await eks.send(new DescribeClusterCommand({ name: "prod" })).then(() => "ok", (e: Error) => e.name));
      }
      stopSandbox(run);
      return outcomes.join(",");
    };

    // Act
    const first = await pattern(7);
    const second = await pattern(7);

    // Assess
    expect(first).toBe(second);
    expect(first).toContain("ThrottlingException");
    expect(first).toContain("ok");
  });
});

describe("latency and scripted errors", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("delays the answer by simulated time on the sandbox clock", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { scale: 10_000 });
    sandbox.account.faults.latency("ssm:GetParameter", 30_000);
    const ssm = new SSMClient({ region });
    const before = sandbox.clock.nowMs();

    // Act
    await ssm.send(new GetParameterCommand({ Name: "/caretaker/config" }));

    // Assess
    expect(sandbox.clock.nowMs() - before).toBeGreaterThanOrEqual(30_000);
  });

  it("fails the next call with the scripted error, then answers normally", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { sdkRetries: false });
    const handle = sandbox.account.faults.failNext("eks:DescribeCluster", () => new ServerException({ message: "boom", $metadata: {} }));
    const eks = new EKSClient({ region });

    // Act
    const error = await rejectionOf(eks.send(new DescribeClusterCommand({ name: "prod" })));
    const output = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(error).toMatchObject({ name: "ServerException", $fault: "server", $metadata: { httpStatusCode: 500 } });
    expect(output.cluster?.name).toBe("prod");
    expect(handle.fired).toBe(1);
  });

  it("stops a fault once it is removed", async () => {
    // Prepare
    sandbox = startSandbox(SPEC, { sdkRetries: false });
    const handle = sandbox.account.faults.throttle("eks", { probability: 1 });
    const eks = new EKSClient({ region });
    await rejectionOf(eks.send(new DescribeClusterCommand({ name: "prod" })));

    // Act
    handle.remove();
    const output = await eks.send(new DescribeClusterCommand({ name: "prod" }));

    // Assess
    expect(output.cluster?.name).toBe("prod");
  });
});
