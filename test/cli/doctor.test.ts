import { createServer } from "node:net";
import { DeleteLifecycleHookCommand, AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DeleteAccessEntryCommand, EKSClient } from "@aws-sdk/client-eks";
import { SetSubscriptionAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { SQSServiceException, ReceiveMessageCommand, SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { DRAINER_GROUP, READER_GROUP } from "@caretaker/core/access";
import type { Deployment } from "@caretaker/core/deployment";
import { createSandboxAccount, type SandboxAccount, type SandboxClusterSpec } from "@caretaker/sandbox";
import type { AutoScalingGroupSpec } from "@caretaker/sandbox/aws/autoscaling/spec";
import { KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { handler as probeHandler } from "../../functions/probe";
import { clusters } from "../../functions/lib/clients";
import { runCliWithClock } from "../../packages/cli/test/drain-sandbox";
import { clockOf } from "../drain/harness";
import { mockLambda, serveFunctions } from "../helpers/serve-functions";

const ACCOUNT = "111122223333";
const HOUR = 3_600_000;
const role = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
/** The probe runs (served by its real handler) as the sandbox's Caretaker principal, so that is its role. */
const ROLES = { drain: role("caretaker-prod-DrainRole"), imageGc: role("caretaker-prod-ImageGcRole"), drift: role("caretaker-prod-DriftRole"), probe: role("caretaker-functions") };
const FUNCTIONS = { drain: "caretaker-prod-Drain", imageGc: "caretaker-prod-ImageGc", drift: "caretaker-prod-Drift", probe: "caretaker-prod-Probe" };
const QUEUE = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/caretaker-prod-DrainQueue`;
const DLQ = `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/caretaker-prod-DrainDeadLetters`;
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:caretaker-prod-Alerts`;
const DAY = 24 * HOUR;

function descriptor(overrides: Partial<Deployment> = {}): Deployment {
  return {
    version: 1,
    stage: "prod",
    region: "eu-west-1",
    functions: {
      drain: { name: FUNCTIONS.drain, roleArn: ROLES.drain },
      imageGc: { name: FUNCTIONS.imageGc, roleArn: ROLES.imageGc },
      drift: { name: FUNCTIONS.drift, roleArn: ROLES.drift },
      probe: { name: FUNCTIONS.probe, roleArn: ROLES.probe },
    },
    drain: { queueUrl: QUEUE, deadLetterQueueUrl: DLQ, hookName: "caretaker-drain", autoScalingGroups: ["prod-workers", "vault-batch"], discoverAutoScalingGroups: false, excludedAutoScalingGroups: [], groupTag: { key: "caretaker:drain", value: "caretaker-prod" }, forceDelete: true },
    // The default schedules (daily), on every cluster, with the access entries the deploy made on the top-level clusters.
    imageGc: { schedule: { expression: "rate(1 day)", longestIntervalSeconds: DAY / 1000 }, clusters: "all", accessEntryClusters: ["prod", "vault"] },
    drift: { schedule: { expression: "cron(0 5 * * ? *)", longestIntervalSeconds: DAY / 1000 }, clusters: "all", accessEntryClusters: ["prod", "vault"] },
    probe: { accessEntryClusters: ["prod", "vault"] },
    alertsTopicArn: TOPIC,
    stateTable: "caretaker-prod-State",
    clusters: ["prod", "vault"],
    excludedClusters: [],
    kubernetesGroups: { drainer: DRAINER_GROUP, reader: READER_GROUP },
    network: { subnetIds: ["subnet-0a1b2c3d4e5f60718"], securityGroupIds: ["sg-0f1e2d3c4b5a69788"] },
    ...overrides,
  };
}

const entries = [
  { principalArn: ROLES.drain, kubernetesGroups: [DRAINER_GROUP] },
  { principalArn: ROLES.imageGc, kubernetesGroups: [READER_GROUP] },
  { principalArn: ROLES.drift, kubernetesGroups: [READER_GROUP] },
  // What infra creates for the probe: no group, it only authenticates.
  { principalArn: ROLES.probe, kubernetesGroups: [] },
];

/** The tag the deploy puts on each of the stage's groups (`caretaker:drain` = `<app>-<stage>`), as the descriptor says. */
const STAGE_TAG = { "caretaker:drain": "caretaker-prod" };

/** prod: a managed node group (EKS drains it) and a hooked, tagged self-managed group; vault: private endpoint only, hooked. */
function healthyClusters(): SandboxClusterSpec[] {
  return [
    {
      name: "prod",
      nodeGroups: [
        { name: "web", nodes: 1 },
        { name: "workers", nodes: 1, managed: false, terminateHook: true, tags: STAGE_TAG },
      ],
      eks: { accessEntries: entries },
    },
    {
      name: "vault",
      nodeGroups: [{ name: "batch", nodes: 1, managed: false, terminateHook: true, tags: STAGE_TAG }],
      eks: { accessEntries: entries, endpointAccess: { public: false } },
    },
  ];
}

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
const lambda = mockLambda();
/** What the probe function received in the current test. */
let probePayloads: unknown[] = [];

afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
  for (const name of ["prod", "vault"]) clusters.forget(name);
});

interface StageOptions {
  clusters?: SandboxClusterSpec[];
  /** More Auto Scaling groups, outside the clusters' node groups (their tags as given). */
  groups?: AutoScalingGroupSpec[];
  deployment?: Deployment | undefined;
  confirmed?: boolean;
}

/**
 * A deployed stage on the sandbox: its descriptor in SSM, the drain queue and DLQ, the alerts topic with a confirmed
 * e-mail subscription, a day of healthy runs in AWS/Lambda metrics, and the probe function served by its real handler.
 */
async function deployStage(options: StageOptions = {}): Promise<SandboxAccount> {
  const deployment = "deployment" in options ? options.deployment : descriptor();
  sandbox = await createSandboxAccount({
    clusters: options.clusters ?? healthyClusters(),
    aws: {
      ssm: { parameters: deployment ? [{ name: "/caretaker/prod/deployment", value: JSON.stringify(deployment) }] : [] },
      sqs: {
        queues: [
          { name: "caretaker-prod-DrainDeadLetters", attributes: { MessageRetentionPeriod: "1209600" } },
          { name: "caretaker-prod-DrainQueue", attributes: { VisibilityTimeout: "960" }, deadLetterQueue: { name: "caretaker-prod-DrainDeadLetters", maxReceiveCount: 2 } },
        ],
      },
      ...(options.groups ? { autoscaling: { groups: options.groups } } : {}),
      sns: { topics: [{ name: "caretaker-prod-Alerts", subscriptions: [{ protocol: "email", endpoint: "oncall@example.com", filterPolicy: { format: ["email"] }, confirmed: options.confirmed ?? true }] }] },
    },
  });
  restore = sandbox.useCaretakerCredentials();
  const now = sandbox.clock.nowMs();
  const metrics = sandbox.aws.cloudwatch;
  metrics.recordLambdaInvocation(FUNCTIONS.imageGc, { at: now - 6 * HOUR });
  metrics.recordLambdaInvocation(FUNCTIONS.drift, { at: now - 4 * HOUR });
  metrics.recordLambdaInvocation(FUNCTIONS.drain, { at: now - 2 * HOUR });
  serveProbe(sandbox);
  return sandbox;
}

/** Lambda's Invoke of the probe, served in-process by the real handler (from the functions' side), counted in its metrics. */
function serveProbe(sb: SandboxAccount): void {
  const served = serveFunctions(lambda, {
    [FUNCTIONS.probe]: async (event, context) => {
      sb.aws.cloudwatch.recordLambdaInvocation(FUNCTIONS.probe);
      return probeHandler(event, context);
    },
  });
  probePayloads = served.received[FUNCTIONS.probe] as unknown[];
}

function doctor(sb: SandboxAccount, ...args: string[]) {
  return runCliWithClock(["doctor", ...args], { env: {}, clock: clockOf(sb.clock) });
}

/** The checklist line of `name` and the fix lines under it. */
function entry(stdout: string, name: string): string {
  const lines = stdout.split("\n");
  const start = lines.findIndex((line) => /^ {2}[✓!✗] /.test(line) && line.slice(4).startsWith(`${name}:`));
  if (start < 0) throw new Error(`no check "${name}" in:\n${stdout}`);
  const fix: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith("      ")) break;
    fix.push(line.trim());
  }
  return [(lines[start] as string).trim(), ...fix].join("\n");
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("caretaker doctor", () => {
  it("passes a healthy stage: every check ✓ and exit 0", async () => {
    // Prepare
    const sb = await deployStage();

    // Act
    const { code, stdout, stderr } = await doctor(sb);

    // Assess
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^ {2}[!✗]/m);
    expect(stdout).toMatch(/^All \d+ checks passed\.$/m);
    expect(entry(stdout, "stage prod")).toContain("descriptor /caretaker/prod/deployment in eu-west-1");
    expect(entry(stdout, "managed clusters")).toMatch(/prod \(ACTIVE, 1\.31\), vault \(ACTIVE, 1\.31\) — drain: prod, vault; image GC and drift: every cluster of eu-west-1$/);
    expect(entry(stdout, "prod")).toContain("prod-workers has the caretaker-drain terminate hook and the stage's tag caretaker:drain = caretaker-prod; prod-web (managed node group web): EKS drains managed node groups itself, so they are not Caretaker's to hook");
    expect(stdout).toMatch(/✓ prod: drain → caretaker:drainer; image GC → caretaker:reader; drift → caretaker:reader; probe → no group \(authenticated only\)/);
    expect(entry(stdout, "drain dead-letter queue")).toContain("caretaker-prod-DrainDeadLetters is empty");
    expect(entry(stdout, `drift (${FUNCTIONS.drift})`)).toMatch(/1 invocation\(s\), 0 error\(s\), 0 throttle\(s\) in the last 24 h; last run about [45] h ago \(schedule cron\(0 5 \* \* \? \*\) runs it at least every day\)$/);
    expect(entry(stdout, "alerts topic")).toContain("1 confirmed subscription(s): email oncall@example.com");
    // The functions run in a VPC: the probe function proves both clusters reachable from there.
    expect(stdout).toMatch(/✓ vault: its endpoint is private only, and the functions reach it/);
    expect(stdout).toMatch(/✓ prod: the functions run in a VPC, so they reach it only through a NAT gateway or its private endpoint, and the functions reach it/);
    expect(probePayloads).toEqual([{ clusters: ["prod", "vault"], notify: "never" }]);
  });

  it("reports a missing terminate hook with the exact put-lifecycle-hook command, and exits 1", async () => {
    const sb = await deployStage();
    await new AutoScalingClient({}).send(new DeleteLifecycleHookCommand({ AutoScalingGroupName: "prod-workers", LifecycleHookName: "caretaker-drain" }));

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, "prod-workers (prod)")).toBe(
      [
        "✗ prod-workers (prod): listed in the stage's Auto Scaling groups but has no caretaker-drain terminate hook: its instances terminate without a drain",
        "→ Put the hook back (the stack's EventBridge rule routes caretaker-drain on any group, and the deploy's caretaker:drain tag on the group lets the drain complete it):",
        "aws autoscaling put-lifecycle-hook --auto-scaling-group-name prod-workers --lifecycle-hook-name caretaker-drain --lifecycle-transition autoscaling:EC2_INSTANCE_TERMINATING --heartbeat-timeout 300 --default-result CONTINUE",
        "or redeploy, which recreates the hook and the tag: npx sst deploy --stage prod",
      ].join("\n"),
    );
    expect(stdout).toMatch(/^1 problem\(s\), 0 warning\(s\), 0 not checked, \d+ passed\.$/m);
  });

  it("reports a non-empty dead-letter queue with how to read and redrive it", async () => {
    const sb = await deployStage();
    // A trigger the drain fails on: delivered twice, never deleted, then moved by SQS to the DLQ.
    const sqs = new SQSClient({});
    await sqs.send(new SendMessageCommand({ QueueUrl: QUEUE, MessageBody: JSON.stringify({ "detail-type": "EC2 Instance-terminate Lifecycle Action", detail: {} }) }));
    for (let delivery = 0; delivery < 3; delivery++) {
      await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE }));
      sb.clock.advance(961_000);
    }

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, "drain dead-letter queue")).toBe(
      [
        "✗ drain dead-letter queue: about 1 message(s) in caretaker-prod-DrainDeadLetters (1 waiting): drain triggers that failed on every delivery, so their nodes may not have been drained",
        `→ Read them (they stay in the queue): aws sqs receive-message --queue-url ${DLQ} --max-number-of-messages 10 --visibility-timeout 0 --attribute-names All`,
        `Find why the drain failed: aws logs tail /aws/lambda/${FUNCTIONS.drain} --since 14d --filter-pattern '{ $.level = "ERROR" }'`,
        `Once fixed, send them back to the drain queue: aws sqs start-message-move-task --source-arn arn:aws:sqs:eu-west-1:${ACCOUNT}:caretaker-prod-DrainDeadLetters`,
        "(Lifecycle actions that timed out meanwhile are completed as no-ops when redriven.)",
      ].join("\n"),
    );
  });

  it("reports a missing access entry with caretaker bootstrap as the fix", async () => {
    const sb = await deployStage();
    await new EKSClient({}).send(new DeleteAccessEntryCommand({ clusterName: "vault", principalArn: ROLES.drift }));

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        `  ✗ vault: no access entry for the drift role ${ROLES.drift}: the cluster answers drift with 401 Unauthorized`,
        "      → caretaker bootstrap --cluster vault --stage prod",
      ].join("\n"),
    );
    expect(stdout).toMatch(/✓ vault: drain → caretaker:drainer; image GC → caretaker:reader; probe → no group \(authenticated only\)$/m);
  });

  it("reports an access entry with the wrong Kubernetes groups with the update-access-entry command", async () => {
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const wrong = entries.map((e) => (e.principalArn === ROLES.drain ? { ...e, kubernetesGroups: [READER_GROUP] } : e));
    const sb = await deployStage({ clusters: [{ ...prod, eks: { accessEntries: wrong } }, vault] });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        `  ✗ prod: the access entry of the drain role ${ROLES.drain} maps it to caretaker:reader, not caretaker:drainer: drain would be refused by RBAC`,
        `      → aws eks update-access-entry --cluster-name prod --principal-arn ${ROLES.drain} --kubernetes-groups caretaker:drainer`,
        "        (bootstrap never changes an existing entry), then check: caretaker bootstrap --cluster prod --stage prod --dry-run",
      ].join("\n"),
    );
  });

  it("warns about an access entry that maps a role to more groups than it needs, as bootstrap does", async () => {
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const wider = entries.map((e) => (e.principalArn === ROLES.drift ? { ...e, kubernetesGroups: [READER_GROUP, "system:masters"] } : e));
    const sb = await deployStage({ clusters: [{ ...prod, eks: { accessEntries: wider } }, vault] });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        `  ! prod: the access entry of the drift role ${ROLES.drift} also maps it to system:masters: drift may do whatever that group is bound to, beyond what it needs`,
        `      → aws eks update-access-entry --cluster-name prod --principal-arn ${ROLES.drift} --kubernetes-groups caretaker:reader`,
      ].join("\n"),
    );
  });

  it("reports a Chatbot subscription without the chatbot filter policy with the command that sets it, which then passes", async () => {
    const sb = await deployStage();
    // What the Amazon Q Developer console creates: an https subscription with no filter policy.
    sb.aws.sns.addSubscription("caretaker-prod-Alerts", { protocol: "https", endpoint: "https://global.sns-api.chatbot.amazonaws.com", confirmed: true });

    const before = await doctor(sb);

    expect(before.code).toBe(1);
    const chatbot = entry(before.stdout, "Chatbot subscription https://global.sns-api.chatbot.amazonaws.com");
    expect(chatbot).toMatch(/^! Chatbot subscription .*: no filter policy lets both variants through: the channel also gets the plain-text e-mail variant/);
    const command = /aws sns set-subscription-attributes --subscription-arn (\S+) --attribute-name FilterPolicy --attribute-value '(\{"format":\["chatbot"\]\})'/.exec(chatbot);
    expect(command).not.toBeNull();
    expect(entry(before.stdout, "e-mail subscription oncall@example.com")).toMatch(/^✓ /);
    // Act on the fix as written, through the API the command calls.
    await new SNSClient({}).send(new SetSubscriptionAttributesCommand({ SubscriptionArn: command?.[1], AttributeName: "FilterPolicy", AttributeValue: command?.[2] }));

    const after = await doctor(sb);

    expect(after.code).toBe(0);
    expect(entry(after.stdout, "Chatbot subscription https://global.sns-api.chatbot.amazonaws.com")).toMatch(/^✓ .*takes the chatbot variant only/);
  });

  it("reports a subscription still waiting for its e-mail to be confirmed", async () => {
    const sb = await deployStage({ confirmed: false });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    const alerts = entry(stdout, "alerts topic");
    expect(alerts).toMatch(/^✗ alerts topic: no confirmed subscription: 1 pending \(email oncall@example\.com\), so nobody receives notifications yet/);
    expect(alerts).toContain('→ Confirm the e-mail: open "AWS Notification - Subscription Confirmation" sent to oncall@example.com');
  });

  it("reports recent function errors and a scheduled function that stopped running", async () => {
    const sb = await deployStage();
    sb.clock.advance(30 * HOUR); // image GC and drift last ran 34-36 h ago
    const now = sb.clock.nowMs();
    sb.aws.cloudwatch.recordLambdaInvocation(FUNCTIONS.drain, { at: now - 3 * HOUR });
    sb.aws.cloudwatch.recordLambdaInvocation(FUNCTIONS.drain, { at: now - 2 * HOUR, outcome: "error" });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, `drain (${FUNCTIONS.drain})`)).toMatch(new RegExp(`^✗ .*: 1 of 2 invocation\\(s\\) in the last 24 h failed\\n→ Read the errors: aws logs tail /aws/lambda/${FUNCTIONS.drain} --since 24h`));
    expect(entry(stdout, `drift (${FUNCTIONS.drift})`)).toMatch(/^✗ .*: last ran about 3[45] h ago, although its schedule cron\(0 5 \* \* \? \*\) runs it at least every day\n→ Check that its EventBridge Scheduler schedule exists and is ENABLED/);
  });

  it("reports a throttled function as a warning with the concurrency fix", async () => {
    const sb = await deployStage();
    sb.aws.cloudwatch.recordLambdaInvocation(FUNCTIONS.drain, { at: sb.clock.nowMs() - HOUR, outcome: "throttled" });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, `drain (${FUNCTIONS.drain})`)).toMatch(/^! .*: 1 invocation\(s\) throttled in the last 24 h \(1 ran\)\n→ Lambda refused them for lack of concurrency/);
  });

  it("reports the probe's 401 as authentication from the functions' side failing, and its missing entry, with bootstrap as the fix", async () => {
    const sb = await deployStage();
    await new EKSClient({}).send(new DeleteAccessEntryCommand({ clusterName: "vault", principalArn: ROLES.probe }));

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(stdout).toContain(
      [
        `  ✗ vault: no access entry for the probe role ${ROLES.probe}: the probe gets 401 Unauthorized, so it cannot prove that the cluster authenticates the functions' side; the deploy created it, and it has been deleted since`,
        "      → caretaker bootstrap --cluster vault --stage prod",
      ].join("\n"),
    );
    expect(stdout).toMatch(/✗ vault: its endpoint is private only; the functions reach it, but it rejects the probe's credentials \(401 Unauthorized\): authentication from the functions' side fails/);
    expect(stdout).toContain("      → caretaker bootstrap --cluster vault --stage prod   (creates the probe's access entry, with no group, if it is missing; see Access entries)");
    // prod still authenticates the probe.
    expect(stdout).toMatch(/✓ prod: the functions run in a VPC, so they reach it only through a NAT gateway or its private endpoint, and the functions reach it/);
  });

  it("reports a probe entry that maps a group, and a 403 from the probe, each with its fix", async () => {
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const grouped = entries.map((e) => (e.principalArn === ROLES.probe ? { ...e, kubernetesGroups: [READER_GROUP] } : e));
    const sb = await deployStage({ clusters: [{ ...prod, eks: { accessEntries: grouped } }, vault] });
    // Someone removed what every authenticated user may do on vault.
    const admin = new KubeConfig();
    admin.loadFromString(JSON.stringify(sb.cluster("vault").kubeconfig()));
    await admin.makeApiClient(RbacAuthorizationV1Api).deleteClusterRoleBinding({ name: "system:basic-user" });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(stdout).toContain(`  ✗ prod: the access entry of the probe role ${ROLES.probe} maps it to ${READER_GROUP}: the probe needs no group`);
    expect(stdout).toContain(`      → aws eks delete-access-entry --cluster-name prod --principal-arn ${ROLES.probe}, then: caretaker bootstrap --cluster prod --stage prod (it re-creates the entry with no group)`);
    expect(stdout).toMatch(/✗ vault: its endpoint is private only; the functions reach it and it authenticates the probe, but denies what every authenticated user may \(GET \/version, SelfSubjectReview\)/);
    expect(stdout).toContain("kubectl get clusterrolebinding system:public-info-viewer system:discovery system:basic-user -o wide");
  });

  it("reports a private cluster the functions cannot reach, through the probe function, with the network fix", async () => {
    const sb = await deployStage();
    // From the functions' subnets nothing answers at the private endpoint.
    sb.aws.eks.setEndpoint("vault", `https://127.0.0.1:${await closedPort()}`, sb.cluster("vault").caData);

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    const vault = stdout.split("\n").findIndex((line) => line.startsWith("  ✗ vault: its endpoint is private only, and the functions cannot reach it"));
    expect(vault).toBeGreaterThan(0);
    const fix = stdout.split("\n").slice(vault + 1, vault + 5).join("\n");
    expect(fix).toContain('The functions run in subnets subnet-0a1b2c3d4e5f60718 with security groups sg-0f1e2d3c4b5a69788 (the "vpc" setting of CARETAKER_CONFIG).');
    expect(fix).toMatch(/aws ec2 authorize-security-group-ingress --group-id sg-[0-9a-f]{17} --protocol tcp --port 443 --source-group sg-0f1e2d3c4b5a69788/);
  });

  it("tells a stage whose functions run outside any VPC to set the vpc configuration", async () => {
    const sb = await deployStage({ deployment: descriptor({ network: undefined }) });
    sb.aws.eks.setEndpoint("vault", `https://127.0.0.1:${await closedPort()}`, sb.cluster("vault").caData);

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    // Outside a VPC the public cluster needs no proof; only the private one is probed.
    expect(stdout).toMatch(/✓ prod: public endpoint open to 0\.0\.0\.0\/0: the functions reach it without a VPC/);
    expect(probePayloads).toEqual([{ clusters: ["vault"], notify: "never" }]);
    expect(stdout).toMatch(/✗ vault: its endpoint is private only, and the functions cannot reach it: .*\n {6}→ The functions run outside any VPC\. Set "vpc": \{ "subnetIds": \[\.\.\.\], "securityGroupIds": \[\.\.\.\] \} in CARETAKER_CONFIG to subnets of vpc-[0-9a-f]{17} .* accepts on TCP 443, then redeploy: npx sst deploy --stage prod/);
  });

  it("reports what it could not check (AccessDenied) without hiding the other checks", async () => {
    const sb = await deployStage();
    const denied = () =>
      new SQSServiceException({
        name: "AccessDenied",
        $fault: "client",
        message: `User: arn:aws:sts::${ACCOUNT}:assumed-role/operator/alice is not authorized to perform: sqs:getqueueattributes on resource: arn:aws:sqs:eu-west-1:${ACCOUNT}:caretaker-prod-DrainDeadLetters because no identity-based policy allows the sqs:getqueueattributes action`,
        $metadata: { httpStatusCode: 403 },
      });
    sb.aws.faults.failNext("sqs:GetQueueAttributes", denied);
    await new AutoScalingClient({}).send(new DeleteLifecycleHookCommand({ AutoScalingGroupName: "vault-batch", LifecycleHookName: "caretaker-drain" }));

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, "drain dead-letter queue")).toMatch(/^! drain dead-letter queue: not checked: sqs:GetQueueAttributes failed: AccessDenied: User: .* is not authorized.*\n→ Allow sqs:GetQueueAttributes to the AWS credentials running caretaker doctor, then run it again\.$/);
    // Every other check still ran: the missing hook is found, the rest passes.
    expect(entry(stdout, "vault-batch (vault)")).toMatch(/^✗ vault-batch \(vault\): listed in the stage's Auto Scaling groups but has no caretaker-drain terminate hook/);
    expect(entry(stdout, "alerts topic")).toMatch(/^✓/);
    expect(stdout).toMatch(/^1 problem\(s\), 0 warning\(s\), 1 not checked, \d+ passed\.$/m);
  });

  it("with discovery on, fails a self-managed group created since the deploy and asks for a redeploy", async () => {
    // Prepare: what a discovering deploy records — no group names, only the discover flag — and, since that deploy, a
    // self-managed group on prod and one that only eksctl's eks:cluster-name ties to prod (discovery's tag rules find
    // both); a group whose kubernetes.io/cluster/prod value is neither owned nor shared is not the cluster's.
    const sb = await deployStage({
      deployment: descriptor({ drain: { ...descriptor().drain, autoScalingGroups: [], discoverAutoScalingGroups: true } }),
      clusters: [
        { ...(healthyClusters()[0] as SandboxClusterSpec), nodeGroups: [{ name: "web", nodes: 1 }, { name: "workers", nodes: 1, managed: false, terminateHook: true, tags: STAGE_TAG }, { name: "gpu", nodes: 1, managed: false }] },
        healthyClusters()[1] as SandboxClusterSpec,
      ],
      groups: [
        { name: "prod-eksctl-spot", tags: { "eks:cluster-name": "prod", "alpha.eksctl.io/cluster-name": "prod" } },
        { name: "prod-unrelated-value", tags: { "kubernetes.io/cluster/prod": "disabled" } },
      ],
    });

    const { code, stdout } = await doctor(sb);

    expect(code).toBe(1);
    expect(entry(stdout, "prod-gpu (prod)")).toBe(
      [
        "✗ prod-gpu (prod): tagged for prod and discovery is on, but it has no caretaker-drain terminate hook: it was created after the last deploy (it is not in autoScalingGroups.exclude)",
        "→ Redeploy (npx sst deploy --stage prod): discovery tags and hooks the groups created since the last deploy. (A hook added by hand is not enough: the drain may complete lifecycle actions only on groups the deploy tagged caretaker:drain, so it would report the group as not managed and each termination would wait for the heartbeat timeout.)",
      ].join("\n"),
    );
    expect(entry(stdout, "prod-eksctl-spot (prod)")).toMatch(/^✗ prod-eksctl-spot \(prod\): tagged for prod and discovery is on, but it has no caretaker-drain terminate hook/);
    expect(stdout).not.toContain("prod-unrelated-value");
    // The discovered groups the deploy hooked and tagged pass; the managed node group's group is not expected to carry the hook.
    expect(entry(stdout, "prod")).toContain("prod-workers has the caretaker-drain terminate hook and the stage's tag caretaker:drain = caretaker-prod");
    expect(entry(stdout, "prod")).toContain("prod-web (managed node group web): EKS drains managed node groups itself");
    expect(entry(stdout, "vault")).toContain("vault-batch has the caretaker-drain terminate hook");
  });

  it("fails a hooked group without the stage's caretaker:drain tag, with the create-or-update-tags command", async () => {
    // Prepare: prod-workers hooked but never tagged (a hook put back by hand, the tag removed).
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const sb = await deployStage({ clusters: [{ ...prod, nodeGroups: [{ name: "web", nodes: 1 }, { name: "workers", nodes: 1, managed: false, terminateHook: true }] }, vault] });

    // Act
    const { code, stdout } = await doctor(sb);

    // Assess
    expect(code).toBe(1);
    expect(entry(stdout, "prod-workers (prod)")).toBe(
      [
        "✗ prod-workers (prod): has the caretaker-drain terminate hook but has no caretaker:drain tag (the stage's is caretaker:drain = caretaker-prod): the drain may complete lifecycle actions only on groups carrying the stage's tag, so it reports each termination as not managed and the instance waits for the hook's heartbeat timeout without a drain",
        "→ Redeploy, which tags every managed group: npx sst deploy --stage prod",
        "or tag it now: aws autoscaling create-or-update-tags --tags ResourceId=prod-workers,ResourceType=auto-scaling-group,Key=caretaker:drain,Value=caretaker-prod,PropagateAtLaunch=false",
      ].join("\n"),
    );
    // Not counted among the groups that are fine; vault's tagged group still is.
    expect(entry(stdout, "prod")).not.toContain("prod-workers");
    expect(entry(stdout, "vault")).toContain("vault-batch has the caretaker-drain terminate hook and the stage's tag caretaker:drain = caretaker-prod");
  });

  it("fails a group carrying another stage's caretaker:drain value, and adds the tag to the fix of a listed group missing its hook", async () => {
    // Prepare: vault-batch tagged by the staging stage; prod-workers lost both its hook and its tag.
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const sb = await deployStage({
      clusters: [
        { ...prod, nodeGroups: [{ name: "web", nodes: 1 }, { name: "workers", nodes: 1, managed: false }] },
        { ...vault, nodeGroups: [{ name: "batch", nodes: 1, managed: false, terminateHook: true, tags: { "caretaker:drain": "caretaker-staging" } }] },
      ],
    });

    // Act
    const { code, stdout } = await doctor(sb);

    // Assess
    expect(code).toBe(1);
    expect(entry(stdout, "vault-batch (vault)")).toMatch(
      /^✗ vault-batch \(vault\): has the caretaker-drain terminate hook but has caretaker:drain = caretaker-staging, another stage's value \(this stage's is caretaker-prod\): the drain may complete/,
    );
    expect(entry(stdout, "vault-batch (vault)")).toContain(
      "or tag it now: aws autoscaling create-or-update-tags --tags ResourceId=vault-batch,ResourceType=auto-scaling-group,Key=caretaker:drain,Value=caretaker-prod,PropagateAtLaunch=false",
    );
    expect(entry(stdout, "prod-workers (prod)")).toContain(
      "and the tag (it has no caretaker:drain tag (the stage's is caretaker:drain = caretaker-prod)): aws autoscaling create-or-update-tags --tags ResourceId=prod-workers,ResourceType=auto-scaling-group,Key=caretaker:drain,Value=caretaker-prod,PropagateAtLaunch=false",
    );
  });

  it("judges a scheduled function by its own schedule: a weekly run is not overdue after 3 days, and is after 8", async () => {
    // Prepare: drift weekly, image GC daily (the default); both last ran a few hours before.
    const weekly = { expression: "cron(0 5 ? * MON *)", longestIntervalSeconds: (7 * DAY) / 1000 };
    const sb = await deployStage({ deployment: descriptor({ drift: { ...descriptor().drift, schedule: weekly } }) });
    sb.clock.advance(3 * DAY);

    // Act
    const early = await doctor(sb);

    // Assess: drift is fine by its weekly schedule, while the daily image GC is overdue by its own.
    expect(entry(early.stdout, `drift (${FUNCTIONS.drift})`)).toBe(
      `✓ drift (${FUNCTIONS.drift}): 0 invocation(s), 0 error(s), 0 throttle(s) in the last 24 h; last run about 3 days ago (schedule cron(0 5 ? * MON *) runs it at least every 7 days)`,
    );
    expect(entry(early.stdout, `image GC (${FUNCTIONS.imageGc})`)).toMatch(/^✗ .*: last ran about 3 days ago, although its schedule rate\(1 day\) runs it at least every day\n/);

    // Act: 8 days and 4 hours after drift's last run.
    sb.clock.advance(5 * DAY);
    const late = await doctor(sb);

    // Assess
    expect(late.code).toBe(1);
    expect(entry(late.stdout, `drift (${FUNCTIONS.drift})`)).toBe(
      [
        `✗ drift (${FUNCTIONS.drift}): no run in the last 8 days, although its schedule cron(0 5 ? * MON *) runs it at least every 7 days`,
        `→ Check that its EventBridge Scheduler schedule exists and is ENABLED: aws scheduler list-schedules --query "Schedules[?contains(Target.Arn, '${FUNCTIONS.drift}')]"`,
        `and read its last logs: aws logs tail /aws/lambda/${FUNCTIONS.drift} --since 8d --filter-pattern '{ $.level = "ERROR" }'`,
        "(Deployed less than 7 days ago? Its first scheduled run may still be to come.)",
      ].join("\n"),
    );
  });

  it("looks further back for a schedule rarer than a week, and says which schedule it judged by", async () => {
    // Prepare: image GC monthly; 20 days on, its last run is beyond the first 8-day window.
    const monthly = { expression: "cron(0 3 1 * ? *)", longestIntervalSeconds: (31 * DAY) / 1000 };
    const sb = await deployStage({ deployment: descriptor({ imageGc: { ...descriptor().imageGc, schedule: monthly } }) });
    sb.clock.advance(20 * DAY);

    // Act
    const { stdout } = await doctor(sb);

    // Assess: the last run is found, and within the month.
    expect(entry(stdout, `image GC (${FUNCTIONS.imageGc})`)).toMatch(/^✓ .*; last run about 20 days ago \(schedule cron\(0 3 1 \* \? \*\) runs it at least every 31 days\)$/);
  });

  it("checks each function's access entries on the clusters it works on: image GC on gc.clusters, drift on every cluster", async () => {
    // Prepare: the drain on prod, image GC on vault only, drift on every cluster with its entry deployed on prod.
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const only = (...roles: string[]) => entries.filter((candidate) => roles.includes(candidate.principalArn));
    const base = descriptor();
    const sb = await deployStage({
      deployment: descriptor({
        clusters: ["prod"],
        drain: { ...base.drain, autoScalingGroups: ["prod-workers"] },
        imageGc: { ...base.imageGc, clusters: ["vault"], accessEntryClusters: ["vault"] },
        drift: { ...base.drift, clusters: "all", accessEntryClusters: ["prod"] },
      }),
      clusters: [
        { ...prod, eks: { accessEntries: only(ROLES.drain, ROLES.drift) } },
        { ...vault, eks: { ...vault.eks, accessEntries: only(ROLES.imageGc) } },
      ],
    });

    // Act
    const { code, stdout } = await doctor(sb);

    // Assess: no image GC entry is asked of prod, no drain entry of vault; drift's missing one on vault is a failure.
    expect(code).toBe(1);
    expect(entry(stdout, "managed clusters")).toMatch(/ — drain: prod; image GC: vault; drift: every cluster of eu-west-1$/);
    expect(stdout).toMatch(/^ {2}✓ prod: drain → caretaker:drainer; drift → caretaker:reader$/m);
    expect(stdout).toMatch(/^ {2}✓ vault: image GC → caretaker:reader$/m);
    expect(stdout).toContain(
      [
        `  ✗ vault: no access entry for the drift role ${ROLES.drift}: the cluster answers drift with 401 Unauthorized; drift works on every cluster of eu-west-1, but the deploy created its access entry only on prod`,
        "      → caretaker bootstrap --cluster vault --stage prod",
        '        or keep drift off vault: set "drift.clusters" to the clusters it should work on in CARETAKER_CONFIG and redeploy: npx sst deploy --stage prod',
      ].join("\n"),
    );
    // Terminate hooks are the drain's: vault's groups are not looked at.
    const hooks = stdout.slice(stdout.indexOf("Terminate lifecycle hooks"), stdout.indexOf("EKS access entries"));
    expect(hooks).not.toContain("vault");
  });

  it("names clusters.exclude when a function on every cluster has no entry on a cluster the discovery left out", async () => {
    // Prepare: the deploy discovered prod and left vault out; image GC and drift still work on every cluster.
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const base = descriptor();
    const sb = await deployStage({
      deployment: descriptor({
        clusters: ["prod"],
        excludedClusters: ["vault"],
        drain: { ...base.drain, autoScalingGroups: ["prod-workers"] },
        imageGc: { ...base.imageGc, accessEntryClusters: ["prod"] },
        drift: { ...base.drift, accessEntryClusters: ["prod"] },
      }),
      clusters: [prod, { ...vault, eks: { ...vault.eks, accessEntries: [] } }],
    });

    // Act
    const { code, stdout } = await doctor(sb);

    // Assess
    expect(code).toBe(1);
    expect(entry(stdout, "managed clusters")).toMatch(/; discovery leaves out vault \(clusters\.exclude\)$/);
    expect(stdout).toContain(
      `  ✗ vault: no access entry for the image GC role ${ROLES.imageGc}: the cluster answers image GC with 401 Unauthorized; image GC works on every cluster of eu-west-1, but the deploy created its access entry only on prod (vault is in clusters.exclude)`,
    );
    expect(stdout).toContain(`  ✗ vault: no access entry for the drift role ${ROLES.drift}`);
    expect(stdout).not.toContain(`no access entry for the drain role`);
  });

  it("reports a group in autoScalingGroups.exclude as left out by the configuration, not as a problem", async () => {
    // Prepare: discovery on, prod-gpu excluded (and so without the hook).
    const [prod, vault] = healthyClusters() as [SandboxClusterSpec, SandboxClusterSpec];
    const sb = await deployStage({
      deployment: descriptor({ drain: { ...descriptor().drain, discoverAutoScalingGroups: true, excludedAutoScalingGroups: ["prod-gpu"] } }),
      clusters: [{ ...prod, nodeGroups: [...(prod.nodeGroups ?? []), { name: "gpu", nodes: 1, managed: false }] }, vault],
    });

    // Act
    const { code, stdout } = await doctor(sb);

    // Assess
    expect(code).toBe(0);
    expect(entry(stdout, "prod")).toContain("prod-gpu: left out by autoScalingGroups.exclude, so not hooked (its instances terminate without a drain)");
    expect(stdout).not.toContain("prod-gpu (prod)");
  });

  it("prints the checks as JSON", async () => {
    const sb = await deployStage({ confirmed: false });
    const { code, stdout } = await doctor(sb, "--json");
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ stage: "prod", region: "eu-west-1", ok: false });
    expect(report.checks).toContainEqual(expect.objectContaining({ area: "alerts", name: "alerts topic", status: "fail", fix: expect.stringContaining("Confirm the e-mail") }));
  });

  it("cannot run without the stage's descriptor: a clear error and exit 3", async () => {
    const sb = await deployStage({ deployment: undefined });

    const { code, stdout, stderr } = await doctor(sb, "--stage", "prod");

    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toContain('caretaker doctor: No Caretaker stage "prod" in eu-west-1: SSM parameter /caretaker/prod/deployment does not exist.');
  });
});
