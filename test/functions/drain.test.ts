import { drainerRbac, DRAINER_GROUP } from "@caretaker/core/access";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import type { SQSEvent } from "aws-lambda";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/drain";
import { clusters } from "../../functions/lib/clients";
import { resetDrainDeps } from "../../functions/lib/drain-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { clockOf } from "../drain/harness";
import { lambdaContext } from "../helpers/lambda-context";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";
let sandbox: SandboxAccount | undefined;
let restoreCredentials: (() => void) | undefined;

afterEach(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
  sandbox = undefined;
  clusters.forget("prod");
  resetDrainDeps();
});

/** A cluster whose drain role has exactly the shipped RBAC, a terminate hook on its group, and PDB-guarded pods on one node. */
async function start(options: { replicas?: number; grace?: number; config?: object; scale?: number; groupTag?: { web?: string; spare?: string } } = {}) {
  sandbox = await createSandboxAccount({
    // Simulated time runs 100× faster: real-time overheads (TLS, GC) stay well inside the hook's heartbeat timeout.
    scale: options.scale ?? 100,
    clusters: [
      {
        name: "prod",
        // The web pods all sit on the one node of group "web"; "spare" takes their replacements.
        nodeGroups: [
          { name: "web", nodes: 1, terminateHook: { heartbeatTimeout: 300 }, ...(options.groupTag?.web ? { tags: { "caretaker:drain": options.groupTag.web } } : {}) },
          { name: "spare", nodes: 2, terminateHook: { heartbeatTimeout: 300 }, ...(options.groupTag?.spare ? { tags: { "caretaker:drain": options.groupTag.spare } } : {}) },
        ],
        eks: { accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", kubernetesGroups: [DRAINER_GROUP] }] },
        objects: drainerRbac({ forceDelete: false }) as never[],
        deployments: [{ name: "web", namespace: "shop", replicas: options.replicas ?? 3, nodeGroup: "web", terminationGracePeriodSeconds: options.grace ?? 30 }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
      },
    ],
    aws: {
      sns: { topics: [{ name: "caretaker-alerts" }] },
      dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] },
    },
  });
  restoreCredentials = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_TOPIC_ARN", TOPIC);
  vi.stubEnv("CARETAKER_STATE_TABLE", "caretaker-state");
  vi.stubEnv("CARETAKER_DRAIN_CONFIG", JSON.stringify({ safetyMarginSeconds: 5, redeliverySeconds: 30, ...options.config }));
  if (options.groupTag) vi.stubEnv("CARETAKER_DRAIN_GROUP_TAG", JSON.stringify({ key: "caretaker:drain", value: "caretaker-prod" }));
  return sandbox;
}

/** The node (and instance) that hosts the web pods. */
function busiestNode(sb: SandboxAccount) {
  return sb.nodeGroups.prod?.web?.[0] as { node: string; instanceId: string };
}

function sqsEvent(body: unknown, messageId: string, firstReceivedAt: number, receiveCount = 1): SQSEvent {
  return {
    Records: [
      {
        messageId,
        receiptHandle: `handle-${messageId}-${receiveCount}`,
        body: JSON.stringify(body),
        attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: String(firstReceivedAt), SenderId: "AIDAEXAMPLE", ApproximateFirstReceiveTimestamp: String(firstReceivedAt) },
        messageAttributes: {},
        md5OfBody: "0".repeat(32),
        eventSource: "aws:sqs",
        eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:caretaker-drain",
        awsRegion: "eu-west-1",
      },
    ],
  };
}

const podsOn = (sb: SandboxAccount, node: string) => sb.cluster("prod").list("v1", "Pod").filter((pod) => (pod.spec as { nodeName: string }).nodeName === node && pod.metadata.namespace === "shop");
const published = (sb: SandboxAccount) => sb.aws.sns.published();

describe("drain function (SQS → handler → drain → lifecycle → notification)", () => {
  it("drains over several runs with heartbeats in between and completes the lifecycle action exactly once", async () => {
    // Prepare: 30 s run budgets against 60 s grace periods and PDB-serialised evictions: one run cannot finish.
    const sb = await start({ grace: 60 });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    const firstSeen = sb.clock.nowMs();
    // Act
    const responses = [];
    for (let run = 1; run <= 10; run++) {
      const response = (await handler(sqsEvent(event, "m-1", firstSeen, run), lambdaContext("caretaker-drain", 30_000))) as { batchItemFailures: unknown[] };
      responses.push(response.batchItemFailures.length);
      if (response.batchItemFailures.length === 0) break;
      sb.clock.advance(1_000); // the message comes back after its visibility timeout
    }
    // Assess
    expect(responses.length).toBeGreaterThanOrEqual(3);
    expect(responses.at(-1)).toBe(0);
    expect(podsOn(sb, target.node)).toEqual([]);
    expect(sb.cluster("prod").counters.total).toBe(0);
    const [action] = sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId });
    expect(action).toMatchObject({ result: "CONTINUE", completedBy: "api" });
    expect(action?.heartbeats).toBeGreaterThanOrEqual(1);
    expect(sb.aws.calls.count("autoscaling:CompleteLifecycleAction", "ok")).toBe(1);
    const messages = published(sb);
    expect(messages).toHaveLength(2);
    expect(messages.map((message) => message.attributes.kind)).toEqual(["drain", "drain"]);
    expect(messages.find((message) => message.subject)?.subject).toContain(`Drained ${target.node}`);
  });

  it("is safe when the same event is delivered three times concurrently: one completion, one notification", async () => {
    const sb = await start({ replicas: 2, grace: 5 });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    const firstSeen = sb.clock.nowMs();
    const results = await Promise.all(["a", "b", "c"].map((id) => handler(sqsEvent(event, `m-${id}`, firstSeen), lambdaContext("caretaker-drain", 600_000))));
    expect(results).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(podsOn(sb, target.node)).toEqual([]);
    expect(sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })).toEqual([expect.objectContaining({ result: "CONTINUE", completedBy: "api" })]);
    expect(published(sb)).toHaveLength(2);
    expect(sb.cluster("prod").counters.total).toBe(0);
  });

  it("sends no second notification for the instance's shutting-down event after its lifecycle drain", async () => {
    const sb = await start({ replicas: 1, grace: 5 });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    await handler(sqsEvent(event, "m-hook", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000));
    expect(published(sb)).toHaveLength(2);
    const stateChange = { version: "0", id: "sc-1", "detail-type": "EC2 Instance State-change Notification", source: "aws.ec2", account: "111122223333", time: new Date(sb.clock.nowMs()).toISOString(), region: "eu-west-1", resources: [], detail: { "instance-id": target.instanceId, state: "shutting-down" } };
    expect(await handler(sqsEvent(stateChange, "m-state", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000))).toEqual({ batchItemFailures: [] });
    expect(published(sb)).toHaveLength(2);
  });

  it("completes the action and reports when the node is already gone", async () => {
    const sb = await start();
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    const admin = new KubeConfig();
    admin.loadFromString(JSON.stringify(sb.cluster("prod").kubeconfig()));
    await admin.makeApiClient(CoreV1Api).deleteNode({ name: target.node });
    const response = await handler(sqsEvent(event, "m-gone", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })).toEqual([expect.objectContaining({ result: "CONTINUE", completedBy: "api" })]);
    expect(published(sb).find((message) => message.subject)?.subject).toContain(`was already gone`);
  });

  it("drains a group carrying the stage's tag as before", async () => {
    const sb = await start({ replicas: 1, grace: 5, groupTag: { web: "caretaker-prod" } });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    expect(await handler(sqsEvent(event, "m-tagged", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000))).toEqual({ batchItemFailures: [] });
    expect(sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })).toEqual([expect.objectContaining({ result: "CONTINUE", completedBy: "api" })]);
    expect(podsOn(sb, target.node)).toEqual([]);
  });

  it.each([
    ["has no stage tag (hook added by hand, or the group excluded)", undefined, "does not carry the tag caretaker:drain=caretaker-prod"],
    ["carries another stage's tag", "caretaker-staging", "is tagged caretaker:drain=caretaker-staging, another stage's"],
  ])("reports once and acknowledges Caretaker's hook on a group that %s: nothing drained or completed", async (_, tagValue, why) => {
    // Prepare: "web" carries the hook but is not this stage's; the same event is delivered twice.
    const sb = await start({ replicas: 1, grace: 5, groupTag: { ...(tagValue ? { web: tagValue } : {}), spare: "caretaker-prod" } });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);

    // Act
    const first = await handler(sqsEvent(event, "m-unmanaged", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000));
    const again = await handler(sqsEvent(event, "m-unmanaged", sb.clock.nowMs(), 2), lambdaContext("caretaker-drain", 600_000));

    // Assess: acknowledged both times (no retry loop), no completion attempted, the node and its pods untouched.
    expect([first, again]).toEqual([{ batchItemFailures: [] }, { batchItemFailures: [] }]);
    expect(sb.aws.calls.count("autoscaling:CompleteLifecycleAction")).toBe(0);
    expect(sb.aws.calls.count("autoscaling:RecordLifecycleActionHeartbeat")).toBe(0);
    expect(sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })[0]).toMatchObject({ status: "active" });
    expect(podsOn(sb, target.node)).toHaveLength(1);
    expect(sb.cluster("prod").requests).toEqual([]);
    // One report (both formats of one notification), saying what to do.
    const alerts = published(sb);
    expect(alerts).toHaveLength(2);
    const report = alerts.find((message) => message.subject);
    expect(report?.subject).toContain("Auto Scaling group prod-web is not managed by this stage (caretaker-prod)");
    expect(report?.message).toContain(why);
    expect(report?.message).toContain("Add prod-web to autoScalingGroups in CARETAKER_CONFIG");
    expect(report?.message).toContain("aws autoscaling delete-lifecycle-hook --auto-scaling-group-name prod-web --lifecycle-hook-name caretaker-drain");
  });

  it("reports and acknowledges when IAM refuses the completion (the tag removed mid-drain), instead of retrying", async () => {
    const sb = await start({ replicas: 1, grace: 5, groupTag: { web: "caretaker-prod" } });
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    const denied = () => Object.assign(new Error("User: arn:aws:sts::111122223333:assumed-role/caretaker-functions is not authorized to perform: autoscaling:CompleteLifecycleAction"), { name: "AccessDenied" });
    sb.aws.faults.failNext("autoscaling:CompleteLifecycleAction", denied, 10);
    const response = await handler(sqsEvent(event, "m-denied", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sb.aws.calls.count("autoscaling:CompleteLifecycleAction")).toBe(1);
    expect(published(sb).filter((message) => message.subject).map((message) => message.subject)).toContainEqual(expect.stringContaining("prod-web is not managed by this stage"));
    const report = published(sb).find((message) => message.subject?.includes("is not managed by this stage"));
    expect(report?.message).toContain("Whatever the drain did to the node stands; only the lifecycle action was not completed");
    expect(report?.message).not.toContain("Nothing was drained");
  });

  it("acknowledges Auto Scaling's test notification without doing anything", async () => {
    const sb = await start();
    const response = await handler(sqsEvent({ AccountId: "111122223333", RequestId: "r", AutoScalingGroupARN: "arn", AutoScalingGroupName: "prod-web", Service: "AWS Auto Scaling", Event: "autoscaling:TEST_NOTIFICATION", Time: "2026-11-21T10:00:00Z" }, "m-test", sb.clock.nowMs()), lambdaContext("caretaker-drain"));
    expect(response).toEqual({ batchItemFailures: [] });
    expect(sb.cluster("prod").requests).toEqual([]);
    expect(published(sb)).toEqual([]);
  });

  it("reports a malformed message once and drops it, touching nothing", async () => {
    const sb = await start();
    const bad = sqsEvent({ "detail-type": "EC2 Instance-terminate Lifecycle Action", source: "aws.autoscaling", id: "x", time: "2026-11-21T10:00:00Z", detail: { AutoScalingGroupName: "prod-web" } }, "m-bad", sb.clock.nowMs());
    expect(await handler(bad, lambdaContext("caretaker-drain"))).toEqual({ batchItemFailures: [] });
    expect(await handler(bad, lambdaContext("caretaker-drain"))).toEqual({ batchItemFailures: [] });
    expect(sb.cluster("prod").requests).toEqual([]);
    expect(sb.aws.calls.count("autoscaling")).toBe(0);
    const alerts = published(sb);
    expect(alerts).toHaveLength(2);
    expect(alerts.find((message) => message.subject)?.message).toContain("detail.EC2InstanceId");
  });

  it("leaves a message on the queue when the run fails (cluster unreachable), to be retried", async () => {
    const sb = await start();
    const target = busiestNode(sb);
    const event = sb.aws.autoscaling.terminateInstance("prod-web", target.instanceId);
    sb.aws.faults.failNext("eks:DescribeCluster", () => Object.assign(new Error("Rate exceeded"), { name: "ServiceUnavailableException" }), 50);
    const response = await handler(sqsEvent(event, "m-retry", sb.clock.nowMs()), lambdaContext("caretaker-drain", 600_000));
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: "m-retry" }] });
    expect(sb.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })[0]).toMatchObject({ status: "active" });
  });
});

describe("drain function (direct invocation)", () => {
  it("runs a manual dry run by node name and changes nothing", async () => {
    const sb = await start();
    const target = busiestNode(sb);
    const result = await handler({ cluster: "prod", node: target.node, dryRun: true }, lambdaContext("caretaker-drain", 600_000));
    expect(result).toMatchObject({ trigger: "manual", status: "done", runs: [{ node: target.node, drain: { outcome: "dry-run" } }] });
    expect(sb.cluster("prod").requests.filter((entry) => entry.method !== "GET")).toEqual([]);
  });

  it.each([
    [{ cluster: "prod" }, /node|instanceId/],
    [{ cluster: "prod", node: "Not_A_Node" }, /node/],
    [{ cluster: "prod", instanceId: "i-nope" }, /instanceId/],
    [{ cluster: "prod", node: "n", force: true }, /force/],
  ])("rejects the manual payload %j with a clear error and contacts nothing", async (payload, problem) => {
    const sb = await start();
    await expect(handler(payload, lambdaContext("caretaker-drain"))).rejects.toMatchObject({ name: "InvalidInputError", message: expect.stringMatching(problem) });
    expect(sb.cluster("prod").requests).toEqual([]);
    expect(sb.aws.calls.entries).toEqual([]);
  });
});
