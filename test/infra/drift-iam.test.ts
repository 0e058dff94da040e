import { driftReaderRbac } from "@caretaker/core/drift/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/drift";
import { clusters } from "../../functions/lib/clients";
import { resetDriftDeps } from "../../functions/lib/drift-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { driftStatements } from "../../infra/drift-iam";
import { clockOf } from "../drain/harness";
import { lambdaContext } from "../helpers/lambda-context";

const ARNS = {
  topic: "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts",
  table: "arn:aws:dynamodb:eu-west-1:111122223333:table/caretaker-state",
  inAccount: (service: string, resource: string) => `arn:aws:${service}:eu-west-1:111122223333:${resource}`,
  publicParameter: (path: string) => `arn:aws:ssm:eu-west-1::parameter/${path}`,
};

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
  for (const name of ["prod-eu", "staging-eu"]) clusters.forget(name);
  resetDriftDeps();
  vi.unstubAllEnvs();
});

/** The AWS calls (service:operation) the drift function makes on the demo account, with an insight to describe and a digest due. */
async function callsOfTheFunction(): Promise<string[]> {
  const spec = demoSpec();
  sandbox = await createSandboxAccount({ ...spec, clusters: spec.clusters?.map((cluster) => ({ ...cluster, objects: [...(cluster.objects ?? []), ...(driftReaderRbac() as never[])] })) });
  sandbox.aws.eks.setInsight("prod-eu", { name: "Deprecated APIs removed in Kubernetes v1.32", kubernetesVersion: "1.32", status: "WARNING", category: "UPGRADE_READINESS" });
  restore = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_TOPIC_ARN", ARNS.topic);
  vi.stubEnv("CARETAKER_STATE_TABLE", "caretaker-state");
  await handler({ trigger: "schedule" }, lambdaContext("caretaker-drift"));
  return Object.keys(sandbox.aws.calls.countByOperation()).sort();
}

describe("drift IAM", () => {
  it("allows every call the function makes, and nothing it does not", async () => {
    const made = await callsOfTheFunction();
    const allowed = driftStatements(ARNS, "all").flatMap((statement) => statement.actions);
    expect(made.filter((action) => !allowed.includes(action))).toEqual([]);
    expect(allowed.filter((action) => !made.includes(action)).sort()).toEqual([]);
  });

  it("is read-only but for its own memory and the alerts topic, and scoped to the configured clusters", () => {
    const statements = driftStatements(ARNS, ["prod"]);
    const writes = statements.flatMap((statement) => statement.actions).filter((action) => !/:(Describe|List|Get|BatchGet)/.test(action));
    expect(writes.sort()).toEqual(["dynamodb:PutItem", "sns:Publish"]);
    expect(statements.find((statement) => statement.sid === "Clusters")?.resources).toEqual(["arn:aws:eks:eu-west-1:111122223333:cluster/prod"]);
    for (const statement of statements.filter((candidate) => candidate.resources.includes("*"))) {
      expect(statement.actions.every((action) => /:(Describe|List)/.test(action))).toBe(true);
    }
  });
});
