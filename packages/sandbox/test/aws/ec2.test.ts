import { DescribeInstancesCommand, EC2Client, paginateDescribeInstances } from "@aws-sdk/client-ec2";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const SECOND = 1_000;

describe("DescribeInstances", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("describes an instance with its private DNS name, address, zone, lifecycle, tags and launch time", async () => {
    // Prepare
    sandbox = startSandbox({ ec2: { instances: [{ id: "i-0123456789abcdef0", availabilityZone: "eu-west-1b", lifecycle: "spot", tags: { Name: "node" } }] } });

    // Act
    const { Reservations } = await new EC2Client({ region }).send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }));

    // Assess
    expect(Reservations).toHaveLength(1);
    expect(Reservations?.[0]).toMatchObject({ ReservationId: expect.stringMatching(/^r-[0-9a-f]{17}$/), OwnerId: "111122223333" });
    expect(Reservations?.[0]?.Instances?.[0]).toMatchObject({
      InstanceId: "i-0123456789abcdef0",
      State: { Code: 16, Name: "running" },
      PrivateDnsName: "ip-10-0-2-4.eu-west-1.compute.internal",
      PrivateIpAddress: "10.0.2.4",
      Placement: { AvailabilityZone: "eu-west-1b" },
      InstanceLifecycle: "spot",
      Tags: [{ Key: "Name", Value: "node" }],
      LaunchTime: new Date("2025-06-02T09:00:00Z"),
    });
  });

  it("gives on-demand instances no InstanceLifecycle at all", async () => {
    // Prepare
    sandbox = startSandbox({ ec2: { instances: [{}] } });

    // Act
    const { Reservations } = await new EC2Client({ region }).send(new DescribeInstancesCommand({}));

    // Assess
    expect(Reservations?.[0]?.Instances?.[0]).not.toHaveProperty("InstanceLifecycle");
  });

  it("answers unknown ids with InvalidInstanceID.NotFound listing them, and malformed ids with InvalidInstanceID.Malformed", async () => {
    // Prepare
    sandbox = startSandbox({ ec2: { instances: [{ id: "i-0123456789abcdef0" }] } });
    const ec2 = new EC2Client({ region });

    // Act
    const one = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0", "i-0aaaaaaaaaaaaaaaa"] })));
    const two = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0aaaaaaaaaaaaaaaa", "i-0bbbbbbbbbbbbbbbb"] })));
    const malformed = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["node-1"] })));

    // Assess
    expect(one).toMatchObject({ name: "InvalidInstanceID.NotFound", $fault: "client", message: "The instance ID 'i-0aaaaaaaaaaaaaaaa' does not exist", $metadata: { httpStatusCode: 400 } });
    expect(two.message).toBe("The instance IDs 'i-0aaaaaaaaaaaaaaaa, i-0bbbbbbbbbbbbbbbb' do not exist");
    expect(malformed.name).toBe("InvalidInstanceID.Malformed");
  });

  it("filters by tag, state and private DNS name (with wildcards), AND-ing filters and OR-ing values", async () => {
    // Prepare
    sandbox = startSandbox({
      ec2: {
        instances: [
          { id: "i-00000000000000001", tags: { "eks:cluster-name": "prod" } },
          { id: "i-00000000000000002", tags: { "eks:cluster-name": "prod" }, state: "stopped" },
          { id: "i-00000000000000003", tags: { "eks:cluster-name": "dev" } },
        ],
      },
    });
    const ec2 = new EC2Client({ region });

    // Act
    const running = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "tag:eks:cluster-name", Values: ["prod"] }, { Name: "instance-state-name", Values: ["running", "pending"] }] }));
    const byDns = await ec2.send(new DescribeInstancesCommand({ Filters: [{ Name: "private-dns-name", Values: ["ip-10-0-1-6.*"] }] }));

    // Assess
    expect(running.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual(["i-00000000000000001"]);
    expect(byDns.Reservations?.flatMap((r) => r.Instances?.map((i) => i.InstanceId))).toEqual(["i-00000000000000003"]);
  });

  it("rejects an unknown filter name", async () => {
    // Prepare
    sandbox = startSandbox();

    // Act
    const error = await rejectionOf(new EC2Client({ region }).send(new DescribeInstancesCommand({ Filters: [{ Name: "colour", Values: ["blue"] }] })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterValue", message: "The filter 'colour' is invalid" });
  });

  it("pages with MaxResults/NextToken (through the SDK paginator) and refuses MaxResults with InstanceIds or below 5", async () => {
    // Prepare
    sandbox = startSandbox({ ec2: { instances: Array.from({ length: 7 }, () => ({})) } });
    const ec2 = new EC2Client({ region });

    // Act
    const sizes: number[] = [];
    for await (const page of paginateDescribeInstances({ client: ec2, pageSize: 5 }, {})) sizes.push(page.Reservations?.length ?? 0);
    const combined = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"], MaxResults: 5 })));
    const tooSmall = await rejectionOf(ec2.send(new DescribeInstancesCommand({ MaxResults: 3 })));

    // Assess
    expect(sizes).toEqual([5, 2]);
    expect(combined).toMatchObject({ name: "InvalidParameterCombination", message: "The parameter instancesSet cannot be used with the parameter maxResults" });
    expect(tooSmall).toMatchObject({ name: "InvalidParameterValue", message: "Value ( 3 ) for parameter maxResults is invalid. Expecting a value greater than 5." });
  });

  it("keeps a terminated instance visible for an hour, then answers NotFound", async () => {
    // Prepare
    sandbox = startSandbox({ ec2: { instances: [{ id: "i-0123456789abcdef0" }] } });
    const ec2 = new EC2Client({ region });
    sandbox.account.ec2.terminate("i-0123456789abcdef0");
    sandbox.clock.advance(30 * SECOND);

    // Act
    const soon = await ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] }));
    sandbox.clock.advance(3600 * SECOND);
    const later = await rejectionOf(ec2.send(new DescribeInstancesCommand({ InstanceIds: ["i-0123456789abcdef0"] })));

    // Assess
    expect(soon.Reservations?.[0]?.Instances?.[0]).toMatchObject({ State: { Name: "terminated" }, PrivateDnsName: "", StateReason: { Code: "Client.UserInitiatedShutdown" } });
    expect(later.name).toBe("InvalidInstanceID.NotFound");
  });
});

describe("EC2 events", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("emits the Spot interruption warning, then interrupts the instance two minutes later", () => {
    // Prepare
    sandbox = startSandbox({ autoscaling: { groups: [{ name: "spot", instances: 1, lifecycle: "spot" }] } });
    const instanceId = sandbox.account.autoscaling.group("spot")?.Instances?.[0]?.InstanceId ?? "";

    // Act
    const warning = sandbox.account.ec2.spotInterruption(instanceId);
    sandbox.clock.advance(119 * SECOND);
    const before = sandbox.account.ec2.state(instanceId);
    sandbox.clock.advance(SECOND);

    // Assess
    expect(warning).toMatchObject({
      "detail-type": "EC2 Spot Instance Interruption Warning",
      source: "aws.ec2",
      resources: [`arn:aws:ec2:eu-west-1:111122223333:instance/${instanceId}`],
      detail: { "instance-id": instanceId, "instance-action": "terminate" },
    });
    expect(before).toBe("running");
    expect(sandbox.account.ec2.state(instanceId)).toBe("shutting-down");
    expect(sandbox.account.events.emitted({ detailType: "EC2 Instance State-change Notification" }).map((e) => e.detail.state)).toEqual(["shutting-down"]);
    expect(sandbox.account.autoscaling.lifecycleState(instanceId)).toBe("Terminating");
  });
});
