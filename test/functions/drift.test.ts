import { readFileSync } from "node:fs";
import { driftReaderRbac } from "@caretaker/core/drift/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/drift";
import { clusters } from "../../functions/lib/clients";
import { resetDriftDeps } from "../../functions/lib/drift-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { clockOf } from "../drain/harness";
import { lambdaContext } from "../helpers/lambda-context";

const TOPIC = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";
const DAY_MS = 86_400_000;
let sandbox: SandboxAccount | undefined;
let restoreCredentials: (() => void) | undefined;

afterEach(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
  sandbox = undefined;
  for (const name of ["prod-eu", "staging-eu"]) clusters.forget(name);
  resetDriftDeps();
  vi.unstubAllEnvs();
});

/** The demo account (prod-eu 1.31 with an add-on blocking 1.32; staging-eu 1.30, nodes 1.28, forced upgrade in 20 days) with only the shipped reader RBAC. */
async function start(config: object = {}) {
  const spec = demoSpec();
  sandbox = await createSandboxAccount({ ...spec, clusters: spec.clusters?.map((cluster) => ({ ...cluster, objects: [...(cluster.objects ?? []), ...(driftReaderRbac() as never[])] })) });
  restoreCredentials = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_TOPIC_ARN", TOPIC);
  vi.stubEnv("CARETAKER_STATE_TABLE", "caretaker-state");
  vi.stubEnv("CARETAKER_DRIFT_CONFIG", JSON.stringify({ digestPeriodDays: 0, ...config }));
  return sandbox;
}

const invoke = (event: unknown) => handler(event, lambdaContext("caretaker-drift"));
const schedule = () => invoke({ trigger: "schedule" });
const emails = (sb: SandboxAccount) => sb.aws.sns.published("caretaker-alerts").filter((message) => message.attributes.format === "email");

/**
 * CloudTrail's record of UpdateClusterVersion as EventBridge delivers it ("AWS API Call via CloudTrail"). Built
 * from the documented envelope and the API's request parameters (name, version); no published sample exists.
 */
function versionChangeEvent(cluster: string, version: string) {
  return {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "AWS API Call via CloudTrail",
    source: "aws.eks",
    account: "111122223333",
    time: "2026-11-21T08:00:00Z",
    region: "eu-west-1",
    resources: [],
    detail: {
      eventVersion: "1.08",
      eventSource: "eks.amazonaws.com",
      eventName: "UpdateClusterVersion",
      awsRegion: "eu-west-1",
      requestParameters: { name: cluster, version },
      responseElements: { update: { id: "e4091a28-ea14-48fd-a8c7-975aeb469e8a", status: "InProgress", type: "VersionUpdate" } },
    },
  };
}

describe("drift function", () => {
  it("notifies each cluster's findings once, and stays quiet on the next scheduled run", async () => {
    const sb = await start();
    const first = await schedule();
    expect(first.totals).toEqual({ clusters: 2, errors: 0, warnings: 3, info: 2 });
    expect(emails(sb).map((message) => message.subject).sort()).toEqual(["[Caretaker] WARNING: Drift in prod-eu: 2 new", "[Caretaker] WARNING: Drift in staging-eu: 3 new"]);
    sb.clock.advance(DAY_MS);
    const second = await schedule();
    expect(second.totals).toEqual(first.totals);
    expect(second.notified).toEqual([]);
    expect(emails(sb)).toHaveLength(2);
  });

  it("reports a control plane upgraded under its nodes: the kubelets now block the next upgrade", async () => {
    const sb = await start();
    await schedule();
    // EKS's forced upgrade at the end of standard support: only the control plane moves.
    sb.aws.eks.updateCluster("staging-eu", { version: "1.31", platformVersion: "eks.12" });
    await invoke(versionChangeEvent("staging-eu", "1.31"));
    const change = emails(sb).at(-1);
    // The kubelets' finding is the same episode getting worse (behind → blocks the upgrade), not new plus resolved.
    expect(change?.subject).toMatch(/^\[Caretaker\] WARNING: Drift in staging-eu: 1 new, 1 worse, 1 resolved$/);
    expect(change?.message).toMatch(/Worse[^]*\[WARNING\] nodes of managed node group general: .*kubelet 1\.28 is 3 minor versions behind the control plane \(1\.31\).*\(was kubelet-behind, info\)/);
    expect(change?.message).toMatch(/\[WARNING\] add-on coredns: Version v1\.11\.1-eksbuild\.9 is not supported on Kubernetes 1\.32/);
    expect(change?.message).toMatch(/Resolved[^]*control plane 1\.30: forced-upgrade-approaching/);
  });

  it("notifies a resolved finding once it is fixed", async () => {
    const sb = await start();
    await schedule();
    sb.aws.eks.setAddon("prod-eu", { name: "vpc-cni", version: "v1.19.2-eksbuild.1" });
    sb.clock.advance(DAY_MS);
    const after = await schedule();
    expect(after.notified).toEqual(["prod-eu"]);
    expect(emails(sb).at(-1)?.subject).toBe("[Caretaker] Drift in prod-eu: 1 resolved");
    expect(emails(sb).at(-1)?.message).toContain("add-on vpc-cni: addon-blocks-upgrade");
  });

  it("holds back warnings while a cluster is UPDATING and reports them once the update is over", async () => {
    const sb = await start();
    await schedule();
    sb.aws.eks.updateCluster("prod-eu", { status: "UPDATING" });
    sb.aws.eks.setAddon("prod-eu", { name: "kube-proxy", version: "v1.29.0-eksbuild.1" });
    sb.clock.advance(DAY_MS);
    expect((await schedule()).notified).toEqual([]);
    sb.aws.eks.updateCluster("prod-eu", { status: "ACTIVE" });
    sb.clock.advance(DAY_MS);
    expect((await schedule()).notified).toEqual(["prod-eu"]);
  });

  it("checks only the cluster an event names", async () => {
    const sb = await start();
    const result = await invoke({
      version: "0",
      "detail-type": "AWS Health Event",
      source: "aws.health",
      account: "111122223333",
      region: "eu-west-1",
      resources: ["arn:aws:eks:eu-west-1:111122223333:cluster/staging-eu"],
      detail: { service: "EKS", eventTypeCode: "AWS_EKS_PLANNED_LIFECYCLE_EVENT", eventTypeCategory: "scheduledChange", affectedEntities: [{ entityValue: "arn:aws:eks:eu-west-1:111122223333:cluster/staging-eu" }] },
    });
    expect(result.reason).toBe("health-event");
    expect(result.clusters.map((cluster: { cluster: string }) => cluster.cluster)).toEqual(["staging-eu"]);
    expect(emails(sb).map((message) => message.subject)).toEqual(["[Caretaker] WARNING: Drift in staging-eu: 3 new"]);
  });

  it("leaves alone a cluster an event names when drift is configured for others", async () => {
    const sb = await start({ clusters: ["prod-eu"] });
    const result = await invoke(JSON.parse(readFileSync(new URL("../fixtures/events/eventbridge-health-eks-planned-lifecycle.json", import.meta.url), "utf8")));
    expect(result.clusters).toEqual([]);
    expect(sb.aws.calls.count()).toBe(0);
  });

  it("answers a direct invocation with the report and remembers nothing unless asked", async () => {
    const sb = await start();
    const result = await invoke({ clusters: ["prod-eu"] });
    expect(result.clusters[0]).toMatchObject({ cluster: "prod-eu", version: "1.31", nodes: 5 });
    expect(result.clusters[0]?.findings.map((finding) => finding.code).sort()).toEqual(["addon-blocks-upgrade", "nodegroup-ami-behind"]);
    expect(sb.aws.sns.published()).toHaveLength(0);
    expect(sb.aws.calls.count("dynamodb:PutItem")).toBe(0);
  });

  it.each([
    [{ clusters: [] }, /clusters: name at least one cluster/],
    [{ clusters: ["bad name!"] }, /must be an EKS cluster name/],
    [{ trigger: "daily" }, /Invalid input for drift/],
  ])("refuses %j with a clear error and calls nothing", async (payload, message) => {
    const sb = await start();
    await expect(invoke(payload)).rejects.toThrow(message);
    expect(sb.aws.calls.count()).toBe(0);
  });

  it("refuses a bad configuration before calling anything", async () => {
    const sb = await start({ alertWindowDays: 0 });
    await expect(schedule()).rejects.toThrow(/CARETAKER_DRIFT_CONFIG: Invalid drift configuration: .*alertWindowDays/);
    expect(sb.aws.calls.count()).toBe(0);
  });
});
