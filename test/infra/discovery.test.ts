import { AutoScalingServiceException } from "@aws-sdk/client-auto-scaling";
import { DiscoveryError } from "@caretaker/core/discovery";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { deploymentParameter, describeDeployment, PARAMETER_MAX_CHARS } from "../../infra/deployment-descriptor";
import { planDrain } from "../../infra/drain-plan";
import { loadCaretakerConfig } from "../../infra/load-config";
import { planCaretaker } from "../../infra/plans";

/**
 * Deploy-time discovery against the sandbox account: the real SDK clients (built as the deploy builds them) answered
 * by the stateful EKS and Auto Scaling fakes.
 */

/**
 * A cluster with 500 self-managed groups: five DescribeAutoScalingGroups pages (100 each), and far more names than the
 * deployment descriptor's SSM parameter (8192 characters) could list.
 */
const FLEET_GROUPS = Array.from({ length: 500 }, (_, index) => `fleet-self-managed-workers-${String(index).padStart(3, "0")}`);

let sandbox: SandboxAccount;
const ref = (name: string) => ({ name: `caretaker-prod-${name}`, roleArn: `arn:aws:iam::111122223333:role/caretaker-prod-${name}Role` });

beforeAll(async () => {
  sandbox = await createSandboxAccount({
    aws: {
      eks: {
        clusters: [
          { name: "prod", version: "1.31" },
          { name: "staging", version: "1.31", authenticationMode: "API" },
          { name: "legacy", version: "1.29", authenticationMode: "CONFIG_MAP" },
          { name: "retiring", version: "1.30", status: "DELETING" },
          { name: "fleet", version: "1.31" },
        ],
      },
      autoscaling: {
        groups: [
          // An EKS managed node group's group: EKS tags it with the cluster and the node group, and drains it itself.
          { name: "prod-general", cluster: "prod", nodegroup: "general" },
          { name: "prod-workers", tags: { "kubernetes.io/cluster/prod": "owned" } },
          { name: "prod-shared", tags: { "kubernetes.io/cluster/prod": "shared" } },
          { name: "prod-eksctl", tags: { "eks:cluster-name": "prod", "alpha.eksctl.io/cluster-name": "prod" } },
          { name: "prod-both-tags", tags: { "eks:cluster-name": "prod", "kubernetes.io/cluster/prod": "owned" } },
          { name: "prod-unrelated-value", tags: { "kubernetes.io/cluster/prod": "disabled" } },
          { name: "staging-workers", tags: { "kubernetes.io/cluster/staging": "owned" } },
          { name: "bastion", tags: { team: "platform" } },
          ...FLEET_GROUPS.map((name) => ({ name, tags: { "kubernetes.io/cluster/fleet": "owned" } })),
        ],
      },
    },
  });
});

afterEach(() => {
  sandbox.aws.faults.clear();
  sandbox.aws.calls.clear();
});

afterAll(async () => {
  await sandbox?.stop();
});

function load(config: unknown) {
  return loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(config), SST_AWS_REGION: "eu-west-1" });
}

const accessDenied = (action: string) => () =>
  new AutoScalingServiceException({ name: "AccessDenied", $fault: "client", message: `User: arn:aws:iam::111122223333:user/deployer is not authorized to perform: ${action}`, $metadata: { httpStatusCode: 403 } });

describe("deploy-time discovery of Auto Scaling groups", () => {
  it("hooks every self-managed group tagged for a managed cluster, and never an EKS managed node group's", async () => {
    // Act
    const { config, discovery } = await load({ clusters: ["prod"], autoScalingGroups: { discover: true } });

    // Assess
    expect(config.autoScalingGroups).toEqual(["prod-both-tags", "prod-eksctl", "prod-shared", "prod-workers"]);
    expect(config.autoScalingGroups).not.toContain("prod-general");
    expect(discovery).toContain("autoScalingGroups: not hooked, EKS managed node groups drain their own nodes: prod-general");
    const hooked = planDrain(config).hooks.map((hook) => hook.autoScalingGroupName);
    expect(hooked).toEqual(config.autoScalingGroups);
    // One request per tag filter (kubernetes.io/cluster/prod = owned|shared, eks:cluster-name = prod); no EKS call.
    expect(sandbox.aws.calls.filter("autoscaling:DescribeAutoScalingGroups").map((call) => call.input)).toEqual([
      { Filters: [{ Name: "tag:kubernetes.io/cluster/prod", Values: ["owned", "shared"] }], IncludeInstances: false, MaxRecords: 100 },
      { Filters: [{ Name: "tag:eks:cluster-name", Values: ["prod"] }], IncludeInstances: false, MaxRecords: 100 },
    ]);
    expect(sandbox.aws.calls.count("eks")).toBe(0);
  });

  it("reads every page of groups", async () => {
    // Act
    const { config } = await load({ clusters: ["fleet"], autoScalingGroups: { discover: true } });

    // Assess
    expect(config.autoScalingGroups).toEqual(FLEET_GROUPS);
    expect(sandbox.aws.calls.count("autoscaling:DescribeAutoScalingGroups")).toBe(6);
  });

  it("records only the named groups in the descriptor: 500 discovered groups stay well under SSM's cap", async () => {
    // Act
    const loaded = await load({ clusters: ["fleet"], autoScalingGroups: { names: ["gpu-pool"], discover: true } });
    const deployment = describeDeployment({
      stage: "prod",
      region: "eu-west-1",
      functions: { drain: ref("Drain"), imageGc: ref("ImageGc"), drift: ref("Drift"), probe: ref("Probe") },
      drainQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/DrainQueue",
      deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/DrainDeadLetters",
      alertsTopicArn: "arn:aws:sns:eu-west-1:111122223333:Alerts",
      stateTable: "caretaker-prod-State",
      config: loaded.config,
      plans: planCaretaker(loaded.config),
      discoverAutoScalingGroups: loaded.discoverAutoScalingGroups,
      namedAutoScalingGroups: loaded.namedAutoScalingGroups,
      groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
      excluded: loaded.excluded,
      deployedAt: new Date("2026-11-21T10:00:00Z"),
    });
    const parameter = deploymentParameter(deployment);

    // Assess: the deploy hooks all 501; the descriptor names the one listed, and says discovery is on.
    expect(loaded.config.autoScalingGroups).toEqual(["gpu-pool", ...FLEET_GROUPS]);
    expect(JSON.stringify(loaded.config.autoScalingGroups).length).toBeGreaterThan(PARAMETER_MAX_CHARS);
    expect(deployment.drain).toMatchObject({ autoScalingGroups: ["gpu-pool"], discoverAutoScalingGroups: true, groupTag: { key: "caretaker:drain", value: "caretaker-prod" } });
    expect(parameter.value.length).toBeLessThan(2048);
  });

  it("adds the listed names and leaves out the excluded ones", async () => {
    // Act
    const { config, discovery, discoverAutoScalingGroups, namedAutoScalingGroups, excluded } = await load({
      clusters: ["staging"],
      autoScalingGroups: { names: ["gpu-pool", "staging-workers"], discover: true, exclude: ["staging-workers"] },
    });

    // Assess: what the descriptor records comes with the lists, from the one parse.
    expect(config.autoScalingGroups).toEqual(["gpu-pool"]);
    expect(namedAutoScalingGroups).toEqual(["gpu-pool"]);
    expect(discoverAutoScalingGroups).toBe(true);
    expect(excluded).toEqual({ clusters: [], autoScalingGroups: ["staging-workers"] });
    expect(discovery).toEqual(["autoScalingGroups: left out as configured: staging-workers", "autoScalingGroups: discovery found no self-managed group tagged for the managed clusters"]);
  });

  it("fails the deploy, naming the call and the permission, when the groups cannot be listed", async () => {
    // Prepare
    sandbox.aws.faults.failNext("autoscaling:DescribeAutoScalingGroups", accessDenied("autoscaling:DescribeAutoScalingGroups"), 10);

    // Act
    const loading = load({ clusters: ["prod"], autoScalingGroups: { discover: true } });

    // Assess
    await expect(loading).rejects.toBeInstanceOf(DiscoveryError);
    await expect(loading).rejects.toThrow(
      /nothing was deployed:\n {2}- autoScalingGroups\.discover: autoscaling:DescribeAutoScalingGroups failed \(AccessDenied: User: .* is not authorized to perform: autoscaling:DescribeAutoScalingGroups\)\. The deploy's credentials need autoscaling:DescribeAutoScalingGroups; or list the groups/,
    );
  });
});

describe("deploy-time discovery of clusters", () => {
  it("refuses clusters that cannot take access entries, each with its fix", async () => {
    // Act
    const loading = load({ clusters: { discover: true } });

    // Assess
    await expect(loading).rejects.toThrow(DiscoveryError);
    const problems = await loading.catch((error: DiscoveryError) => error.problems);
    expect(problems).toEqual([
      'clusters.discover: cluster "legacy" uses authentication mode CONFIG_MAP, which refuses EKS access entries: switch it (aws eks update-cluster-config --name legacy --access-config authenticationMode=API_AND_CONFIG_MAP) or add it to clusters.exclude',
      'clusters.discover: cluster "retiring" is DELETING, so no access entry can be created on it: deploy when it is ACTIVE, or add it to clusters.exclude',
    ]);
  });

  it("manages every other cluster, and discovers the groups of each", async () => {
    // Act
    const { config, discovery, excluded } = await load({ clusters: { discover: true, exclude: ["legacy", "retiring", "fleet"] }, autoScalingGroups: { discover: true } });

    // Assess
    expect(config.clusters).toEqual(["prod", "staging"]);
    expect(excluded).toEqual({ clusters: ["legacy", "retiring", "fleet"], autoScalingGroups: [] });
    expect(config.autoScalingGroups).toContain("staging-workers");
    expect(config.autoScalingGroups).toContain("prod-workers");
    expect(config.autoScalingGroups).not.toContain("prod-general");
    expect(config.autoScalingGroups).not.toContain("bastion");
    expect(config.autoScalingGroups).not.toContain("prod-unrelated-value");
    expect(discovery.slice(0, 2)).toEqual(["clusters: left out as configured: fleet, legacy, retiring", "clusters: discovered prod, staging"]);
    expect(planDrain(config).clusters).toEqual(["prod", "staging"]);
  });

  it("fails the deploy when the clusters cannot be listed", async () => {
    // Prepare
    sandbox.aws.faults.failNext("eks:ListClusters", () => Object.assign(new Error("User: arn:aws:iam::111122223333:user/deployer is not authorized to perform: eks:ListClusters"), { name: "AccessDeniedException" }), 10);

    // Act
    const loading = load({ clusters: { discover: true } });

    // Assess
    await expect(loading).rejects.toThrow(/clusters\.discover: eks:ListClusters failed \(AccessDeniedException: User: .*eks:ListClusters\)\. The deploy's credentials need eks:ListClusters and eks:DescribeCluster; or list the clusters/);
  });
});

describe("explicit lists", () => {
  it("are taken as they are, without a single AWS call", async () => {
    // Act
    const loaded = await load({ clusters: ["prod", "legacy"], autoScalingGroups: ["prod-general"] });

    // Assess
    expect(loaded.config).toMatchObject({ clusters: ["prod", "legacy"], autoScalingGroups: ["prod-general"] });
    expect(loaded).toMatchObject({ discovery: [], discoverAutoScalingGroups: false, namedAutoScalingGroups: ["prod-general"], excluded: { clusters: [], autoScalingGroups: [] } });
    expect(sandbox.aws.calls.entries).toEqual([]);
  });
});
