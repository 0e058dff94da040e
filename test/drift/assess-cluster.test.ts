import { assessCluster, type ClusterFacts, type DriftFinding, type NodeFacts } from "@caretaker/core/drift";
import { describe, expect, it } from "vitest";

const NOW = new Date("2025-03-03T10:00:00Z");

/** A settled 1.31 cluster with nothing wrong: each test adds the one thing it is about. */
function facts(extra: Partial<ClusterFacts> = {}): ClusterFacts {
  return {
    cluster: "prod",
    account: "111122223333",
    region: "eu-west-1",
    collectedAt: NOW,
    controlPlane: { version: "1.31", platformVersion: "eks.3", status: "ACTIVE", tags: {}, autoMode: false },
    nodes: [],
    nodegroups: [],
    addons: [],
    insights: [],
    versions: {
      current: { clusterVersion: "1.31", endOfStandardSupportDate: new Date("2025-11-26T00:00:00Z"), endOfExtendedSupportDate: new Date("2026-11-26T00:00:00Z"), defaultPlatformVersion: "eks.3" },
    },
    autoScalingGroups: [],
    problems: [],
    calls: { aws: {}, kubernetes: {} },
    ...extra,
  };
}

function karpenterNode(name: string, kubeletVersion: string, pool = "spot"): NodeFacts {
  return { name, kubeletVersion, group: { kind: "karpenter", name: pool }, computeType: "karpenter" };
}

function summary(findings: readonly DriftFinding[]): string[] {
  return findings.map((finding) => `${finding.severity} ${finding.code} ${finding.subject}`);
}

describe("assessCluster", () => {
  it("folds a thousand nodes of one NodePool into one finding that names three of them and counts the rest", () => {
    // Prepare
    const nodes = Array.from({ length: 1_000 }, (_, index) => karpenterNode(`node-${index}`, "v1.27.16-eks-a737599"));

    // Act
    const findings = assessCluster(facts({ nodes }), { now: NOW });

    // Assess
    expect(summary(findings)).toEqual(["error kubelet-too-old nodes of Karpenter NodePool spot"]);
    expect(findings[0]?.explanation).toMatch(/^1000 nodes \(kubelet 1\.27\): node-0, node-1, node-2 and 997 more\. kubelet 1\.27 is 4 minor versions behind/);
    expect(findings[0]?.nextStep).toMatch(/^For each node: replace it with a 1\.31 node/);
  });

  it("counts each kubelet version of a group and explains with its oldest node", () => {
    // Prepare
    const nodes = [karpenterNode("a", "v1.26.15-eks-59bf375"), karpenterNode("b", "v1.25.16-eks-59bf375"), karpenterNode("c", "v1.26.15-eks-59bf375")];

    // Act
    const [finding] = assessCluster(facts({ controlPlane: { version: "1.30", status: "ACTIVE", tags: {}, autoMode: false }, versions: {}, nodes }), { now: NOW });

    // Assess
    expect(finding?.code).toBe("kubelet-too-old");
    expect(finding?.explanation).toMatch(/^3 nodes \(kubelet 1\.25 ×1, 1\.26 ×2\): a, b, c\. Oldest: b\. kubelet 1\.25 is 5 minor versions behind/);
  });

  it("fingerprints a finding as account/region/cluster/code/subject", () => {
    // Prepare
    const nodes = [karpenterNode("a", "v1.32.0-eks-5e0fdde")];

    // Act
    const [finding] = assessCluster(facts({ nodes }), { now: NOW });

    // Assess
    expect(finding?.fingerprint).toBe("111122223333/eu-west-1/prod/kubelet-newer-than-apiserver/nodes of Karpenter NodePool spot");
    expect(finding?.cluster).toBe("prod");
  });

  it("maps insight statuses to severities and ignores passing insights", () => {
    // Prepare
    const insight = (id: string, status: string) => ({ id, name: `check ${id}`, kubernetesVersion: "1.32", status, described: true });

    // Act
    const findings = assessCluster(facts({ insights: [insight("a", "ERROR"), insight("b", "WARNING"), insight("c", "UNKNOWN"), insight("d", "PASSING")] }), { now: NOW });

    // Assess
    expect(summary(findings)).toEqual(['error insight-error EKS insight "check a"', 'warning insight-warning EKS insight "check b"', 'info insight-unknown EKS insight "check c"']);
  });

  it("marks what concerns an UPDATING node group transitional and nothing else", () => {
    // Prepare
    const nodegroups = [
      { name: "rolling", version: "1.29", status: "UPDATING", autoScalingGroups: [], healthIssues: [] },
      { name: "stuck", version: "1.29", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
    ];

    // Act
    const findings = assessCluster(facts({ nodegroups }), { now: NOW });

    // Assess
    expect(findings.map((finding) => [finding.subject, finding.transitional ?? false])).toEqual([
      ["managed node group rolling", true],
      ["managed node group stuck", false],
    ]);
  });

  it("skips a cluster that is not ACTIVE or UPDATING with one finding saying so", () => {
    // Prepare
    const creating = facts({ controlPlane: { version: "1.31", status: "CREATING", tags: {}, autoMode: false }, nodes: [karpenterNode("a", "v1.20.0")] });

    // Act
    const findings = assessCluster(creating, { now: NOW });

    // Assess
    expect(summary(findings)).toEqual(["info cluster-not-active cluster status"]);
  });

  it.each([
    ["1.31", []],
    ["1.32", ["warning nodegroup-al2-end-of-life managed node group old"]],
    ["1.33", ["warning nodegroup-al2-end-of-life managed node group old"]],
  ])("with the control plane at %s, warns about AL2 node groups only once the next version is past 1.32", (version, expected) => {
    // Prepare
    const nodegroups = [
      { name: "old", version, amiType: "AL2_x86_64", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
      { name: "new", version, amiType: "AL2023_x86_64_STANDARD", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
    ];

    // Act
    const findings = assessCluster(facts({ controlPlane: { version, status: "ACTIVE", tags: {}, autoMode: false }, versions: {}, nodegroups }), { now: NOW });

    // Assess
    expect(summary(findings)).toEqual(expected);
  });

  it("reports a node group's version drift itself, judged by the skew policy, when EKS strict mode is off", () => {
    // Prepare: "empty" has no nodes, so no kubelet finding speaks for it.
    const nodegroups = [
      { name: "empty", version: "1.27", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
      { name: "limit", version: "1.28", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
      { name: "near", version: "1.30", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
      { name: "same", version: "1.31", status: "ACTIVE", autoScalingGroups: [], healthIssues: [] },
    ];

    // Act
    const relaxed = assessCluster(facts({ nodegroups }), { now: NOW, eksStrict: "off" });
    const strict = assessCluster(facts({ nodegroups }), { now: NOW });

    // Assess
    expect(summary(relaxed)).toEqual([
      "error nodegroup-version-behind managed node group empty",
      "warning nodegroup-version-behind managed node group limit",
      "info nodegroup-version-behind managed node group near",
    ]);
    expect(summary(strict)).toEqual([
      "warning eks-strict-version-mismatch managed node group empty",
      "warning eks-strict-version-mismatch managed node group limit",
      "warning eks-strict-version-mismatch managed node group near",
    ]);
  });

  it("reports AMI release drift only for a release behind the recommended one", () => {
    // Prepare
    const group = (name: string, releaseVersion: string, amiType = "AL2023_x86_64_STANDARD") => ({
      name,
      version: "1.31",
      releaseVersion,
      amiType,
      status: "ACTIVE",
      autoScalingGroups: [],
      healthIssues: [],
      recommendedRelease: { parameter: "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/release_version", releaseVersion: "1.31.3-20250103" },
    });

    // Act
    const findings = assessCluster(facts({ nodegroups: [group("current", "1.31.3-20250103"), group("behind", "1.31.2-20241213"), group("ahead", "1.31.4-20250210")] }), { now: NOW });

    // Assess
    expect(summary(findings)).toEqual(["info nodegroup-ami-behind managed node group behind"]);
    expect(findings[0]?.explanation).toContain("built 21 days earlier");
  });

  it("judges add-ons only against the versions EKS listed, suggesting updates at info level", () => {
    // Prepare
    const list = (kubernetesVersion: string, versions: string[]) => ({ kubernetesVersion, versions, defaultVersion: versions[0] as string });
    const addons = [
      { name: "unlisted", version: "v1.0.0", healthIssues: [], compatibility: {} },
      { name: "stale", version: "v1.11.1-eksbuild.1", healthIssues: [], compatibility: { current: list("1.31", ["v1.11.3-eksbuild.2", "v1.11.1-eksbuild.1"]), next: list("1.32", ["v1.11.3-eksbuild.2", "v1.11.1-eksbuild.1"]) } },
      { name: "stranded", version: "v1.18.3", healthIssues: [], compatibility: { current: list("1.31", ["v1.18.3"]), next: list("1.32", ["v1.19.2"]) } },
      { name: "sick", version: "v2.0.0", status: "DEGRADED", healthIssues: [{ code: "ConfigurationConflict", message: "Conflicts found" }], compatibility: { current: list("1.31", ["v2.0.0"]) } },
    ];

    // Act
    const findings = assessCluster(facts({ addons }), { now: NOW });

    // Assess
    expect(summary(findings)).toEqual([
      "info addon-update-available add-on stale",
      "warning addon-blocks-upgrade add-on stranded",
      "warning addon-unhealthy add-on sick",
    ]);
    expect(findings[1]?.nextStep).toMatch(/^No version supports both 1\.31 and 1\.32: update the add-on right after the control-plane upgrade/);
  });

  it("turns problems into one incomplete-check finding per part, and unusable support dates into one more", () => {
    // Prepare
    const broken = facts({
      versions: { current: { clusterVersion: "1.31", endOfStandardSupportDate: new Date("2025-11-26T00:00:00Z") } },
      problems: [
        { check: "nodes", message: "Cluster \"prod\" denied list on nodes." },
        { check: "addons", message: "ListAddons failed." },
        { check: "nodes", message: "One more." },
      ],
    });

    // Act
    const findings = assessCluster(broken, { now: NOW });

    // Assess
    expect(summary(findings)).toEqual([
      "warning check-incomplete check of the nodes' kubelet versions",
      "warning check-incomplete check of the add-ons",
      "warning check-incomplete check of the support window",
    ]);
    expect(findings[0]?.explanation).toBe('Caretaker could not fully check the nodes\' kubelet versions: Cluster "prod" denied list on nodes. One more. Findings that depend on it may be missing.');
    expect(findings[2]?.explanation).toContain("endOfExtendedSupportDate");
  });

  it("numbers findings that would share a fingerprint", () => {
    // Prepare
    const insight = (id: string) => ({ id, name: "Cluster health issues", status: "ERROR", described: true });

    // Act
    const findings = assessCluster(facts({ insights: [insight("a"), insight("b")] }), { now: NOW });

    // Assess
    expect(findings.map((finding) => finding.subject)).toEqual(['EKS insight "Cluster health issues"', 'EKS insight "Cluster health issues" #2']);
  });
});
