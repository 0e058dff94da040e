import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AssociateAccessPolicyCommand, CreateAccessEntryCommand, DescribeAccessEntryCommand, EKSClient } from "@aws-sdk/client-eks";
import { SSMClient } from "@aws-sdk/client-ssm";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DRAINER_GROUP, READER_GROUP } from "@caretaker/core/access";
import { type Deployment, deploymentParameterName } from "@caretaker/core/deployment";
import { createDrainKube, drainNode, drainOptions } from "@caretaker/core/drain";
import { driftConfig, runDrift } from "@caretaker/core/drift/run";
import { ClusterAccessError, createClusterConnector } from "@caretaker/core/eks";
import { scanClusterImages } from "@caretaker/core/image-gc/in-use";
import { probeCluster } from "@caretaker/core/probe";
import { createSandboxAccount, type SandboxAccount, type SandboxClusterSpec } from "@caretaker/sandbox";
import { CoreV1Api, KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { describeDeployment } from "../../infra/deployment-descriptor";
import { loadCaretakerConfig } from "../../infra/load-config";
import { planCaretaker } from "../../infra/plans";
import { shippedRbac } from "../../packages/cli/src/shipped-rbac";
import { runCli } from "../../packages/cli/test/run-cli";
import { clockOf } from "../drain/harness";

const ACCOUNT = "111122223333";
const role = (name: string, key: string) => ({ accessKeyId: `AKID${key}`, secretAccessKey: `${key.toLowerCase()}-secret`, principalArn: `arn:aws:iam::${ACCOUNT}:role/${name}` });
/** Each function runs as its own role, as a stage deploys them. */
const ROLES = { drain: role("caretaker-prod-Drain", "DRAIN"), imageGc: role("caretaker-prod-ImageGc", "IMAGEGC"), drift: role("caretaker-prod-Drift", "DRIFT"), probe: role("caretaker-prod-Probe", "PROBE") };
const ROLE_FLAGS = ["--drain-role", ROLES.drain.principalArn, "--gc-role", ROLES.imageGc.principalArn, "--drift-role", ROLES.drift.principalArn];
const SHIPPED = ["caretaker-drainer", "caretaker-image-scanner", "caretaker-drift-reader"];
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** A checklist line: the status column, then the text. */
const row = (status: string, text: string) => `  ${status.padEnd(16)}${text}`;

let sandbox: SandboxAccount | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/**
 * A cluster with no Caretaker RBAC and no access entries for the functions' roles, PDB-guarded pods on one node, and
 * two kubeconfigs: its administrator's (with a context per cluster; `staging` adds a second cluster) and a viewer's
 * (a user with no RBAC at all).
 */
async function start(options: { cluster?: Partial<SandboxClusterSpec>; parameters?: Array<{ name: string; value: string }>; staging?: boolean; bootstrapped?: boolean } = {}) {
  // What a first bootstrap leaves behind, seeded (the first test proves bootstrap gets there itself).
  const bootstrapped: Partial<SandboxClusterSpec> = options.bootstrapped
    ? {
        objects: shippedRbac({ forceDelete: false }) as never[],
        eks: {
          accessEntries: [
            { principalArn: ROLES.drain.principalArn, kubernetesGroups: [DRAINER_GROUP] },
            { principalArn: ROLES.imageGc.principalArn, kubernetesGroups: [READER_GROUP] },
            { principalArn: ROLES.drift.principalArn, kubernetesGroups: [READER_GROUP] },
          ],
        },
      }
    : {};
  sandbox = await createSandboxAccount({
    scale: 100,
    principals: Object.values(ROLES),
    clusters: [
      {
        name: "prod",
        nodeGroups: [
          { name: "web", nodes: 1 },
          { name: "spare", nodes: 2 },
        ],
        deployments: [{ name: "web", namespace: "shop", replicas: 2, nodeGroup: "web", terminationGracePeriodSeconds: 5 }],
        pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 1 }],
        staticTokens: { "viewer-token": { username: "viewer", groups: ["ops"] } },
        ...bootstrapped,
        ...options.cluster,
      },
      ...(options.staging ? [{ name: "staging" }] : []),
    ],
    aws: { ssm: { parameters: options.parameters ?? [] } },
  });
  const directory = mkdtempSync(join(tmpdir(), "caretaker-bootstrap-"));
  const admin = join(directory, "admin.json");
  writeFileSync(admin, JSON.stringify(sandbox.kubeconfig()));
  const viewer = join(directory, "viewer.json");
  writeFileSync(viewer, JSON.stringify(sandbox.cluster("prod").kubeconfig({ name: "viewer", token: "viewer-token" })));
  return { sb: sandbox, kubeconfig: { admin, viewer } };
}

/** The descriptor `sst deploy --stage prod` publishes for a stage on prod-eu with these roles, whose drain never force-deletes. */
function stageDescriptor(overrides: Partial<Deployment> = {}): Deployment {
  const day = { expression: "rate(1 day)", longestIntervalSeconds: 86_400 };
  return {
    version: 1,
    stage: "prod",
    region: "eu-west-1",
    functions: {
      drain: { name: "caretaker-prod-DrainFunction", roleArn: ROLES.drain.principalArn },
      imageGc: { name: "caretaker-prod-ImageGcFunction", roleArn: ROLES.imageGc.principalArn },
      drift: { name: "caretaker-prod-DriftFunction", roleArn: ROLES.drift.principalArn },
      probe: { name: "caretaker-prod-ProbeFunction", roleArn: ROLES.probe.principalArn },
    },
    drain: {
      queueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/q",
      deadLetterQueueUrl: "https://sqs.eu-west-1.amazonaws.com/111122223333/dlq",
      hookName: "caretaker-drain",
      autoScalingGroups: [],
      discoverAutoScalingGroups: true,
      excludedAutoScalingGroups: [],
      groupTag: { key: "caretaker:drain", value: "caretaker-prod" },
      forceDelete: false,
    },
    imageGc: { schedule: day, clusters: ["prod-eu"], accessEntryClusters: ["prod-eu"] },
    drift: { schedule: day, clusters: ["prod-eu"], accessEntryClusters: ["prod-eu"] },
    probe: { accessEntryClusters: ["prod-eu"] },
    alertsTopicArn: "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts",
    stateTable: "caretaker-state",
    clusters: ["prod-eu"],
    excludedClusters: [],
    kubernetesGroups: { drainer: DRAINER_GROUP, reader: READER_GROUP },
    ...overrides,
  };
}

/** The stage's descriptor as `sst deploy` publishes it in SSM. */
function published(deployment: Deployment) {
  return { name: deploymentParameterName(deployment.stage), value: JSON.stringify(deployment) };
}

function bootstrap(kubeconfig: string, ...args: string[]) {
  return runCli(["bootstrap", "--cluster", "prod", "--kubeconfig", kubeconfig, "--context", "prod", ...args]);
}

/** A connection to the cluster as one of the functions' roles, through EKS (DescribeCluster + IAM token). */
function connectAs(sb: SandboxAccount, credentials: { accessKeyId: string; secretAccessKey: string }) {
  return createClusterConnector({ eks: new EKSClient({ region: "eu-west-1", credentials }), now: () => sb.clock.now() }).connect("prod");
}

function adminRbac(sb: SandboxAccount) {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(sb.cluster("prod").kubeconfig()));
  return kubeConfig.makeApiClient(RbacAuthorizationV1Api);
}

const describeEntry = (principalArn: string) => new EKSClient({}).send(new DescribeAccessEntryCommand({ clusterName: "prod", principalArn }));
const writesSince = (sb: SandboxAccount, from: number) =>
  sb.cluster("prod").requests.slice(from).filter((entry) => WRITES.has(entry.method) && !entry.resource?.endsWith("accessreviews"));
const shippedObjects = (sb: SandboxAccount) =>
  SHIPPED.flatMap((name) => [sb.cluster("prod").get("rbac.authorization.k8s.io/v1", "ClusterRole", undefined, name), sb.cluster("prod").get("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", undefined, name)]);

describe("caretaker bootstrap", () => {
  it("makes a bare cluster ready: then drain, the image scan and drift succeed as their roles with only the shipped RBAC", async () => {
    // Prepare: the drain role cannot even authenticate yet.
    const { sb, kubeconfig } = await start();
    const before = await connectAs(sb, ROLES.drain).then((connection) => connection.call("list nodes", () => connection.api(CoreV1Api).listNode()).catch((error: unknown) => error));
    expect(before).toBeInstanceOf(ClusterAccessError);
    expect((before as ClusterAccessError).message).toContain("caretaker bootstrap --cluster prod");
    // Act
    const { code, stdout, stderr } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    // Assess: the checklist
    expect(stderr).toBe("");
    expect(code).toBe(0);
    for (const name of SHIPPED) {
      expect(stdout).toContain(row("created", `ClusterRole/${name}`));
      expect(stdout).toContain(row("created", `ClusterRoleBinding/${name}`));
    }
    expect(stdout).toContain(row("created", `drain role ${ROLES.drain.principalArn} → STANDARD [${DRAINER_GROUP}]`));
    expect(stdout).toContain(row("created", `image GC role ${ROLES.imageGc.principalArn} → STANDARD [${READER_GROUP}]`));
    expect(stdout).toMatch(/ok {14}drain as arn:aws:sts::111122223333:assumed-role\/caretaker-prod-Drain\/caretaker \[caretaker:drainer\]: (\d+)\/\1 needed allowed, (\d+)\/\2 forbidden denied/);
    expect(stdout).toMatch(/ok {14}drift as .*: (\d+)\/\1 needed allowed, (\d+)\/\2 forbidden denied/);
    expect(stdout).toContain("Ready: 9 changes made, 0 problems.");
    expect((await describeEntry(ROLES.drift.principalArn)).accessEntry).toMatchObject({ type: "STANDARD", kubernetesGroups: [READER_GROUP] });

    // Drain, as the drain role.
    const clock = clockOf(sb.clock);
    const drainer = createDrainKube(await connectAs(sb, ROLES.drain), clock);
    const node = sb.nodeGroups.prod?.web?.[0]?.node as string;
    const drained = await drainNode(drainer, clock, { node, reason: "bootstrap-test", options: drainOptions({}) });
    expect(drained.outcome).toBe("drained");
    expect(drained.evicted).toHaveLength(2);
    expect(sb.cluster("prod").counters.total).toBe(0);

    // The image GC's in-use scan, as the image GC role.
    const scan = await scanClusterImages(await connectAs(sb, ROLES.imageGc), { clock });
    expect(scan.failures).toEqual([]);
    expect(scan.complete).toBe(true);
    expect(scan.counts.Pod).toBeGreaterThan(0);

    // Drift collection, as the drift role: nothing it reads from the cluster is refused.
    const connector = createClusterConnector({ eks: new EKSClient({ region: "eu-west-1", credentials: ROLES.drift }), now: () => sb.clock.now() });
    const drift = await runDrift(
      { eks: new EKSClient({}), ssm: new SSMClient({}), autoscaling: new AutoScalingClient({}), connect: (name, known) => connector.connect(name, known), clock },
      driftConfig(),
      { clusters: ["prod"] },
    );
    const facts = drift.clusters[0]?.facts;
    expect(facts?.problems.filter((problem) => /forbidden|denied|401|403|Unauthorized/i.test(problem.message))).toEqual([]);
    expect(facts?.nodes.length).toBe(3);
    expect(sb.cluster("prod").requests.filter((entry) => entry.status === 403)).toEqual([]);
  });

  it("changes nothing the second time: everything unchanged, no write to the cluster or to EKS", async () => {
    const { sb, kubeconfig } = await start();
    expect((await bootstrap(kubeconfig.admin, ...ROLE_FLAGS)).code).toBe(0);
    const requests = sb.cluster("prod").requests.length;
    const creates = sb.aws.calls.count("eks:CreateAccessEntry");
    const versions = shippedObjects(sb).map((object) => object?.metadata.resourceVersion);
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    // Assess
    expect(code).toBe(0);
    for (const name of SHIPPED) expect(stdout).toContain(row("unchanged", `ClusterRole/${name}`));
    expect(stdout).toContain(row("ok", `drain role ${ROLES.drain.principalArn} → STANDARD [${DRAINER_GROUP}]`));
    expect(stdout).toContain("Ready: 0 changes made, 0 problems.");
    expect(writesSince(sb, requests)).toEqual([]);
    expect(sb.aws.calls.count("eks:CreateAccessEntry")).toBe(creates);
    expect(shippedObjects(sb).map((object) => object?.metadata.resourceVersion)).toEqual(versions);
  });

  it("restores a tampered ClusterRole, keeping what others added to its metadata", async () => {
    const { sb, kubeconfig } = await start({ bootstrapped: true });
    const rbac = adminRbac(sb);
    const stored = await rbac.readClusterRole({ name: "caretaker-drainer" });
    await rbac.replaceClusterRole({
      name: "caretaker-drainer",
      body: {
        ...stored,
        metadata: { ...stored.metadata, labels: { ...stored.metadata?.labels, team: "platform" }, annotations: { "example.com/owner": "sre" } },
        rules: [...(stored.rules ?? []).filter((rule) => !rule.resources?.includes("pods/eviction")), { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }],
      },
    });
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toContain(row("updated", "ClusterRole/caretaker-drainer: adds create pods/eviction; removes get secrets; removes list secrets"));
    const restored = await rbac.readClusterRole({ name: "caretaker-drainer" });
    expect(restored.rules?.some((rule) => rule.resources?.includes("secrets"))).toBe(false);
    expect(restored.rules?.find((rule) => rule.resources?.includes("pods/eviction"))?.verbs).toEqual(["create"]);
    expect(restored.metadata?.labels).toMatchObject({ team: "platform", "app.kubernetes.io/name": "caretaker" });
    expect(restored.metadata?.annotations).toEqual({ "example.com/owner": "sre" });
    expect(restored.metadata?.uid).toBe(stored.metadata?.uid);
  });

  it("re-creates a binding whose roleRef was changed (roleRef is immutable), and removes subjects others added", async () => {
    const { sb, kubeconfig } = await start({ bootstrapped: true });
    const rbac = adminRbac(sb);
    await rbac.deleteClusterRoleBinding({ name: "caretaker-drift-reader" });
    await rbac.createClusterRoleBinding({
      body: {
        metadata: { name: "caretaker-drift-reader" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
        subjects: [
          { apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: READER_GROUP },
          { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: "ops" },
        ],
      },
    });
    // The dry run shows the excess the binding grants now.
    const dry = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS, "--dry-run");
    expect(dry.code).toBe(1);
    expect(dry.stdout).toContain(row("would re-create", "ClusterRoleBinding/caretaker-drift-reader: "));
    expect(dry.stdout).toContain("roleRef ClusterRole/cluster-admin → ClusterRole/caretaker-drift-reader (immutable: the binding is re-created); removes subject User ops");
    expect(dry.stdout).toMatch(/allowed but must be denied: get secrets, list secrets, .* … and \d+ more/);
    expect(dry.stdout).not.toContain("--force-delete instead");
    expect(dry.stdout).toContain("ClusterRoleBinding caretaker-drift-reader (ClusterRole cluster-admin, Group caretaker:reader) grants more than Caretaker ships: caretaker bootstrap --cluster prod restores it");
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    // Assess
    expect(stdout).toContain(row("recreated", "ClusterRoleBinding/caretaker-drift-reader"));
    expect(code).toBe(0);
    const binding = await rbac.readClusterRoleBinding({ name: "caretaker-drift-reader" });
    expect(binding.roleRef.name).toBe("caretaker-drift-reader");
    expect(binding.subjects).toEqual([{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: READER_GROUP }]);
  });

  it("fails the verification of a role whose RBAC was removed, with the fix, and a dry run changes nothing", async () => {
    const { sb, kubeconfig } = await start({ bootstrapped: true });
    await adminRbac(sb).deleteClusterRoleBinding({ name: "caretaker-image-scanner" });
    const requests = sb.cluster("prod").requests.length;
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS, "--dry-run");
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain(row("would create", "ClusterRoleBinding/caretaker-image-scanner"));
    expect(stdout).toMatch(/FAILED {10}image GC as .*: \d+\/\d+ needed allowed/);
    expect(stdout).toContain("needed but denied: list pods, list controllerrevisions.apps, list daemonsets.apps, list deployments.apps");
    expect(stdout).toContain("fix: ClusterRole caretaker-image-scanner, bound to caretaker:reader, must grant it: caretaker bootstrap --cluster prod applies the shipped RBAC");
    expect(stdout).toContain("Not ready: 1 change would be made, 2 problems. Run caretaker bootstrap --cluster prod to apply.");
    // The dry-run create reached the server (validated and authorized) but stored nothing.
    expect(writesSince(sb, requests).map((entry) => `${entry.method} ${entry.path}${entry.query}`)).toEqual(["POST /apis/rbac.authorization.k8s.io/v1/clusterrolebindings?dryRun=All"]);
    expect(sb.cluster("prod").get("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", undefined, "caretaker-image-scanner")).toBeUndefined();
    // Applying it fixes both reader roles.
    expect((await bootstrap(kubeconfig.admin, ...ROLE_FLAGS)).code).toBe(0);
  });

  it("reports an access entry with the wrong groups or an access policy with the command that fixes it, and leaves it alone", async () => {
    const { sb, kubeconfig } = await start();
    const eks = new EKSClient({});
    await eks.send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: ROLES.drain.principalArn, kubernetesGroups: ["ops"] }));
    await eks.send(new CreateAccessEntryCommand({ clusterName: "prod", principalArn: ROLES.drift.principalArn, kubernetesGroups: [READER_GROUP] }));
    await eks.send(
      new AssociateAccessPolicyCommand({ clusterName: "prod", principalArn: ROLES.drift.principalArn, policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy", accessScope: { type: "cluster" } }),
    );
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain(row("PROBLEM", `drain role ${ROLES.drain.principalArn} → STANDARD [ops]`));
    expect(stdout).toContain("the access entry maps the role to groups [ops]: it lacks caretaker:drainer and also maps to ops, which Caretaker does not need");
    expect(stdout).toContain(`fix: aws eks update-access-entry --cluster-name prod --principal-arn ${ROLES.drain.principalArn} --kubernetes-groups caretaker:drainer`);
    expect(stdout).toContain(`fix: aws eks disassociate-access-policy --cluster-name prod --principal-arn ${ROLES.drift.principalArn} --policy-arn arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy`);
    // The drain role is verified as the cluster sees it (group ops): nothing it needs is allowed, and the fix says why.
    expect(stdout).toMatch(/FAILED {10}drain as .* \[ops\]: 0\/\d+ needed allowed/);
    expect(stdout).toContain(`the role's access entry does not map it to caretaker:drainer: aws eks update-access-entry`);
    expect((await describeEntry(ROLES.drain.principalArn)).accessEntry?.kubernetesGroups).toEqual(["ops"]);
    expect(sb.aws.calls.count("eks:UpdateAccessEntry")).toBe(0);
  });

  it("keeps pods delete for the drainer only with --force-delete", async () => {
    const { sb, kubeconfig } = await start();
    const forced = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS, "--force-delete");
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain("RBAC (drainer with pods delete: --force-delete)");
    const roleRules = () => (sb.cluster("prod").get("rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "caretaker-drainer")?.rules ?? []) as Array<{ resources: string[]; verbs: string[] }>;
    expect(roleRules().some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(true);
    // Without the flag, a dry run says the permission would go, and that it is now more than the drain needs.
    const dry = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS, "--dry-run");
    expect(dry.stdout).toContain(row("would update", "ClusterRole/caretaker-drainer: removes delete pods"));
    expect(dry.stdout).toContain("(if the drain is configured to force-delete, bootstrap with --force-delete instead)");
    const plain = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS);
    expect(plain.code).toBe(0);
    expect(roleRules().some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(false);
  });

  it("does what the drain's 403 on pods delete says: bootstrap for a stage whose drain force-deletes, after which the force-delete works", async () => {
    const { sb, kubeconfig } = await start({ bootstrapped: true, parameters: [published(stageDescriptor({ drain: { ...stageDescriptor().drain, forceDelete: true } }))] });
    const clock = clockOf(sb.clock);
    const node = sb.nodeGroups.prod?.web?.[0]?.node as string;
    const drain = async () => drainNode(createDrainKube(await connectAs(sb, ROLES.drain), clock), clock, { node, reason: "force", options: drainOptions({ disableEviction: true }) });
    // Act
    const refused = await drain().catch((error: unknown) => error);
    // Assess: the command, as written (the default stage is prod), grants pods delete because the stage needs it.
    const message = refused instanceof Error ? refused.message : JSON.stringify(refused);
    expect(message).toContain("Run `caretaker bootstrap --cluster prod` (with --stage for a stage other than prod): it applies Caretaker's RBAC with pods delete when the stage's configuration force-deletes");
    const fixed = await bootstrap(kubeconfig.admin);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("RBAC (drainer with pods delete: stage prod force-deletes)");
    const result = await drain();
    expect(result.outcome).toBe("drained");
  });

  it("keeps pods delete for a default deploy's stage: a Spot drain force-deletes at its deadline instead of failing with 403", async () => {
    // Prepare: the descriptor a default deploy publishes (Spot interruptions force-delete at 100 s), a cluster whose
    // drainer already has pods delete, and pods no eviction can move (their budget allows no disruption).
    const config = (await loadCaretakerConfig({ CARETAKER_CONFIG: JSON.stringify({ clusters: ["prod"] }), SST_AWS_REGION: "eu-west-1" })).config;
    const base = stageDescriptor();
    const deployment = describeDeployment({
      stage: "prod",
      region: "eu-west-1",
      functions: base.functions,
      drainQueueUrl: base.drain.queueUrl,
      deadLetterQueueUrl: base.drain.deadLetterQueueUrl,
      alertsTopicArn: base.alertsTopicArn,
      stateTable: base.stateTable,
      config,
      plans: planCaretaker(config),
      discoverAutoScalingGroups: false,
      namedAutoScalingGroups: config.autoScalingGroups,
      groupTag: base.drain.groupTag,
      excluded: { clusters: [], autoScalingGroups: [] },
      deployedAt: new Date("2026-11-21T10:00:00Z"),
    });
    expect(deployment.drain.forceDelete).toBe(true);
    const { sb, kubeconfig } = await start({
      bootstrapped: true,
      parameters: [published(deployment)],
      cluster: { objects: shippedRbac({ forceDelete: true }) as never[], pdbs: [{ name: "web", namespace: "shop", matchLabels: { app: "web" }, maxUnavailable: 0 }] },
    });
    // Act
    const { code, stdout, stderr } = await bootstrap(kubeconfig.admin, "--stage", "prod");
    // Assess: nothing taken away, and the drainer is verified with pods delete; every function works on prod (no note).
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(stdout).toContain("RBAC (drainer with pods delete: stage prod force-deletes)");
    expect(stdout).toContain(row("unchanged", "ClusterRole/caretaker-drainer"));
    expect(stdout).toMatch(/ok {14}drain as .*: (\d+)\/\1 needed allowed, (\d+)\/\2 forbidden denied/);
    // The Spot drain, as the drain role: nothing can be evicted, so at the deadline what is left is force-deleted.
    const clock = clockOf(sb.clock);
    const node = sb.nodeGroups.prod?.web?.[0]?.node as string;
    const drained = await drainNode(createDrainKube(await connectAs(sb, ROLES.drain), clock), clock, {
      node,
      reason: "spot-interruption",
      options: drainOptions({ onDeadline: "force-delete" }),
      deadlineAt: clock.now() + 100_000,
    });
    expect(drained.failed).toEqual([]);
    expect(drained.forceDeleted).toHaveLength(2);
    expect(drained.outcome).toBe("drained");
    expect(sb.cluster("prod").requests.filter((entry) => entry.status === 403)).toEqual([]);
  });

  it("refuses --force-delete for a stage whose drain does not force-delete, before changing anything", async () => {
    // Prepare: a cluster bootstrapped earlier with pods delete for the drainer.
    const { sb, kubeconfig } = await start({ bootstrapped: true, parameters: [published(stageDescriptor())], cluster: { objects: shippedRbac({ forceDelete: true }) as never[] } });
    const requests = sb.cluster("prod").requests.length;
    // Act
    const { code, stderr } = await bootstrap(kubeconfig.admin, "--stage", "prod", "--force-delete");
    // Assess
    expect(code).toBe(2);
    expect(stderr).toContain('caretaker bootstrap: --force-delete contradicts stage "prod": its drain does not force-delete');
    expect(stderr).toContain("set that in CARETAKER_CONFIG and deploy (npx sst deploy --stage prod): bootstrap then grants it without the flag.");
    expect(writesSince(sb, requests)).toEqual([]);
    // Without the flag, the stage's RBAC: pods delete goes, and the verification says where it would come from.
    const dry = await bootstrap(kubeconfig.admin, "--stage", "prod", "--dry-run");
    expect(dry.stdout).toContain(row("would update", "ClusterRole/caretaker-drainer: removes delete pods"));
    expect(dry.stdout).toContain('restores it (stage prod does not force-delete; if its drain should, give a trigger onDeadline "force-delete" in CARETAKER_CONFIG and deploy: bootstrap then grants it)');
    expect(dry.stdout).toContain("Run caretaker bootstrap --cluster prod --stage prod to apply.");
    const plain = await bootstrap(kubeconfig.admin, "--stage", "prod");
    expect(plain.code).toBe(0);
    expect(plain.stdout).toContain("\nRBAC\n");
    const rules = (sb.cluster("prod").get("rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "caretaker-drainer")?.rules ?? []) as Array<{ resources: string[]; verbs: string[] }>;
    expect(rules.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(false);
  });

  it("reads the roles from the deployed stage's descriptor", async () => {
    const deployment = stageDescriptor();
    // Stage "tools": the drain on prod-eu only, image GC on every cluster, drift on its own list.
    const tools = stageDescriptor({
      stage: "tools",
      imageGc: { ...deployment.imageGc, clusters: "all" },
      drift: { ...deployment.drift, clusters: ["prod", "prod-eu"], accessEntryClusters: ["prod", "prod-eu"] },
    });
    const { kubeconfig } = await start({ parameters: [published(deployment), published(tools)] });
    // Act
    const { code, stdout, stderr } = await bootstrap(kubeconfig.admin, "--stage", "prod");
    // Assess: the Lambda's session name is its function name.
    expect(code).toBe(0);
    expect(stdout).toContain("(kubeconfig context prod, stage prod)");
    expect(stdout).toContain(`drain as arn:aws:sts::${ACCOUNT}:assumed-role/caretaker-prod-Drain/${deployment.functions.drain.name} [caretaker:drainer]`);
    expect(stderr).toBe(
      'note: stage "prod" runs drain, image GC and drift on prod-eu: its functions will not act on "prod" until it is added to "clusters", "gc.clusters" and "drift.clusters" in CARETAKER_CONFIG and deployed.\n',
    );
    // Each function by its own clusters: only the drain leaves this one alone.
    const split = await bootstrap(kubeconfig.admin, "--stage", "tools", "--dry-run");
    expect(split.stderr).toBe('note: stage "tools" runs drain on prod-eu: drain will not act on "prod" until it is added to "clusters" in CARETAKER_CONFIG and deployed.\n');
    const missing = await bootstrap(kubeconfig.admin, "--stage", "staging");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("No Caretaker stage \"staging\"");
    expect(missing.stderr).toContain("pass the roles: --drain-role, --gc-role, --drift-role");
  });

  it("with a stage, creates the probe's entry with no group and proves it may review itself and nothing sensitive; the probe then authenticates", async () => {
    // Prepare: a bare cluster; the probe's role gets 401, as it did before infra gave it an entry.
    const { sb, kubeconfig } = await start({ parameters: [published(stageDescriptor())] });
    const probe = () => probeCluster(() => connectAs(sb, ROLES.probe), "prod");
    expect((await probe()).error?.reason).toBe("unauthenticated");
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, "--stage", "prod");
    // Assess: created without a group, verified as its Lambda session: 1 needed (create selfsubjectreviews), every sensitive check denied.
    expect(code).toBe(0);
    expect(stdout).toContain(row("created", `probe role ${ROLES.probe.principalArn} → STANDARD [no group: authenticated only]`));
    expect(stdout).toMatch(/ok {14}probe as arn:aws:sts::111122223333:assumed-role\/caretaker-prod-Probe\/caretaker-prod-ProbeFunction \[no group: authenticated only\]: 1\/1 needed allowed, (\d+)\/\1 forbidden denied/);
    const entry = (await describeEntry(ROLES.probe.principalArn)).accessEntry;
    expect(entry).toMatchObject({ type: "STANDARD" });
    expect(entry?.kubernetesGroups ?? []).toEqual([]);
    const after = await probe();
    expect(after).toMatchObject({ ok: true, identity: { groups: ["system:authenticated"] } });

    // Someone binds the probe's user (as its Lambda's session) to a role that reads Secrets: the verification names the grant.
    await adminRbac(sb).createClusterRole({ body: { metadata: { name: "secret-reader" }, rules: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list"] }] } });
    await adminRbac(sb).createClusterRoleBinding({
      body: {
        metadata: { name: "probe-secrets" },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "secret-reader" },
        subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: `arn:aws:sts::${ACCOUNT}:assumed-role/caretaker-prod-Probe/caretaker-prod-ProbeFunction` }],
      },
    });
    const leaky = await bootstrap(kubeconfig.admin, "--stage", "prod");
    expect(leaky.code).toBe(1);
    expect(leaky.stdout).toMatch(/FAILED {10}probe as .*: 1\/1 needed allowed/);
    expect(leaky.stdout).toContain("allowed but must be denied: get secrets, list secrets");
    expect(leaky.stdout).toContain("granted by ClusterRoleBinding probe-secrets (ClusterRole secret-reader, User arn:aws:sts::111122223333:assumed-role/caretaker-prod-Probe/caretaker-prod-ProbeFunction)");
  });

  it("reports a probe entry that maps groups, with delete and re-run as the fix (there is no group to update it to)", async () => {
    const { kubeconfig } = await start({ bootstrapped: true, parameters: [published(stageDescriptor())], cluster: { eks: { accessEntries: [
      { principalArn: ROLES.drain.principalArn, kubernetesGroups: [DRAINER_GROUP] },
      { principalArn: ROLES.imageGc.principalArn, kubernetesGroups: [READER_GROUP] },
      { principalArn: ROLES.drift.principalArn, kubernetesGroups: [READER_GROUP] },
      { principalArn: ROLES.probe.principalArn, kubernetesGroups: [READER_GROUP] },
    ] } } });
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, "--stage", "prod", "--dry-run");
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain(row("PROBLEM", `probe role ${ROLES.probe.principalArn} → STANDARD [${READER_GROUP}]`));
    expect(stdout).toContain("it needs none (it only has to authenticate)");
    expect(stdout).toContain(`fix: aws eks delete-access-entry --cluster-name prod --principal-arn ${ROLES.probe.principalArn}, then run caretaker bootstrap again (it creates the entry with no group)`);
  });

  it("refuses an operator without rights before changing anything", async () => {
    const { sb, kubeconfig } = await start();
    const requests = sb.cluster("prod").requests.length;
    // Act
    const { code, stdout, stderr } = await bootstrap(kubeconfig.viewer, ...ROLE_FLAGS);
    // Assess
    expect(code).toBe(3);
    expect(stdout).toBe("");
    expect(stderr).toContain("caretaker bootstrap: Your kubeconfig's user may not create clusterroles.rbac.authorization.k8s.io, create clusterrolebindings.rbac.authorization.k8s.io, get clusterroles.rbac.authorization.k8s.io \"caretaker-drainer\"");
    expect(stderr).toContain("impersonate users");
    expect(stderr).toContain("so bootstrap changed nothing");
    expect(writesSince(sb, requests)).toEqual([]);
    expect(sb.aws.calls.count("eks:CreateAccessEntry")).toBe(0);
  });

  it("refuses a context that reaches another cluster, and bad flags, before changing anything", async () => {
    const { sb, kubeconfig } = await start({ staging: true });
    const other = await bootstrap(kubeconfig.admin, ...ROLE_FLAGS, "--context", "staging");
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`The kubeconfig context "staging" points at ${sb.cluster("staging").url}, but EKS cluster "prod" is at ${sb.cluster("prod").url}`);
    const cases: Array<[string[], string]> = [
      [["bootstrap", "--drain-role", ROLES.drain.principalArn], "required option '--cluster <name>' not specified"],
      [["bootstrap", "--cluster", "prod", "--drain-role", "arn:aws:iam::111122223333:user/alice"], "expected an IAM role ARN"],
      [["bootstrap", "--cluster", "prod", "--stage", "prod", "--drain-role", ROLES.drain.principalArn], "--stage reads the roles from the deployed stage"],
      [["bootstrap", "--cluster", "prod", "--drain-role", ROLES.drain.principalArn, "--kubeconfig", "/nonexistent/kubeconfig"], "No kubeconfig found"],
      [["bootstrap", "--cluster", "prod", "--drain-role", ROLES.drain.principalArn, "--kubeconfig", kubeconfig.admin, "--context", "nope"], 'Context "nope" is not in the kubeconfig'],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(writesSince(sb, 0)).toEqual([]);
    expect(sb.aws.calls.count("eks:CreateAccessEntry")).toBe(0);
  });

  it("reports a cluster without access entries (CONFIG_MAP authentication) with the fix, and bootstraps only the roles given", async () => {
    const { kubeconfig } = await start({ cluster: { eks: { authenticationMode: "CONFIG_MAP" } } });
    // Act
    const { code, stdout } = await bootstrap(kubeconfig.admin, "--drain-role", ROLES.drain.principalArn);
    // Assess
    expect(code).toBe(1);
    expect(stdout).toContain("Access entries (authentication mode CONFIG_MAP)");
    expect(stdout).toContain("fix: aws eks update-cluster-config --name prod --access-config authenticationMode=API_AND_CONFIG_MAP");
    expect(stdout).toContain(row("skipped", "image GC: no role ARN (pass --stage, or --gc-role ARN)"));
    expect(stdout).toContain(row("created", "ClusterRole/caretaker-image-scanner"));
  });
});
