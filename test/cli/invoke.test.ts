import { writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DRAINER_GROUP, drainerRbac, READER_GROUP } from "@caretaker/core/access";
import { type Deployment, deploymentParameterName } from "@caretaker/core/deployment";
import { driftReaderRbac } from "@caretaker/core/drift/run";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler as drainHandler } from "../../functions/drain";
import { handler as driftHandler } from "../../functions/drift";
import { handler as gcHandler } from "../../functions/image-gc";
import { clusters } from "../../functions/lib/clients";
import { resetDrainDeps } from "../../functions/lib/drain-deps";
import { resetDriftDeps } from "../../functions/lib/drift-deps";
import { resetGcDeps } from "../../functions/lib/gc-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import type { CliIo } from "../../packages/cli/src/io";
import { main } from "../../packages/cli/src/main";
import { runCli } from "../../packages/cli/test/run-cli";
import { clockOf } from "../drain/harness";
import { type LambdaHandler, mockLambda, serveFunctions } from "../helpers/serve-functions";

const ROLE = "arn:aws:iam::111122223333:role/caretaker-functions";
const FUNCTIONS = { drain: "caretaker-prod-Drain", imageGc: "caretaker-prod-ImageGc", drift: "caretaker-prod-Drift", probe: "caretaker-prod-Probe" };
/** The descriptor `sst deploy --stage prod` publishes (SSM /caretaker/prod/deployment). */
const DEPLOYMENT: Deployment = {
  version: 1,
  stage: "prod",
  region: "eu-west-1",
  functions: {
    drain: { name: FUNCTIONS.drain, roleArn: ROLE },
    imageGc: { name: FUNCTIONS.imageGc, roleArn: ROLE },
    drift: { name: FUNCTIONS.drift, roleArn: ROLE },
    probe: { name: FUNCTIONS.probe, roleArn: ROLE },
  },
  drain: {
    queueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/caretaker-prod-DrainQueue",
    deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/caretaker-prod-DrainDlq",
    hookName: "caretaker-drain",
    autoScalingGroups: [],
    discoverAutoScalingGroups: true,
    excludedAutoScalingGroups: [],
    groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
    forceDelete: false,
  },
  imageGc: { schedule: { expression: "rate(1 day)", longestIntervalSeconds: 86_400 }, clusters: "all", accessEntryClusters: [] },
  drift: { schedule: { expression: "cron(0 5 * * ? *)", longestIntervalSeconds: 86_400 }, clusters: "all", accessEntryClusters: [] },
  probe: { accessEntryClusters: [] },
  alertsTopicArn: "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts",
  stateTable: "caretaker-state",
  clusters: [],
  excludedClusters: [],
  kubernetesGroups: { drainer: DRAINER_GROUP, reader: READER_GROUP },
};
const HANDLERS: Record<string, LambdaHandler> = {
  [FUNCTIONS.drain]: drainHandler,
  [FUNCTIONS.imageGc]: gcHandler,
  [FUNCTIONS.drift]: driftHandler,
};

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
const lambda = mockLambda();

afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
  for (const name of ["prod-eu", "staging-eu"]) clusters.forget(name);
  resetDrainDeps();
  resetGcDeps();
  resetDriftDeps();
});

/**
 * The demo account (prod-eu, staging-eu) with stage "prod" deployed: its descriptor in SSM, Caretaker's RBAC in each
 * cluster, and Lambda's Invoke served in-process by the real handlers. Returns the payloads each function received.
 */
async function start(options: { gcConfig?: object } = {}) {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  sandbox = await createSandboxAccount({
    ...spec,
    scale: 200,
    aws: { ...spec.aws, ssm: { parameters: [...(spec.aws?.ssm?.parameters ?? []), { name: deploymentParameterName("prod"), value: JSON.stringify(DEPLOYMENT) }] } },
    clusters: (spec.clusters ?? []).map((cluster) => ({ ...cluster, objects: [...(cluster.objects ?? []), ...(drainerRbac({ forceDelete: false }) as never[]), ...(imageScannerRbac() as never[]), ...(driftReaderRbac() as never[])] })),
  });
  restore = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_GC_CONFIG", JSON.stringify(options.gcConfig ?? { rules: { keepNewest: 1, minAgeDays: 0 }, enabled: true }));
  const { calls: invoked } = serveFunctions(lambda, HANDLERS, { remainingMs: 900_000 });
  return { sb: sandbox, invoked };
}

/** runCli with something on stdin. */
async function runCliWithStdin(argv: string[], stdin: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { out: (text) => void (stdout += `${text}\n`), err: (text) => void (stderr += `${text}\n`), env: {}, isTty: false, readStdin: async () => stdin };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const podsOn = (sb: SandboxAccount, node: string, namespace: string) => sb.cluster("prod-eu").list("v1", "Pod").filter((pod) => (pod.spec as { nodeName?: string }).nodeName === node && pod.metadata.namespace === namespace);

describe("caretaker invoke drain", () => {
  it("has the stage's drain function drain a node named by flags, and prints the per-pod table", async () => {
    // Prepare
    const { sb, invoked } = await start();
    const target = sb.nodeGroups["prod-eu"]?.spot?.[0] as { node: string };
    expect(podsOn(sb, target.node, "shop").length).toBeGreaterThan(0);
    // Act
    const { code, stdout, stderr } = await runCli(["invoke", "drain", "--cluster", "prod-eu", "--node", target.node]);
    // Assess
    expect(code).toBe(0);
    expect(invoked).toEqual([{ name: FUNCTIONS.drain, payload: { cluster: "prod-eu", node: target.node } }]);
    expect(stderr).toContain(`invoking ${FUNCTIONS.drain}`);
    expect(stderr).toContain(`node/${target.node} drained`);
    expect(stdout).toMatch(/^worker-\S+\s+shop\s+evicted/m);
    expect(podsOn(sb, target.node, "shop")).toEqual([]);
  });

  it("takes the payload on stdin (-), options included, and a dry run changes nothing", async () => {
    // Prepare
    const { sb, invoked } = await start();
    const target = sb.nodeGroups["prod-eu"]?.general?.[0] as { node: string; instanceId: string };
    const before = podsOn(sb, target.node, "shop").length;
    const payload = { cluster: "prod-eu", instanceId: target.instanceId, dryRun: true, options: { timeoutSeconds: 300 } };
    // Act
    const { code, stdout, stderr } = await runCliWithStdin(["invoke", "drain", "-", "--json"], JSON.stringify(payload));
    // Assess
    expect(code).toBe(0);
    expect(invoked).toEqual([{ name: FUNCTIONS.drain, payload }]);
    expect(JSON.parse(stdout)).toMatchObject({ trigger: "manual", status: "done", runs: [{ node: target.node, drain: { outcome: "dry-run" } }] });
    expect(stderr).toContain(`node/${target.node} drained (dry run)`);
    expect(podsOn(sb, target.node, "shop")).toHaveLength(before);
    expect(sb.cluster("prod-eu").get("v1", "Node", undefined, target.node)?.spec).not.toHaveProperty("unschedulable", true);
  });

  it("surfaces the function's own error, and exits 3", async () => {
    // Prepare
    const { invoked } = await start();
    // Act
    const { code, stderr } = await runCli(["invoke", "drain", '{"cluster":"elsewhere","node":"ip-10-9-9-9.eu-west-1.compute.internal"}']);
    // Assess
    expect(code).toBe(3);
    expect(invoked).toHaveLength(1);
    expect(stderr).toMatch(/^caretaker invoke drain: caretaker-prod-Drain failed: ClusterAccessError: EKS cluster "elsewhere" does not exist/m);
  });
});

describe("caretaker invoke gc", () => {
  it("plans by default and deletes with --apply, printing the per-repository report", async () => {
    // Prepare
    const { sb, invoked } = await start();
    // Act
    const plan = await runCli(["invoke", "gc"]);
    const planDeletes = sb.aws.calls.count("ecr:BatchDeleteImage");
    const run = await runCli(["invoke", "gc", "--apply", "--stage", "prod"]);
    // Assess
    expect(invoked).toEqual([
      { name: FUNCTIONS.imageGc, payload: {} },
      { name: FUNCTIONS.imageGc, payload: { dryRun: false } },
    ]);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^shop\/web\s+\d+\s+in-use \d+/m);
    expect(plan.stderr).toMatch(/plan only: \d+ image\(s\) would be deleted; nothing was deleted \(pass --apply to delete\)/);
    expect(planDeletes).toBe(0);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/deleted \d+ image\(s\)/);
    expect(sb.aws.ecr.deletedDigests("shop/web").length).toBeGreaterThan(0);
  });

  it("surfaces the function's own error (a deployed configuration it refuses), and exits 3", async () => {
    // Prepare: deletion enabled with no rule.
    const { sb } = await start({ gcConfig: { enabled: true } });
    // Act
    const { code, stderr, stdout } = await runCli(["invoke", "gc", "--apply"]);
    // Assess
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^caretaker invoke gc: caretaker-prod-ImageGc failed: Error: CARETAKER_GC_CONFIG: Invalid image GC configuration: .*no rule selects images/m);
    expect(sb.aws.calls.count("ecr")).toBe(0);
  });
});

describe("caretaker invoke drift", () => {
  it("has the drift function report on the named cluster and renders its findings (exit 1: warnings)", async () => {
    // Prepare
    const { invoked } = await start();
    // Act
    const { code, stdout } = await runCli(["invoke", "drift", "--cluster", "staging-eu"]);
    const json = await runCli(["invoke", "drift", "--cluster", "staging-eu", "--json"]);
    // Assess
    expect(invoked.map((call) => call.payload)).toEqual([{ clusters: ["staging-eu"] }, { clusters: ["staging-eu"] }]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^staging-eu {3}Kubernetes 1\.30\b.* \d+ node\(s\)$/m);
    expect(stdout).toMatch(/^warning\s+\S+/m);
    expect(stdout).toMatch(/1 cluster\(s\): \d+ error\(s\), [1-9]\d* warning\(s\)/);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ reason: "manual", clusters: [{ cluster: "staging-eu", nodes: expect.any(Number) }] });
  });

  it("reads the payload from --file", async () => {
    // Prepare
    const { invoked } = await start();
    const file = join(await mkdtemp(join(tmpdir(), "caretaker-invoke-")), "drift.json");
    writeFileSync(file, JSON.stringify({ clusters: ["prod-eu"], remember: false }));
    // Act
    const { code, stdout } = await runCli(["invoke", "drift", "--file", file]);
    // Assess
    expect([0, 1]).toContain(code);
    expect(invoked).toEqual([{ name: FUNCTIONS.drift, payload: { clusters: ["prod-eu"], remember: false } }]);
    expect(stdout).toMatch(/^prod-eu {3}Kubernetes 1\.31/m);
  });
});

describe("caretaker invoke, before invoking", () => {
  it.each([
    ["drain", ["invoke", "drain", '{"cluster":"prod-eu","node":"Web_1","options":{"gracePeriodSeconds":0,"timeout":600}}'], [
      "caretaker invoke drain: node: must be a Kubernetes node name",
      "caretaker invoke drain: options.gracePeriodSeconds: 0 would kill pods",
      "caretaker invoke drain: options.timeout: is not a recognised field",
    ]],
    ["drain without a target", ["invoke", "drain", "--cluster", "prod-eu"], ["caretaker invoke drain: node, instanceId: one is required"]],
    ["drain with an AWS event", ["invoke", "drain", '{"detail-type":"EC2 Spot Instance Interruption Warning","source":"aws.ec2","detail":{}}'], ['caretaker invoke drain: detail-type: is not a recognised field']],
    ["gc", ["invoke", "gc", '{"dryrun":false}'], ["caretaker invoke gc: dryrun: is not a recognised field (allowed: source, dryRun)"]],
    ["gc --apply with dryRun", ["invoke", "gc", '{"dryRun":true}', "--apply"], ['caretaker invoke gc: "dryRun" given both in the payload and as a flag']],
    ["drift", ["invoke", "drift", '{"clusters":["prod eu"],"remember":"yes"}'], [
      "caretaker invoke drift: clusters[0]: must be an EKS cluster name",
      "caretaker invoke drift: remember: expected boolean, received string",
    ]],
    ["drift, not JSON", ["invoke", "drift", "{clusters:[prod]}"], ["caretaker invoke drift: the payload is not JSON"]],
    ["payload twice", ["invoke", "drift", "{}", "--file", "drift.json"], ["caretaker invoke drift: give the payload once"]],
  ])("refuses a bad payload (%s) field by field with exit 2, reading and invoking nothing", async (_, argv, messages) => {
    // Prepare
    const { sb, invoked } = await start();
    const ssmReads = sb.aws.calls.count("ssm");
    // Act
    const { code, stderr } = await runCli(argv);
    // Assess
    expect(code).toBe(2);
    for (const message of messages) expect(stderr).toContain(message);
    expect(stderr).toContain("(nothing was invoked;");
    expect(invoked).toEqual([]);
    expect(sb.aws.calls.count("ssm")).toBe(ssmReads);
  });

  it("says clearly when the stage is not deployed (exit 2), and invokes nothing", async () => {
    // Prepare
    const { invoked } = await start();
    // Act
    const { code, stderr } = await runCli(["invoke", "drift", "--stage", "staging"]);
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('caretaker invoke drift: No Caretaker stage "staging" in eu-west-1: SSM parameter /caretaker/staging/deployment does not exist');
    expect(invoked).toEqual([]);
  });

  it("uses --function, else CARETAKER_GC_FUNCTION, instead of the stage's descriptor", async () => {
    // Prepare
    const { sb, invoked } = await start();
    const ssmReads = sb.aws.calls.count("ssm");
    // Act
    const byFlag = await runCli(["invoke", "drift", "--function", "caretaker-other-Drift"]);
    const byEnv = await runCli(["invoke", "gc"], { CARETAKER_GC_FUNCTION: FUNCTIONS.imageGc });
    // Assess
    expect(byFlag.code).toBe(3);
    expect(byFlag.stderr).toContain("Invoking caretaker-other-Drift (lambda:InvokeFunction) failed: Function not found");
    expect(byEnv.code).toBe(0);
    expect(invoked.map((call) => call.name)).toEqual(["caretaker-other-Drift", FUNCTIONS.imageGc]);
    expect(sb.aws.calls.count("ssm")).toBe(ssmReads);
  });
});
