import type { SSMClient } from "@aws-sdk/client-ssm";
import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { DeploymentSchema, loadDeployment } from "@caretaker/core/deployment";
import { build } from "esbuild";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DeploymentFacts, deploymentParameter, describeDeployment, PARAMETER_MAX_CHARS } from "../../infra/deployment-descriptor";
import { loadCaretakerConfig } from "../../infra/load-config";
import { planCaretaker } from "../../infra/plans";
import { installSstFake } from "./sst-fake";

const ACCOUNT = "123456789012";
const DAY = 86_400;
/** A Saturday. */
const DEPLOYED = new Date("2026-11-21T10:00:00Z");
const ref = (name: string) => ({ name: `caretaker-prod-${name}Function-a1b2c3`, roleArn: `arn:aws:iam::${ACCOUNT}:role/caretaker-prod-${name}Role-a1b2c3` });

async function resolved(config: unknown): Promise<ResolvedCaretakerConfig> {
  return (await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(config), SST_AWS_REGION: "eu-west-1" })).config;
}

async function facts(config: unknown = { clusters: ["prod"], autoScalingGroups: ["prod-workers"] }): Promise<DeploymentFacts> {
  const resolvedConfig = await resolved(config);
  return {
    stage: "prod",
    region: "eu-west-1",
    functions: { drain: ref("Drain"), imageGc: ref("ImageGc"), drift: ref("Drift"), probe: ref("Probe") },
    drainQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainQueue-1a2b3c`,
    deadLetterQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainDeadLetters-9f8e7d`,
    alertsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:caretaker-prod-AlertsTopic-a1b2c3`,
    stateTable: "caretaker-prod-StateTable-a1b2c3",
    config: resolvedConfig,
    plans: planCaretaker(resolvedConfig),
    discoverAutoScalingGroups: false,
    namedAutoScalingGroups: resolvedConfig.autoScalingGroups,
    groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
    excluded: { clusters: [], autoScalingGroups: [] },
    deployedAt: DEPLOYED,
  };
}

/** An SSM client that holds one parameter, as the CLI's loader uses it (config.region and send). */
function ssmHolding(parameter: { name: string; value: string }): SSMClient {
  return {
    config: { region: async () => "eu-west-1" },
    send: async (command: { input: { Name?: string } }) => {
      if (command.input.Name !== parameter.name) throw Object.assign(new Error("ParameterNotFound"), { name: "ParameterNotFound" });
      return { Parameter: { Name: parameter.name, Value: parameter.value } };
    },
  } as unknown as SSMClient;
}

describe("the deployment descriptor", () => {
  it("describes what the deploy created, in the schema the CLI reads", async () => {
    // Act
    const deployment = describeDeployment(await facts());
    // Assess
    expect(DeploymentSchema.parse(deployment)).toEqual(deployment);
    expect(deployment).toEqual({
      version: 1,
      stage: "prod",
      region: "eu-west-1",
      functions: { drain: ref("Drain"), imageGc: ref("ImageGc"), drift: ref("Drift"), probe: ref("Probe") },
      drain: {
        queueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainQueue-1a2b3c`,
        deadLetterQueueUrl: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/DrainDeadLetters-9f8e7d`,
        hookName: "caretaker-drain",
        autoScalingGroups: ["prod-workers"],
        discoverAutoScalingGroups: false,
        excludedAutoScalingGroups: [],
        groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
        // Core's defaults: Spot interruptions and state changes force-delete at their deadline.
        forceDelete: true,
      },
      // The defaults: image GC daily, drift daily at 05:00 UTC; both on every cluster, with access entries on the drain's.
      imageGc: { schedule: { expression: "rate(1 day)", longestIntervalSeconds: DAY }, clusters: "all", accessEntryClusters: ["prod"] },
      drift: { schedule: { expression: "cron(0 5 * * ? *)", longestIntervalSeconds: DAY }, clusters: "all", accessEntryClusters: ["prod"] },
      // The probe's entries (no group) are on the drain's clusters.
      probe: { accessEntryClusters: ["prod"] },
      alertsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:caretaker-prod-AlertsTopic-a1b2c3`,
      stateTable: "caretaker-prod-StateTable-a1b2c3",
      clusters: ["prod"],
      excludedClusters: [],
      kubernetesGroups: { drainer: "caretaker:drainer", reader: "caretaker:reader" },
    });
  });

  it("records each scheduled function's schedule with its longest interval, computed at the deploy", async () => {
    // Act
    const deployment = describeDeployment(
      await facts({ clusters: ["prod"], gc: { schedule: "cron(0 3 ? * SUN *)" }, drift: { schedule: "cron(0 6 1 * ? *)" } }),
    );
    const once = describeDeployment(await facts({ clusters: ["prod"], gc: { schedule: "at(2027-01-01T03:00:00)" }, drift: { schedule: "rate(12 hours)" } }));
    // Assess
    expect(deployment.imageGc.schedule).toEqual({ expression: "cron(0 3 ? * SUN *)", longestIntervalSeconds: 7 * DAY });
    expect(deployment.drift.schedule).toEqual({ expression: "cron(0 6 1 * ? *)", longestIntervalSeconds: 31 * DAY });
    expect(once.imageGc.schedule).toEqual({ expression: "at(2027-01-01T03:00:00)", longestIntervalSeconds: null });
    expect(once.drift.schedule).toEqual({ expression: "rate(12 hours)", longestIntervalSeconds: 12 * 3600 });
  });

  it("says which clusters each function works on and where its access entries are", async () => {
    // Act: image GC on its own clusters; drift on every cluster, with entries on the top-level ones.
    const split = describeDeployment(await facts({ clusters: ["prod", "staging"], gc: { clusters: ["prod", "tools"] } }));
    const none = describeDeployment(await facts({}));
    // Assess
    expect(split.clusters).toEqual(["prod", "staging"]);
    expect(split.imageGc).toMatchObject({ clusters: ["prod", "tools"], accessEntryClusters: ["prod", "tools"] });
    expect(split.drift).toMatchObject({ clusters: "all", accessEntryClusters: ["prod", "staging"] });
    // No clusters: nothing routed to the drain, and no access entry anywhere, while GC and drift still scan every cluster.
    expect(none.clusters).toEqual([]);
    expect(none.imageGc).toMatchObject({ clusters: "all", accessEntryClusters: [] });
    expect(none.drift).toMatchObject({ clusters: "all", accessEntryClusters: [] });
    expect(split.probe).toEqual({ accessEntryClusters: ["prod", "staging"] });
    expect(none.probe).toEqual({ accessEntryClusters: [] });
  });

  it("records the discovery's exclude lists", async () => {
    // Act
    const deployment = describeDeployment({ ...(await facts()), discoverAutoScalingGroups: true, excluded: { clusters: ["sandbox"], autoScalingGroups: ["prod-batch"] } });
    // Assess
    expect(deployment.excludedClusters).toEqual(["sandbox"]);
    expect(deployment.drain.excludedAutoScalingGroups).toEqual(["prod-batch"]);
  });

  it("records the groups the configuration names, not the discovered ones, and the stage's group tag", async () => {
    // Act: load-config resolved prod-workers (named) and two discovered groups.
    const base = await facts();
    const config = { ...base.config, autoScalingGroups: ["prod-workers", "prod-spot-a", "prod-spot-b"] };
    const deployment = describeDeployment({
      ...base,
      config,
      plans: planCaretaker(config),
      discoverAutoScalingGroups: true,
      namedAutoScalingGroups: ["prod-workers"],
      groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
    });
    // Assess
    expect(deployment.drain).toMatchObject({ autoScalingGroups: ["prod-workers"], discoverAutoScalingGroups: true, groupTag: { key: "caretaker:drain", value: "caretaker-prod" } });
  });

  it("records whether the drain may delete pods, from the deployed drain settings", async () => {
    // Prepare: the two triggers that force-delete by default told to stop.
    const stop = { spotInterruption: { deadlineSeconds: 100, onDeadline: "stop" }, stateChange: { deadlineSeconds: 90, onDeadline: "stop" } };
    // Act
    const stops = describeDeployment(await facts({ clusters: ["prod"], drain: stop }));
    const deletes = describeDeployment(await facts({ clusters: ["prod"], drain: { ...stop, options: { disableEviction: true } } }));
    // Assess
    expect(stops.drain.forceDelete).toBe(false);
    expect(deletes.drain.forceDelete).toBe(true);
  });

  it("names the network only when the functions run in a VPC", async () => {
    // Prepare
    const vpc = { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] };
    // Act
    const inVpc = describeDeployment(await facts({ clusters: ["prod"], vpc }));
    // Assess
    expect(inVpc.network).toEqual(vpc);
    expect(describeDeployment(await facts())).not.toHaveProperty("network");
  });

  it("is published where the CLI looks for the stage, and reads back as the same descriptor", async () => {
    // Prepare
    const deployment = describeDeployment({ ...(await facts()), discoverAutoScalingGroups: true });
    // Act
    const parameter = deploymentParameter(deployment);
    // Assess
    expect(parameter).toMatchObject({ name: "/caretaker/prod/deployment", type: "String", tier: "Intelligent-Tiering" });
    await expect(loadDeployment(ssmHolding(parameter), "prod")).resolves.toEqual(deployment);
    await expect(loadDeployment(ssmHolding(parameter), "staging")).rejects.toMatchObject({ name: "DeploymentNotFoundError" });
    // Every key but the network is required: a descriptor without one is refused, naming it.
    const { imageGc: _imageGc, ...withoutGc } = deployment;
    await expect(loadDeployment(ssmHolding({ name: parameter.name, value: JSON.stringify(withoutGc) }), "prod")).rejects.toThrow(/\(imageGc: /);
  });

  it("fails the deploy, naming the field, rather than publish a descriptor the CLI would refuse", async () => {
    // Prepare
    const broken = await facts();
    broken.functions = { ...broken.functions, drain: { name: "caretaker-prod-DrainFunction", roleArn: "not-an-arn" } };
    // Act & Assess
    expect(() => describeDeployment(broken)).toThrow(/functions\.drain\.roleArn: .*nothing was published/);
    const withoutUrl = { ...(await facts()), drainQueueUrl: "DrainQueue" };
    expect(() => describeDeployment(withoutUrl)).toThrow(/drain\.queueUrl/);
  });

  it("fits SSM even with many clusters and groups, and says so when it cannot", async () => {
    // Prepare
    const many = await facts();
    const names = (prefix: string, count: number) => Array.from({ length: count }, (_, index) => `${prefix}-${String(index).padStart(3, "0")}`);
    // Act
    const withConfig = (config: DeploymentFacts["config"]) => ({ ...many, config, plans: planCaretaker(config) });
    const fits = deploymentParameter(describeDeployment({ ...withConfig({ ...many.config, clusters: names("cluster", 50), autoScalingGroups: names("cluster-workers", 100) }), namedAutoScalingGroups: names("cluster-workers", 100) }));
    const tooMany = describeDeployment(withConfig({ ...many.config, clusters: names("a-rather-long-cluster-name", 400) }));
    const typical = deploymentParameter(
      describeDeployment({
        ...withConfig({ ...many.config, clusters: ["prod-eu", "prod-eu-2", "tools"], autoScalingGroups: names("prod-eu-workers", 6) }),
        namedAutoScalingGroups: names("prod-eu-workers", 6),
        excluded: { clusters: ["sandbox"], autoScalingGroups: ["prod-eu-batch"] },
      }),
    );
    // Assess: a typical stage stays well within SSM's free Standard tier (4 KB).
    expect(typical.value.length).toBeLessThan(2048);
    expect(fits.value.length).toBeLessThanOrEqual(PARAMETER_MAX_CHARS);
    expect(() => deploymentParameter(tooMany)).toThrow(/over SSM's 8192/);
  });

  it("is built from core's descriptor module alone: the deploy bundles zod, not the SSM SDK", async () => {
    // Act
    const result = await build({
      stdin: { contents: 'export * from "@caretaker/core/deployment/descriptor";', resolveDir: process.cwd(), loader: "ts" },
      bundle: true,
      write: false,
      metafile: true,
      platform: "neutral",
      format: "esm",
      mainFields: ["module", "main"],
      logLevel: "silent",
    });
    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => input !== "<stdin>" && !input.includes("node_modules/zod/"))).toEqual(["packages/core/src/deployment/descriptor.ts"]);
  });
});

describe("the descriptor in the stack (SST's globals faked)", () => {
  interface InfraModule {
    createCaretaker(args: { config: ResolvedCaretakerConfig }): Record<string, unknown>;
    deployCaretaker(env: Record<string, string>): Promise<Record<string, unknown>>;
  }
  let infra: InfraModule;
  let sst: ReturnType<typeof installSstFake>;
  beforeAll(async () => {
    infra = (await import(/* @vite-ignore */ new URL("../../infra/index.ts", import.meta.url).href)) as InfraModule;
  });
  beforeEach(() => {
    sst = installSstFake();
  });
  afterEach(() => {
    sst.restore();
  });

  it("declares the stage's SSM String parameter and outputs its name", async () => {
    // Act
    const outputs = infra.createCaretaker({ config: await resolved({}) });
    // Assess
    expect(sst.args("aws.ssm.Parameter", "Deployment")).toMatchObject({ name: "/caretaker/test/deployment", type: "String", tier: "Intelligent-Tiering" });
    expect(outputs).toHaveProperty("deploymentParameter");
  });
});
