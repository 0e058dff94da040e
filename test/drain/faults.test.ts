import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import { DRAINER_GROUP, drainerRbac } from "@caretaker/core/access";
import { drainConfig, drainNode, drainOptions, parseDrainTrigger, runDrain } from "@caretaker/core/drain";
import { createClusterConnector } from "@caretaker/core/eks";
import { createLifecycleActions } from "@caretaker/core/lifecycle";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf, type DrainHarness, drainHarness } from "./harness";

let sandbox: SandboxAccount | undefined;
let harness: DrainHarness | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  await harness?.cluster.stop();
  sandbox = undefined;
  harness = undefined;
  restore = undefined;
});

/** A sandbox account whose caretaker role drains with the shipped RBAC, and the drain use-case wired to it. */
async function account(options: { grace: number; scale: number }) {
  sandbox = await createSandboxAccount({
    scale: options.scale,
    clusters: [
      {
        name: "prod",
        nodeGroups: [
          { name: "web", nodes: 1, terminateHook: { heartbeatTimeout: 600 } },
          { name: "spare", nodes: 2 },
        ],
        eks: { accessEntries: [{ principalArn: "arn:aws:iam::111122223333:role/caretaker-functions", kubernetesGroups: [DRAINER_GROUP] }] },
        objects: drainerRbac({ forceDelete: false }) as never[],
        deployments: [{ name: "web", namespace: "shop", replicas: 2, nodeGroup: "web", terminationGracePeriodSeconds: options.grace }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
      },
    ],
  });
  restore = sandbox.useCaretakerCredentials();
  const clock = clockOf(sandbox.clock);
  const autoscaling = new AutoScalingClient({});
  const connector = createClusterConnector({ eks: new EKSClient({}), now: () => sandbox?.clock.now() as Date });
  const deps = { ec2: new EC2Client({}), autoscaling, connect: (name: string) => connector.connect(name), lifecycle: createLifecycleActions({ autoscaling, clock }), clock, config: drainConfig({ safetyMarginSeconds: 5 }) };
  const target = sandbox.nodeGroups.prod?.web?.[0] as { node: string; instanceId: string; asg: string };
  return { sandbox, deps, target };
}

describe("drain fault runs", () => {
  it("re-signs its EKS token when a drain outlives the token (20-minute grace periods)", async () => {
    // Prepare
    const { sandbox, deps, target } = await account({ grace: 1200, scale: 2000 });
    const event = sandbox.aws.autoscaling.terminateInstance(target.asg, target.instanceId);
    // Act
    const result = await runDrain(parseDrainTrigger(event), { remainingMs: 3_600_000 }, deps);
    // Assess
    expect(result.runs[0]?.drain?.outcome).toBe("drained");
    // A single token is rejected 15 minutes after signing: no 401 over 20+ minutes means it was re-signed in time.
    expect(sandbox.clock.nowMs() - Date.parse(event?.time as string)).toBeGreaterThan(20 * 60_000);
    expect(sandbox.cluster("prod").requests.filter((entry) => entry.status === 401)).toEqual([]);
  });

  it("completes the action once even when Auto Scaling throttles heartbeats and the completion", async () => {
    const { sandbox, deps, target } = await account({ grace: 30, scale: 200 });
    sandbox.aws.faults.throttle("autoscaling:RecordLifecycleActionHeartbeat", { times: 20 });
    sandbox.aws.faults.throttle("autoscaling:CompleteLifecycleAction", { times: 4 });
    const event = sandbox.aws.autoscaling.terminateInstance(target.asg, target.instanceId);
    const result = await runDrain(parseDrainTrigger(event), { remainingMs: 3_600_000 }, deps);
    expect(result.runs[0]?.lifecycle).toMatch(/^CONTINUE \(completed/);
    expect(sandbox.aws.autoscaling.lifecycleActions({ instanceId: target.instanceId })).toEqual([expect.objectContaining({ result: "CONTINUE", completedBy: "api" })]);
    expect(sandbox.aws.calls.count("autoscaling:CompleteLifecycleAction", "ok")).toBe(1);
  });

  it("finishes when the node is deleted mid-drain (its pods are garbage-collected)", async () => {
    harness = await drainHarness({
      name: "prod",
      nodes: [{ name: "node" }, { name: "spare" }],
      deployments: [{ name: "web", namespace: "shop", replicas: 2, nodes: ["node"], terminationGracePeriodSeconds: 600 }],
    });
    const admin = new KubeConfig();
    admin.loadFromString(JSON.stringify(harness.cluster.kubeconfig()));
    let deleted = false;
    const result = await drainNode(harness.kube, harness.clock, {
      node: "node",
      reason: "test",
      options: drainOptions(),
      onProgress: (event) => {
        if (event.type === "evicted" && !deleted) {
          deleted = true;
          void admin.makeApiClient(CoreV1Api).deleteNode({ name: "node" });
        }
      },
    });
    expect(result.outcome).toBe("drained");
    expect(harness.cluster.list("v1", "Pod").filter((pod) => (pod.spec as { nodeName: string }).nodeName === "node")).toEqual([]);
  });

  it("resumes after a run dies mid-drain, without evicting anything twice", async () => {
    harness = await drainHarness({
      name: "prod",
      nodes: [{ name: "node" }, { name: "spare-1" }, { name: "spare-2" }],
      deployments: [{ name: "web", namespace: "shop", replicas: 3, nodes: ["node"], terminationGracePeriodSeconds: 30 }],
      pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
    });
    const h = harness;
    // The first run "dies" right after its first accepted eviction (the Lambda was killed).
    const first = drainNode(h.kube, h.clock, {
      node: "node",
      reason: "test",
      options: drainOptions(),
      onProgress: (event) => {
        if (event.type === "evicted") throw new Error("Lambda killed");
      },
    });
    await expect(first).rejects.toThrow("Lambda killed");
    const second = await drainNode(h.kube, h.clock, { node: "node", reason: "test", options: drainOptions() });
    expect(second.outcome).toBe("drained");
    const evictions = h.cluster.requests.filter((entry) => entry.resource === "pods/eviction" && entry.status === 201).map((entry) => entry.path);
    expect(new Set(evictions).size).toBe(evictions.length);
    expect(evictions).toHaveLength(3);
    expect(h.cluster.counters.total).toBe(0);
  });
});
