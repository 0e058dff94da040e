import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { planDrain } from "../../infra/drain-plan";
import { type DeployEnvironment, loadCaretakerConfig } from "../../infra/load-config";
import { installSstFake } from "./sst-fake";

/**
 * infra/index.ts is typed against SST's generated globals, which only `npm run typecheck:infra` has, so this file
 * imports it by URL (tsc does not follow it) and states the two functions it calls.
 */
interface InfraModule {
  createCaretaker(args: { config: ResolvedCaretakerConfig; discovery?: readonly string[]; discoverAutoScalingGroups?: boolean; namedAutoScalingGroups?: readonly string[] }): Record<string, unknown>;
  deployCaretaker(env: DeployEnvironment): Promise<Record<string, unknown>>;
}

let createCaretaker: InfraModule["createCaretaker"];
let deployCaretaker: InfraModule["deployCaretaker"];

beforeAll(async () => {
  ({ createCaretaker, deployCaretaker } = (await import(/* @vite-ignore */ new URL("../../infra/index.ts", import.meta.url).href)) as InfraModule);
});

/** The functions that talk to cluster endpoints, so the ones a private endpoint needs in the VPC. */
const CLUSTER_FUNCTIONS = ["Drain", "ImageGc", "Drift", "Probe"];

let sst: ReturnType<typeof installSstFake>;

beforeEach(() => {
  sst = installSstFake();
});

afterEach(() => {
  sst.restore();
});

async function resolved(config: unknown) {
  return (await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(config), SST_AWS_REGION: "eu-west-1" })).config;
}

describe("createCaretaker (with SST's globals faked: resources recorded, nothing deployed)", () => {
  it("declares the stack from the defaults: the functions outside any VPC, no hook, no access entry, no e-mail subscription", async () => {
    // Act
    const outputs = createCaretaker({ config: await resolved({}) });

    // Assess
    for (const name of CLUSTER_FUNCTIONS) expect(sst.args("sst.aws.Function", name)).not.toHaveProperty("vpc");
    expect(sst.ofType("aws.autoscaling.LifecycleHook")).toEqual([]);
    expect(sst.ofType("aws.eks.AccessEntry")).toEqual([]);
    expect(sst.ofType("aws.sns.TopicSubscription")).toEqual([]);
    expect(outputs).toMatchObject({ managedClusters: [], managedAutoScalingGroups: [] });
  });

  it("runs the drain, image GC, drift and probe functions in the configured subnets and security groups", async () => {
    // Prepare
    const vpc = { subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], securityGroupIds: ["sg-0123456789abcdef0"] };

    // Act
    createCaretaker({ config: await resolved({ clusters: ["prod"], vpc }) });

    // Assess
    for (const name of CLUSTER_FUNCTIONS) {
      expect(sst.args("sst.aws.Function", name).vpc, name).toEqual({ privateSubnets: vpc.subnetIds, securityGroups: vpc.securityGroupIds });
    }
  });

  it("subscribes each configured e-mail address with the e-mail filter policy", async () => {
    // Act
    createCaretaker({ config: await resolved({ notifications: { emails: ["oncall@example.com", "sre@example.com"] } }) });

    // Assess
    expect(sst.ofType("aws.sns.TopicSubscription").map((subscription) => [subscription.args.endpoint, subscription.args.protocol, subscription.args.filterPolicy])).toEqual([
      ["oncall@example.com", "email", JSON.stringify({ format: ["email"] })],
      ["sre@example.com", "email", JSON.stringify({ format: ["email"] })],
    ]);
  });

  it("hooks the listed groups (less the excluded ones) and gives each cluster its access entries", async () => {
    // Act
    const outputs = createCaretaker({ config: await resolved({ clusters: ["prod"], autoScalingGroups: { names: ["prod-a", "prod-b"], exclude: ["prod-b"] } }) });

    // Assess
    expect(sst.ofType("aws.autoscaling.LifecycleHook").map((hook) => hook.args.autoscalingGroupName)).toEqual(["prod-a"]);
    expect(sst.ofType("aws.eks.AccessEntry").map((entry) => entry.name)).toEqual(["ProbeAccess-prod", "DrainAccess-prod", "ImageGcAccess-prod", "DriftAccess-prod"]);
    expect(outputs).toMatchObject({ managedClusters: ["prod"], managedAutoScalingGroups: ["prod-a"] });
  });

  it("deploys 500 discovered groups: a tag and a hook per group, one constant rule and one tag-scoped IAM statement", async () => {
    // Prepare: what load-config hands over after discovering 500 self-managed groups.
    const names = Array.from({ length: 500 }, (_, index) => `prod-self-managed-workers-${String(index).padStart(3, "0")}`);
    const config = { ...(await resolved({ clusters: ["prod"] })), autoScalingGroups: names };

    // Act
    createCaretaker({ config, discoverAutoScalingGroups: true, namedAutoScalingGroups: [] });

    // Assess: the stage's tag on every group, not propagated to instances, and a hook on each.
    expect(sst.ofType("aws.autoscaling.Tag").map((tag) => [tag.args.autoscalingGroupName, tag.args.tag])).toEqual(
      names.map((name) => [name, { key: "caretaker:drain", value: "caretaker-test", propagateAtLaunch: false }]),
    );
    expect(sst.ofType("aws.autoscaling.LifecycleHook").map((hook) => hook.args.autoscalingGroupName)).toEqual(names);
    // The lifecycle rule names the hook, not the groups.
    const pattern = String(sst.args("aws.cloudwatch.EventRule", "DrainLifecycleTerminateRule").eventPattern);
    expect(JSON.parse(pattern)).toEqual({ source: ["aws.autoscaling"], "detail-type": ["EC2 Instance-terminate Lifecycle Action"], detail: { LifecycleHookName: ["caretaker-drain"] } });
    // IAM: one statement on any group of the account and Region, under the tag condition; no group named anywhere.
    const drain = sst.args("sst.aws.Function", "Drain");
    const permissions = drain.permissions as Array<{ actions: string[]; resources: string[]; conditions?: unknown }>;
    const lifecycle = permissions.filter((permission) => permission.actions.includes("autoscaling:CompleteLifecycleAction"));
    expect(lifecycle).toEqual([
      {
        actions: ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
        resources: [expect.stringMatching(/:autoScalingGroup:\*:autoScalingGroupName\/\*$/)],
        conditions: [{ test: "StringEquals", variable: "autoscaling:ResourceTag/caretaker:drain", values: ["caretaker-test"] }],
      },
    ]);
    const policyText = JSON.stringify(permissions);
    expect(names.filter((name) => policyText.includes(name))).toEqual([]);
    expect(policyText.length).toBeLessThan(2000);
  });

  it("tells the drain function the stage's tag, to recognise (and report) groups that are not the stage's", async () => {
    // createDrain alone: createCaretaker's function defaults wrap the environment in an output the fake cannot read.
    const { createDrain } = (await import(/* @vite-ignore */ new URL("../../infra/drain.ts", import.meta.url).href)) as { createDrain(args: Record<string, unknown>): unknown };
    const output = (globalThis as unknown as { sst: { aws: { SnsTopic: new (name: string) => unknown; Dynamo: new (name: string) => unknown } } }).sst.aws;

    // Act
    createDrain({ alerts: new output.SnsTopic("Alerts"), state: new output.Dynamo("State"), plan: planDrain({ clusters: ["prod"], autoScalingGroups: ["prod-a"] }) });

    // Assess
    const environment = sst.args("sst.aws.Function", "Drain").environment as Record<string, unknown>;
    expect(JSON.parse(String(environment.CARETAKER_DRAIN_GROUP_TAG))).toEqual({ key: "caretaker:drain", value: "caretaker-test" });
  });

  it("tags nothing and grants no lifecycle action without managed groups", async () => {
    // Act
    createCaretaker({ config: await resolved({ clusters: ["prod"] }) });

    // Assess
    expect(sst.ofType("aws.autoscaling.Tag")).toEqual([]);
    const drain = sst.args("sst.aws.Function", "Drain");
    expect(JSON.stringify(drain.permissions)).not.toContain("LifecycleAction");
  });

  it("maps the probe's role on each of the drain's clusters with no Kubernetes group and no access policy (authenticated only)", async () => {
    // Act: image GC and drift also work on "tools"; the probe's entries follow the drain's clusters only.
    createCaretaker({ config: await resolved({ clusters: ["prod", "staging"], gc: { clusters: ["prod", "tools"] } }) });

    // Assess
    const probe = sst.ofType("aws.eks.AccessEntry").filter((entry) => entry.name.startsWith("ProbeAccess-"));
    expect(probe.map((entry) => [entry.name, entry.args.clusterName, entry.args.type])).toEqual([
      ["ProbeAccess-prod", "prod", "STANDARD"],
      ["ProbeAccess-staging", "staging", "STANDARD"],
    ]);
    for (const entry of probe) {
      expect(entry.args).not.toHaveProperty("kubernetesGroups");
      expect(String(entry.args.principalArn)).toBe("<sst.aws.Function:Probe.nodes.role.arn>");
    }
    expect(sst.ofType("aws.eks.AccessPolicyAssociation")).toEqual([]);
    expect(sst.ofType("aws.eks.AccessEntry").find((entry) => entry.name === "DrainAccess-prod")?.args.kubernetesGroups).toEqual(["caretaker:drainer"]);
  });
});

describe("deployCaretaker (what sst.config.ts runs)", () => {
  it.each([
    ["a value the schema refuses", { CARETAKER_CONFIG: JSON.stringify({ hook: { heartbeatTimeoutSeconds: 10 } }) }, /CARETAKER_CONFIG is invalid; nothing was deployed:\n {2}- hook\.heartbeatTimeoutSeconds: /],
    ["text that is not JSON", { CARETAKER_CONFIG: "{clusters:" }, /CARETAKER_CONFIG is not valid JSON/],
    ["a configuration for another Region", { CARETAKER_CONFIG: JSON.stringify({ region: "us-east-1" }), SST_AWS_REGION: "eu-west-1" }, /region: the configuration is for us-east-1, but this deploy goes to eu-west-1/],
    ["a plan's cross-field rule", { CARETAKER_CONFIG: JSON.stringify({ functionTimeoutSeconds: 600, visibilityTimeoutSeconds: 300 }) }, /visibility timeout \(300 s\) is shorter than the function timeout \(600 s\)/],
    ["the old e-mail variable", { CARETAKER_ALERT_EMAILS: "oncall@example.com" }, /CARETAKER_ALERT_EMAILS is no longer read/],
  ])("declares no resource at all for %s", async (_, env, message) => {
    // Act
    const deploy = deployCaretaker({ SST_AWS_REGION: "eu-west-1", ...env });

    // Assess
    await expect(deploy).rejects.toThrow(message);
    expect(sst.declared).toEqual([]);
  });

  it("declares the stack for a valid configuration", async () => {
    // Act
    const outputs = await deployCaretaker({ CARETAKER_CONFIG: JSON.stringify({ region: "eu-west-1", clusters: ["prod"], autoScalingGroups: ["prod-workers"] }), SST_AWS_REGION: "eu-west-1" });

    // Assess
    expect(outputs).toMatchObject({ managedClusters: ["prod"], managedAutoScalingGroups: ["prod-workers"] });
    expect(outputs).not.toHaveProperty("discovery");
    expect(sst.ofType("aws.autoscaling.LifecycleHook")).toHaveLength(1);
  });
});
