import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EKSClient } from "@aws-sdk/client-eks";
import { SNSClient } from "@aws-sdk/client-sns";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { Clock } from "@caretaker/core/clock";
import { driftConfig, driftReaderRbac, runDrift } from "@caretaker/core/drift/run";
import type { ClusterConnector } from "@caretaker/core/eks";
import { createNotifier } from "@caretaker/core/notify";
import { createClaims } from "@caretaker/core/state";
import type { SandboxAccount } from "@caretaker/sandbox";
import { applyRbacAsAdmin } from "./apply-rbac";
import { renderDriftReport } from "../drift-report";
import type { CliIo } from "../io";

const DAY_MS = 86_400_000;

/**
 * The demo's drift check, as the scheduled function runs it: every cluster of the account, findings remembered in
 * the state table, a notification per cluster whose findings changed — then the next day's run, which finds the
 * same and stays quiet.
 */
async function demoDrift(io: CliIo, sandbox: SandboxAccount, clock: Clock, clusters: ClusterConnector): Promise<boolean> {
  await applyRbacAsAdmin(sandbox, Object.keys(sandbox.clusters), driftReaderRbac());
  const dynamodb = new DynamoDBClient({});
  const topicArn = `arn:aws:sns:${sandbox.aws.region}:${sandbox.aws.accountId}:caretaker-alerts`;
  const deps = {
    eks: new EKSClient({}),
    ssm: new SSMClient({}),
    autoscaling: new AutoScalingClient({}),
    connect: (name: string, known?: { endpoint: string; certificateAuthority: string }) => clusters.connect(name, known),
    clock,
    state: { dynamodb, table: "caretaker-state", claims: createClaims({ dynamodb, table: "caretaker-state", clock }) },
    notifier: createNotifier({ sns: new SNSClient({}), topicArn }),
  };
  const emails = () => sandbox.aws.sns.published("caretaker-alerts").filter((message) => message.attributes.format === "email");
  const before = emails().length;
  const first = await runDrift(deps, driftConfig({ digestPeriodDays: 0 }));
  io.out(renderDriftReport(first));
  const sent = emails().slice(before);
  io.out(`\nNotifications sent (one per cluster whose findings changed): ${sent.length}`);
  for (const email of sent) io.out(`  Subject: ${email.subject}`);
  const changeEmail = sent.find((email) => email.subject?.includes("staging-eu"));
  if (changeEmail) io.out(`\nOne of them in full (e-mail variant):\n${changeEmail.message}`);

  sandbox.clock.advance(DAY_MS);
  const quiet = emails().length;
  const second = await runDrift(deps, driftConfig({ digestPeriodDays: 0 }));
  io.out(`\nThe next day's run: the same ${second.totals.errors + second.totals.warnings + second.totals.info} findings, ${emails().length - quiet} notifications (only news is sent: new, worse or resolved findings).`);
  return sent.length > 0 && emails().length === quiet;
}

export { demoDrift };
