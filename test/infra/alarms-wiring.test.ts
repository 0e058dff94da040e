import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ALARM_KEYS } from "../../infra/alarms-plan";
import { loadCaretakerConfig } from "../../infra/load-config";
import { installSstFake } from "./sst-fake";

/** infra/index.ts is typed against SST's generated globals: imported by URL, as in create-caretaker.test.ts. */
interface InfraModule {
  createCaretaker(args: { config: ResolvedCaretakerConfig }): Record<string, unknown>;
}

let createCaretaker: InfraModule["createCaretaker"];
let sst: ReturnType<typeof installSstFake>;

beforeAll(async () => {
  ({ createCaretaker } = (await import(/* @vite-ignore */ new URL("../../infra/index.ts", import.meta.url).href)) as InfraModule);
});
beforeEach(() => {
  sst = installSstFake();
});
afterEach(() => {
  sst.restore();
});

async function deploy(config: unknown) {
  return createCaretaker({ config: (await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify(config), SST_AWS_REGION: "eu-west-1" })).config });
}

describe("alarms in the stack (SST's globals faked)", () => {
  it("declares every alarm, by its stage's name, without actions", async () => {
    // Act
    await deploy({ clusters: ["prod"] });
    // Assess
    const alarms = sst.ofType("aws.cloudwatch.MetricAlarm");
    expect(alarms.map((alarm) => alarm.args.name)).toEqual(ALARM_KEYS.map((key) => `caretaker-test-${key}`));
    const actions = alarms.flatMap((alarm) => ["alarmActions", "okActions", "insufficientDataActions"].filter((key) => key in alarm.args));
    expect(actions).toEqual([]);
    expect(alarms.map((alarm) => alarm.args.actionsEnabled)).toEqual(alarms.map(() => undefined));
  });

  it("keeps the alarm function out of the VPC the other functions use, with its own name and retries", async () => {
    // Act
    const outputs = await deploy({ clusters: ["prod"], vpc: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] } });
    // Assess
    const alarm = sst.args("sst.aws.Function", "Alarm");
    expect(sst.args("sst.aws.Function", "Drain")).toHaveProperty("vpc");
    expect(alarm).not.toHaveProperty("vpc");
    expect(alarm).toMatchObject({ name: "caretaker-test-alarm", handler: "functions/alarm.handler", retries: 2 });
    expect(alarm.permissions).toEqual([{ actions: ["sns:Publish"], resources: [expect.anything()] }]);
    expect(outputs).toHaveProperty("alarmFunction");
  });

  it("routes the alarms' state changes to the function and the function's own alarms to an Express workflow", async () => {
    // Act
    await deploy({});
    // Assess
    expect(sst.ofType("aws.cloudwatch.EventRule").filter((rule) => rule.name.startsWith("Alarm")).map((rule) => rule.name)).toEqual(["AlarmStateChangeRule", "AlarmFallbackRule"]);
    expect(sst.args("aws.lambda.Permission", "AlarmStateChangePermission")).toMatchObject({ principal: "events.amazonaws.com" });
    expect(sst.args("aws.sfn.StateMachine", "AlarmFallback")).toMatchObject({ type: "EXPRESS" });
    expect(sst.args("aws.cloudwatch.EventTarget", "AlarmFallbackTarget")).toHaveProperty("roleArn");
  });

  it("replaces the topic's default policy once every publisher exists", async () => {
    // Act
    await deploy({});
    // Assess
    expect(sst.ofType("aws.sns.TopicPolicy").map((policy) => policy.name)).toEqual(["AlertsPolicy"]);
    const order = sst.declared.map((resource) => `${resource.type}:${resource.name}`);
    expect(order.indexOf("aws.sns.TopicPolicy:AlertsPolicy")).toBeGreaterThan(order.indexOf("aws.sfn.StateMachine:AlarmFallback"));
    expect(order.indexOf("aws.sns.TopicPolicy:AlertsPolicy")).toBeGreaterThan(order.indexOf("sst.aws.Function:Alarm"));
  });
});
