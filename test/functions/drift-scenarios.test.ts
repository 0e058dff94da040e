import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/drift";
import { resetDriftDeps } from "../../functions/lib/drift-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { clockOf } from "../drain/harness";
import { scenarioAccountSpec } from "../drift/scenario-account";
import { lambdaContext } from "../helpers/lambda-context";

let sandbox: SandboxAccount;
let restoreCredentials: () => void;

beforeAll(async () => {
  sandbox = await createSandboxAccount({ ...scenarioAccountSpec(), aws: { ...scenarioAccountSpec().aws, sns: { topics: [{ name: "caretaker-alerts" }] }, dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] } } });
  restoreCredentials = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
});

// Per test: the suite unstubs the environment before each one.
beforeEach(() => {
  vi.stubEnv("CARETAKER_TOPIC_ARN", "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts");
  vi.stubEnv("CARETAKER_STATE_TABLE", "caretaker-state");
  resetDriftDeps();
});

afterAll(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
  resetDriftDeps();
});

/** The drift scenarios of test/drift/scenarios.test.ts, this time through the function as Lambda runs it. */
describe("drift function on the scenario account", () => {
  it("reports each scenario's findings and notifies each cluster's news once", async () => {
    const invoke = () => handler({ clusters: ["upgraded", "al2", "ending", "hooks"], remember: true }, lambdaContext("caretaker-drift"));
    const result = await invoke();
    const codes = (cluster: string) => result.clusters.find((entry) => entry.cluster === cluster)?.findings.map((finding) => `${finding.severity} ${finding.code}`) ?? [];
    // A control plane upgraded under its nodes: 1.28 kubelets block the next upgrade, 1.27 ones are out of support.
    expect(codes("upgraded")).toEqual(expect.arrayContaining(["warning kubelet-blocks-upgrade", "error kubelet-too-old"]));
    // An AL2 node group facing 1.33.
    expect(codes("al2")).toContain("warning nodegroup-al2-end-of-life");
    // 20 days from the end of standard support, nodes 3 minors behind: the forced upgrade would break them.
    expect(codes("ending")).toEqual(expect.arrayContaining(["warning forced-upgrade-approaching", "error forced-upgrade-breaks-skew"]));
    // An Auto Scaling group without the hook would not be drained.
    expect(codes("hooks")).toContain("warning asg-without-drain-hook");
    expect(result.notified?.sort()).toEqual(["al2", "ending", "hooks", "upgraded"]);
    const published = sandbox.aws.sns.published().length;

    sandbox.clock.advance(3_600_000);
    const again = await invoke();
    expect(again.notified).toEqual([]);
    expect(sandbox.aws.sns.published()).toHaveLength(published);
  });
});
