import { DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { SNSClient } from "@aws-sdk/client-sns";
import type { DriftFinding } from "@caretaker/core/drift";
import { type AssessedCluster, createFindingStore, trackDriftChanges } from "@caretaker/core/drift/changes";
import { createNotifier } from "@caretaker/core/notify";
import { createClaims } from "@caretaker/core/state";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf } from "../drain/harness";

const ACCOUNT = "111122223333";
const REGION = "eu-west-1";
const TOPIC = "caretaker-alerts";
const OPTIONS = { account: ACCOUNT, region: REGION, digestPeriodDays: 7 };

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
});

async function start() {
  sandbox = await createSandboxAccount({
    start: new Date("2026-11-21T06:00:00Z"),
    aws: {
      accountId: ACCOUNT,
      region: REGION,
      dynamodb: { tables: [{ name: "caretaker-state", partitionKey: "id", ttlAttribute: "expiration" }] },
      sns: { topics: [{ name: TOPIC, subscriptions: [{ protocol: "email", endpoint: "oncall@example.com", filterPolicy: { format: ["email"] }, confirmed: true }] }] },
    },
  });
  restore = sandbox.useCaretakerCredentials();
  const clock = clockOf(sandbox.clock);
  const dynamodb = new DynamoDBClient({});
  const deps = {
    store: createFindingStore({ dynamodb, table: "caretaker-state", scope: { account: ACCOUNT, region: REGION } }),
    clock,
    notifier: createNotifier({ sns: new SNSClient({}), topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}` }),
    claims: createClaims({ dynamodb, table: "caretaker-state", clock }),
  };
  const emails = () => (sandbox as SandboxAccount).aws.sns.published(TOPIC).filter((message) => message.attributes.format === "email");
  return { sb: sandbox, deps, dynamodb, emails };
}

function finding(cluster: string, subject: string, severity: DriftFinding["severity"], code = "kubelet-too-old"): DriftFinding {
  return { code, severity, cluster, subject, explanation: `${subject} lags the control plane`, nextStep: `roll ${subject}`, fingerprint: `${ACCOUNT}/${REGION}/${cluster}/${code}/${subject}` } as DriftFinding;
}

const assessed = (cluster: string, findings: DriftFinding[], extra: Partial<AssessedCluster> = {}): AssessedCluster => ({ cluster, assessed: true, updating: false, findings, ...extra });

describe("drift change tracking in the state table", () => {
  it("notifies a new finding once, stays quiet while nothing changes, and notifies when it is resolved", async () => {
    const { sb, deps, emails } = await start();
    const first = await trackDriftChanges(deps, [assessed("prod", [finding("prod", "managed node group general", "error")]), assessed("staging", [])], { ...OPTIONS, digestPeriodDays: 0 });
    expect(first.clusters.map((cluster) => cluster.status)).toEqual(["notified", "unchanged"]);
    expect(emails().map((message) => message.subject)).toEqual([expect.stringMatching(/Drift in prod: 1 new/)]);
    expect(emails()[0]?.message).toContain("managed node group general lags the control plane");

    sb.clock.advance(86_400_000);
    const second = await trackDriftChanges(deps, [assessed("prod", [finding("prod", "managed node group general", "error")]), assessed("staging", [])], { ...OPTIONS, digestPeriodDays: 0 });
    expect(second.clusters.map((cluster) => cluster.status)).toEqual(["unchanged", "unchanged"]);
    expect(emails()).toHaveLength(1);
    expect(sb.aws.calls.count("dynamodb:PutItem")).toBe(1);

    const third = await trackDriftChanges(deps, [assessed("prod", []), assessed("staging", [])], { ...OPTIONS, digestPeriodDays: 0 });
    expect(third.clusters[0]?.status).toBe("notified");
    expect(emails().at(-1)?.subject).toMatch(/Drift in prod: 1 resolved/);
    expect(emails().at(-1)?.message).toMatch(/SUCCESS/);
  });

  it("reports a change to exactly one of two overlapping runs", async () => {
    const { deps, emails } = await start();
    const results = [assessed("prod", [finding("prod", "node group a", "warning")])];
    const both = await Promise.all([trackDriftChanges(deps, results, { ...OPTIONS, digestPeriodDays: 0 }), trackDriftChanges(deps, results, { ...OPTIONS, digestPeriodDays: 0 })]);
    expect(both.map((result) => result.clusters[0]?.status).sort()).toEqual(["notified", "raced"]);
    expect(emails()).toHaveLength(1);
  });

  it("keeps the change for the next run when the notification cannot be sent", async () => {
    const { sb, deps, emails } = await start();
    const results = [assessed("prod", [finding("prod", "node group a", "error")])];
    const denied = Object.assign(new Error("User is not authorized to perform: SNS:Publish"), { name: "AuthorizationErrorException", $fault: "client" });
    const fault = sb.aws.faults.failNext("sns:Publish", () => denied, 50);
    await expect(trackDriftChanges(deps, results, { ...OPTIONS, digestPeriodDays: 0 })).rejects.toThrow(/Drift notification for cluster prod failed/);
    fault.remove();
    const retried = await trackDriftChanges(deps, results, { ...OPTIONS, digestPeriodDays: 0 });
    expect(retried.clusters[0]?.status).toBe("notified");
    expect(emails().map((message) => message.subject)).toEqual([expect.stringMatching(/Drift in prod: 1 new/)]);
  });

  it("sends one digest of everything still open per period, however many runs there are", async () => {
    const { sb, deps, emails } = await start();
    const results = [assessed("prod", [finding("prod", "node group a", "error")]), assessed("staging", [finding("staging", "add-on vpc-cni", "warning", "addon-incompatible-next")])];
    const runs = [];
    for (let run = 0; run < 3; run++) {
      runs.push((await trackDriftChanges(deps, results, OPTIONS)).digest);
      sb.clock.advance(86_400_000);
    }
    expect(runs.filter((digest) => digest === "sent")).toHaveLength(1);
    const digests = emails().filter((message) => message.subject?.includes("Drift digest"));
    expect(digests).toHaveLength(1);
    expect(digests[0]?.subject).toMatch(/2 open finding\(s\) in 2 cluster\(s\)/);
    expect(digests[0]?.message).toContain("add-on vpc-cni");
    sb.clock.advance(7 * 86_400_000);
    expect((await trackDriftChanges(deps, results, OPTIONS)).digest).toBe("sent");
  });

  it("sends no digest when nothing is open", async () => {
    const { deps, emails } = await start();
    expect((await trackDriftChanges(deps, [assessed("prod", [])], OPTIONS)).digest).toBe("nothing-open");
    expect(emails()).toHaveLength(0);
  });

  it("forgets nothing when a cluster cannot be assessed, and announces again what a damaged state item hid", async () => {
    const { deps, dynamodb, emails } = await start();
    await trackDriftChanges(deps, [assessed("prod", [finding("prod", "node group a", "error")])], { ...OPTIONS, digestPeriodDays: 0 });
    const skipped = await trackDriftChanges(deps, [{ cluster: "prod", assessed: false, updating: false, findings: [] }], { ...OPTIONS, digestPeriodDays: 0 });
    expect(skipped.clusters[0]?.status).toBe("not-assessed");
    expect(skipped.clusters[0]?.changes.open).toHaveLength(1);
    expect(emails()).toHaveLength(1);

    await dynamodb.send(new PutItemCommand({ TableName: "caretaker-state", Item: { id: { S: `drift#${ACCOUNT}/${REGION}/prod` }, revision: { N: "7" }, findings: { S: "{not json" } } }));
    const afresh = await trackDriftChanges(deps, [assessed("prod", [finding("prod", "node group a", "error")])], { ...OPTIONS, digestPeriodDays: 0 });
    expect(afresh.clusters[0]?.status).toBe("notified");
    expect(emails()).toHaveLength(2);
  });
});
