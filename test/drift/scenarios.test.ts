import { assessCluster, collectClusterFacts, createDriftLookups, type DriftFinding } from "@caretaker/core/drift";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import { eksOptimizedAmiParameters } from "@caretaker/sandbox/aws/ssm/public-parameters";
import { CoreV1Api, KubeConfig, type V1Node } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { daysFromStart, driftDeps, problemsOf, summary } from "./fixtures";
import { scenarioAccountSpec } from "./scenario-account";

let sandbox: SandboxAccount;
let restoreCredentials: () => void;

beforeAll(async () => {
  sandbox = await createSandboxAccount(scenarioAccountSpec());
  restoreCredentials = sandbox.useCaretakerCredentials();
});

afterAll(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
});

async function check(cluster: string, options: Partial<Parameters<typeof assessCluster>[1]> = {}) {
  const facts = await collectClusterFacts(driftDeps(sandbox), cluster);
  const findings = assessCluster(facts, { now: sandbox.clock.now(), ...options });
  return { facts, findings };
}

function having(findings: readonly DriftFinding[], code: string): DriftFinding[] {
  return findings.filter((finding) => finding.code === code);
}

describe("drift detection on a sandbox account (real SDK clients, real Kubernetes client)", () => {
  it("reports nodes left 3 and 4 minors behind a control plane EKS auto-upgraded under them", async () => {
    // Act
    const { facts, findings } = await check("upgraded");
    const strict = assessCluster(facts, { now: sandbox.clock.now(), eksStrict: "error" });

    // Assess
    expect(facts.problems).toEqual([]);
    expect(summary(findings).filter((line) => /kubelet|eks-strict|nodegroup-version|kube-proxy/.test(line))).toEqual([
      "warning kubelet-blocks-upgrade nodes of managed node group general",
      "error kubelet-too-old nodes of managed node group legacy",
      "warning kube-proxy-blocks-upgrade kube-proxy DaemonSet",
      "warning eks-strict-version-mismatch managed node group general",
      "warning eks-strict-version-mismatch managed node group legacy",
    ]);
    // Skew 3 on 1.25+ kubelets is inside the policy (drift.md §4.2 vector 3.4); the error comes from EKS strict mode when asked for.
    expect(summary(having(strict, "eks-strict-version-mismatch"))).toEqual([
      "error eks-strict-version-mismatch managed node group general",
      "error eks-strict-version-mismatch managed node group legacy",
    ]);
    const legacy = having(findings, "kubelet-too-old")[0];
    expect(legacy?.explanation).toMatch(/^1 node \(kubelet 1\.27\): ip-.*kubelet 1\.27 is 4 minor versions behind the control plane \(1\.31\)/);
    expect(legacy?.nextStep).toContain("Update the managed node group legacy to 1.31");
  });

  it("turns non-passing EKS insights into findings by status and describes only those", async () => {
    // Act
    const { facts, findings } = await check("upgraded");

    // Assess
    expect(summary(findings.filter((finding) => finding.code.startsWith("insight-")))).toEqual([
      'error insight-error EKS insight "Kubelet version skew"',
      'warning insight-warning EKS insight "Deprecated APIs removed in Kubernetes v1.32"',
    ]);
    expect(having(findings, "insight-warning")[0]?.explanation).toContain("/apis/flowcontrol.apiserver.k8s.io/v1beta3/flowschemas (removed in 1.32) → /apis/flowcontrol.apiserver.k8s.io/v1/flowschemas, called by helm/3.14");
    expect(facts.calls.aws["eks:DescribeInsight"]).toBe(2);
  });

  it("warns that an AL2 node group cannot follow the control plane to 1.33, and that its AMI release is behind", async () => {
    // Act
    const { facts, findings } = await check("al2");

    // Assess
    expect(facts.problems).toEqual([]);
    expect(summary(findings.filter((finding) => finding.code.startsWith("nodegroup-")))).toEqual([
      "info nodegroup-ami-behind managed node group al2",
      "warning nodegroup-al2-end-of-life managed node group al2",
      "info nodegroup-ami-behind managed node group win",
    ]);
    expect(having(findings, "nodegroup-al2-end-of-life")[0]?.explanation).toContain("EKS releases no Amazon Linux 2 AMIs after Kubernetes 1.32, so it cannot follow the control plane to 1.33");
    expect(having(findings, "nodegroup-ami-behind")[0]?.explanation).toContain("AMI release 1.32.1-20250212; EKS recommends 1.32.3-20250519 for AL2_x86_64 on Kubernetes 1.32, built 96 days earlier");
    expect(facts.nodegroups.map((group) => [group.name, group.recommendedRelease?.parameter])).toEqual([
      ["al2", "/aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/release_version"],
      ["al2023", "/aws/service/eks/optimized-ami/1.32/amazon-linux-2023/x86_64/standard/recommended/release_version"],
      ["win", "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-EKS_Optimized-1.32"],
    ]);
    expect(facts.nodegroups[2]?.recommendedRelease?.releaseVersion).toBe("1.32.2-20250409");
  });

  it("says when the control plane's platform version is more than two behind the default", async () => {
    // Act
    const { findings } = await check("al2");

    // Assess
    expect(summary(having(findings, "platform-version-behind"))).toEqual(["warning platform-version-behind control plane platform version"]);
    expect(having(findings, "platform-version-behind")[0]?.explanation).toContain("platform version eks.2, 4 behind eks.6");
  });

  it("flags an add-on the next Kubernetes version does not support, and one the current version does not", async () => {
    // Act
    const { facts, findings } = await check("addons");

    // Assess
    expect(summary(findings.filter((finding) => finding.code.startsWith("addon-")))).toEqual([
      "error addon-incompatible add-on kube-proxy",
      "warning addon-blocks-upgrade add-on vpc-cni",
    ]);
    expect(having(findings, "addon-blocks-upgrade")[0]?.nextStep).toBe(
      "Before upgrading the control plane to 1.32, update the add-on to v1.19.2-eksbuild.1, which supports both versions: aws eks update-addon --cluster-name addons --addon-name vpc-cni --addon-version v1.19.2-eksbuild.1.",
    );
    expect(facts.addons.find((addon) => addon.name === "vpc-cni")?.compatibility.next).toEqual({ kubernetesVersion: "1.32", versions: ["v1.19.2-eksbuild.1"], defaultVersion: "v1.19.2-eksbuild.1" });
  });

  it("predicts that the forced upgrade 20 days away breaks nodes 3 minors behind", async () => {
    // Act
    const { facts, findings } = await check("ending");

    // Assess
    expect(facts.problems).toEqual([]);
    expect(summary(findings.filter((finding) => /support|forced|kubelet/.test(finding.code)))).toEqual([
      "warning kubelet-blocks-upgrade nodes of managed node group old",
      "warning forced-upgrade-approaching control plane 1.30",
      "error forced-upgrade-breaks-skew control plane 1.30",
    ]);
    expect(having(findings, "forced-upgrade-approaching")[0]?.explanation).toContain(`at any time from ${daysFromStart(20).slice(0, 10)} (in 20 days)`);
    expect(having(findings, "forced-upgrade-breaks-skew")[0]?.explanation).toMatch(/When EKS upgrades the control plane to 1\.31 .*2 components fall outside the Kubernetes version skew policy: node ip-/);
  });

  it("warns before standard support ends when the cluster would move to extended support instead", async () => {
    // Prepare
    sandbox.aws.eks.updateCluster("ending", { supportType: "EXTENDED" });

    // Act
    const { findings } = await check("ending");
    sandbox.aws.eks.updateCluster("ending", { supportType: "STANDARD" });

    // Assess
    expect(summary(findings.filter((finding) => /support|forced/.test(finding.code)))).toEqual(["warning standard-support-ending control plane 1.30"]);
  });

  it("reports Auto Scaling groups without Caretaker's terminate hook, honouring a configured hook name", async () => {
    // Act
    const { facts, findings } = await check("hooks");
    const renamed = assessCluster(facts, { now: sandbox.clock.now(), hookName: "team-drainer" });

    // Assess
    expect(summary(having(findings, "asg-without-drain-hook"))).toEqual([
      "info asg-without-drain-hook Auto Scaling group hooks-general",
      "info asg-without-drain-hook Auto Scaling group hooks-web",
      "warning asg-without-drain-hook Auto Scaling group hooks-workers",
    ]);
    expect(having(findings, "asg-without-drain-hook")[2]?.explanation).toContain("would not be drained");
    expect(summary(having(renamed, "asg-without-drain-hook")).map((line) => line.split(" ").at(-1))).toEqual(["hooks-batch", "hooks-general", "hooks-workers"]);
    // Each group comes with its tags (doctor reads Caretaker's caretaker:drain from them).
    const tags = Object.fromEntries(facts.autoScalingGroups.map((group) => [group.name, group.tags]));
    expect(tags["hooks-batch"]).toEqual({ "kubernetes.io/cluster/hooks": "owned", "caretaker:drain": "caretaker-prod" });
    expect(tags["hooks-general"]).toMatchObject({ "eks:cluster-name": "hooks", "eks:nodegroup-name": "general" });
    // Self-managed nodes carry no label: their instance's group names them.
    expect(summary(having(findings, "kubelet-behind"))).toEqual(["info kubelet-behind nodes of Auto Scaling group hooks-workers"]);
  });

  it("reports kubelets newer than the control plane per Karpenter NodePool, and Fargate nodes behind it", async () => {
    // Act
    const { findings } = await check("mixed");

    // Assess
    expect(summary(findings.filter((finding) => finding.code.startsWith("kubelet")))).toEqual([
      "info kubelet-behind Fargate nodes",
      "error kubelet-newer-than-apiserver nodes of Karpenter NodePool default",
    ]);
    expect(having(findings, "kubelet-newer-than-apiserver")[0]?.explanation).toMatch(/^2 nodes \(kubelet 1\.32\): ip-10-1-0-10\.eu-west-1\.compute\.internal, ip-10-1-0-11\.eu-west-1\.compute\.internal\. kubelet 1\.32 is newer than the control plane \(1\.31\)/);
  });

  it("keeps every fingerprint across two runs, even after Karpenter replaced a node", async () => {
    // Prepare
    const first = (await check("mixed")).findings;
    const admin = new KubeConfig();
    admin.loadFromString(JSON.stringify(sandbox.cluster("mixed").kubeconfig()));
    const core = admin.makeApiClient(CoreV1Api);
    const old = await core.readNode({ name: "ip-10-1-0-11.eu-west-1.compute.internal" });
    await core.deleteNode({ name: "ip-10-1-0-11.eu-west-1.compute.internal" });
    const replacement: V1Node = { metadata: { name: "ip-10-1-0-12.eu-west-1.compute.internal", labels: old.metadata?.labels ?? {} }, spec: {}, status: old.status ?? {} };
    await core.createNode({ body: replacement });

    // Act
    const second = (await check("mixed")).findings;

    // Assess
    expect(first.length).toBeGreaterThan(0);
    expect(second.map((finding) => finding.fingerprint)).toEqual(first.map((finding) => finding.fingerprint));
    expect(first.map((finding) => finding.fingerprint)).toContain("111122223333/eu-west-1/mixed/kubelet-newer-than-apiserver/nodes of Karpenter NodePool default");
    expect(new Set(first.map((finding) => finding.fingerprint)).size).toBe(first.length);
  });

  it("reports a forbidden node list as a problem and still produces the other findings", async () => {
    // Act
    const { facts, findings } = await check("locked");

    // Assess
    expect(problemsOf(facts)).toEqual([
      expect.stringMatching(/^nodes: Cluster "locked" denied list on nodes \(the core API group, cluster scope\) to .* \(403 Forbidden\).* No node's kubelet was checked\.$/),
    ]);
    expect(summary(findings)).toEqual([
      "info kube-proxy-behind kube-proxy DaemonSet",
      "warning eks-strict-version-mismatch managed node group general",
      "warning addon-blocks-upgrade add-on vpc-cni",
      "info asg-without-drain-hook Auto Scaling group locked-general",
      "warning check-incomplete check of the nodes' kubelet versions",
    ]);
  });

  it("checks kube-proxy's add-on version instead when the cluster rejects Caretaker, and says both what and why", async () => {
    // Act
    const { facts, findings } = await check("noaccess");

    // Assess
    expect(problemsOf(facts)).toEqual([
      expect.stringMatching(/^nodes: Cluster "noaccess" rejected Caretaker's credentials while trying to list nodes \(401 Unauthorized\): the function's role has no EKS access entry for this cluster\. .* No node's kubelet was checked\.$/),
      expect.stringMatching(/^kube-proxy: Cluster "noaccess" rejected Caretaker's credentials .* The kube-proxy add-on's version \(v1\.29\.10-eksbuild\.3\) was checked instead\.$/),
    ]);
    expect(facts.kubeProxy).toEqual({ source: "addon", version: "v1.29.10-eksbuild.3" });
    expect(summary(findings.filter((finding) => /kube-proxy|check-incomplete/.test(finding.code)))).toEqual([
      "info kube-proxy-behind kube-proxy add-on",
      "warning check-incomplete check of the nodes' kubelet versions",
      "warning check-incomplete check of kube-proxy's version",
    ]);
  });

  it("still reports an UPDATING cluster, with every finding marked transitional", async () => {
    // Act
    const { findings } = await check("rolling");

    // Assess
    expect(summary(findings)).toEqual([
      "info cluster-updating cluster status",
      "info kubelet-behind nodes of managed node group general",
      "warning eks-strict-version-mismatch managed node group general",
    ]);
    expect(findings.every((finding) => finding.transitional === true)).toBe(true);
  });

  it("lists nodes 500 at a time and counts its requests: ⌈nodes/500⌉ Kubernetes lists plus a fixed set of AWS calls", async () => {
    // Prepare
    const logged = sandbox.aws.calls.entries.length;

    // Act
    const { facts, findings } = await check("big");

    // Assess
    expect(facts.nodes).toHaveLength(1_201);
    expect(facts.calls.kubernetes).toEqual({ "kubernetes:list nodes": 3, "kubernetes:get daemonset kube-system/kube-proxy": 1 });
    expect(facts.calls.aws).toEqual({
      "eks:DescribeCluster": 1,
      "eks:DescribeClusterVersions": 1,
      "eks:ListNodegroups": 1,
      "eks:ListAddons": 1,
      "eks:ListInsights": 1,
      "autoscaling:DescribeAutoScalingGroups": 1,
    });
    // The sandbox saw exactly these: the connector reuses the collection's DescribeCluster for the endpoint.
    const seen = sandbox.aws.calls.entries.slice(logged).map((call) => `${call.service}:${call.operation}`);
    const expected = Object.entries(facts.calls.aws).flatMap(([operation, count]) => Array<string>(count).fill(operation));
    expect(seen.sort()).toEqual(expected.sort());
    expect(summary(findings)).toEqual([]);
  });

  it("starts the node list again when the API server expired its continue token", async () => {
    // Prepare
    const expired = { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410, message: "The provided continue parameter is too old to display a consistent list result." };
    sandbox.cluster("big").faults.script({ method: "GET", path: "/api/v1/nodes", status: 410, body: expired, times: 1 });

    // Act
    const facts = await collectClusterFacts(driftDeps(sandbox), "big").finally(() => sandbox.cluster("big").faults.clear());

    // Assess
    expect(facts.problems).toEqual([]);
    expect(facts.nodes).toHaveLength(1_201);
    expect(facts.calls.kubernetes["kubernetes:list nodes"]).toBe(4);
  });

  it("asks once per run for what clusters share: support dates, add-on versions, AMI parameters", async () => {
    // Prepare
    const lookups = createDriftLookups();
    const deps = driftDeps(sandbox, lookups);

    // Act
    const first = await collectClusterFacts(deps, "addons");
    const second = await collectClusterFacts(deps, "hooks");

    // Assess
    expect(first.calls.aws["eks:DescribeClusterVersions"]).toBe(1);
    expect(first.calls.aws["ssm:GetParameters"]).toBe(1);
    expect(second.calls.aws["eks:DescribeClusterVersions"]).toBeUndefined();
    expect(second.calls.aws["ssm:GetParameters"]).toBeUndefined();
    expect(second.versions.current?.clusterVersion).toBe("1.31");
    expect(second.nodegroups.map((group) => group.recommendedRelease?.releaseVersion)).toEqual(["1.31.0-20250101", "1.31.0-20250101"]);
  });

  it("gives up on a Kubernetes API server that does not answer in time and reports it", async () => {
    // Prepare
    const faults = sandbox.cluster("hooks").faults;
    faults.latencyMs = 2_000;

    // Act
    const facts = await collectClusterFacts({ ...driftDeps(sandbox), kubeRequestTimeoutMs: 100 }, "hooks").finally(() => faults.clear());

    // Assess
    expect(problemsOf(facts)).toEqual([
      'nodes: Cluster "hooks" did not answer within 0.1 s while trying to list nodes. No node\'s kubelet was checked.',
      'kube-proxy: Cluster "hooks" did not answer within 0.1 s while trying to get daemonset kube-system/kube-proxy. kube-proxy\'s version was not checked.',
    ]);
    expect(facts.autoScalingGroups).toHaveLength(4);
  });

  it("follows every page of node groups and describes each once", async () => {
    // Act
    const { facts, findings } = await check("many", { eksStrict: "off" });

    // Assess
    expect(facts.nodegroups).toHaveLength(101);
    expect(facts.calls.aws).toMatchObject({ "eks:ListNodegroups": 2, "eks:DescribeNodegroup": 101, "ssm:GetParameters": 1 });
    expect(summary(findings)).toEqual(["info nodegroup-version-behind managed node group ng-100"]);
  });

  it("turns refused AWS calls into problems of their own check and keeps every other finding", async () => {
    // Prepare
    const denied = (action: string) => () => Object.assign(new Error(`User: arn:aws:sts::111122223333:assumed-role/caretaker-functions/x is not authorized to perform: ${action}`), { name: "AccessDeniedException" });
    sandbox.aws.faults.failNext("autoscaling:DescribeLifecycleHooks", denied("autoscaling:DescribeLifecycleHooks"));
    sandbox.aws.faults.failNext("ssm:GetParameters", denied("ssm:GetParameters"));
    sandbox.aws.faults.failNext("eks:ListInsights", denied("eks:ListInsights"));

    // Act
    const { facts, findings } = await check("hooks").finally(() => sandbox.aws.faults.clear());

    // Assess
    expect(facts.problems.map((problem) => problem.check)).toEqual(["ami-releases", "insights", "auto-scaling-groups"]);
    expect(problemsOf(facts)[1]).toBe(
      "insights: ListInsights failed, so EKS upgrade insights were not checked: AccessDeniedException: User: arn:aws:sts::111122223333:assumed-role/caretaker-functions/x is not authorized to perform: eks:ListInsights",
    );
    // hooks-batch's hooks could not be read: no verdict on it, the other three groups are judged as before.
    expect(problemsOf(facts)[2]).toMatch(/^auto-scaling-groups: The lifecycle hooks of Auto Scaling group hooks-batch were not checked: AccessDeniedException/);
    expect(having(findings, "asg-without-drain-hook").map((finding) => finding.subject)).toEqual(["Auto Scaling group hooks-general", "Auto Scaling group hooks-web", "Auto Scaling group hooks-workers"]);
    expect(summary(having(findings, "check-incomplete")).map((line) => line.replace("warning check-incomplete ", ""))).toEqual([
      "check of the recommended AMI releases",
      "check of the EKS upgrade insights",
      "check of the Auto Scaling groups' drain hooks",
    ]);
    expect(summary(having(findings, "kubelet-behind"))).toEqual(["info kubelet-behind nodes of Auto Scaling group hooks-workers"]);
  });

  it("reports a cluster that does not exist as one problem instead of throwing", async () => {
    // Act
    const { facts, findings } = await check("gone");

    // Assess
    expect(problemsOf(facts)).toEqual(['cluster: EKS cluster "gone" does not exist in eu-west-1; nothing was checked.']);
    expect(summary(findings)).toEqual(["warning check-incomplete check of the cluster"]);
    expect(findings[0]?.fingerprint).toBe("unknown-account/eu-west-1/gone/check-incomplete/check of the cluster");
  });
});
