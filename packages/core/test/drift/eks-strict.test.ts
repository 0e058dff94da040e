import { describe, expect, it } from "vitest";
import { checkEksStrict, evaluateSkew, type NodegroupVersion } from "../../src/drift/skew";
import { apiservers, node, summary, v } from "./fixtures";

function nodegroup(name: string, version: string): NodegroupVersion {
  return { name, version: v(version) };
}

describe("EKS strict mode: drift.md §4.6 vector (S8)", () => {
  it("A=1.29, MNG version 1.28 → strict blocker; policy OK (skew 1)", () => {
    // Prepare
    const snapshot = {
      apiservers: apiservers("1.29"),
      nodes: [node("n1", "v1.28.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-a" })],
      nodegroups: [nodegroup("ng-a", "1.28")],
    } as const;

    // Act
    const findings = evaluateSkew(snapshot);

    // Assess
    expect(summary(findings)).toEqual(["info kubelet-behind node n1", "warning eks-strict-version-mismatch managed node group ng-a"]);
    expect(findings.find((finding) => finding.code === "eks-strict-version-mismatch")).toStrictEqual({
      code: "eks-strict-version-mismatch",
      severity: "warning",
      subject: "managed node group ng-a",
      explanation:
        "The node group's version 1.28 is behind the control plane (1.29). The EKS API reference says every managed node group must match the cluster's version before UpdateClusterVersion, so an upgrade to 1.30 may be refused; this is stricter than the Kubernetes skew policy.",
      nextStep: "Update the node group to 1.29 (UpdateNodegroupVersion / aws eks update-nodegroup-version) before upgrading the control plane to 1.30.",
    });
  });
});

describe("checkEksStrict", () => {
  const controlPlane = v("1.29");

  it("reports at the configured severity, or not at all when off", () => {
    // Prepare
    const groups = [nodegroup("ng-a", "1.28")];

    // Act
    const bySeverity = (["off", "warning", "error"] as const).map((mode) => summary(checkEksStrict(controlPlane, [], groups, mode)));

    // Assess
    expect(bySeverity).toEqual([[], ["warning eks-strict-version-mismatch managed node group ng-a"], ["error eks-strict-version-mismatch managed node group ng-a"]]);
  });

  it("reports a node group once, and old nodes the group finding does not cover one by one", () => {
    // Prepare
    const nodes = [
      node("a-1", "v1.28.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-a" }),
      node("a-2", "v1.28.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-a" }),
      // ng-b is already at 1.29; this node is still rolling.
      node("b-1", "v1.28.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-b" }),
      node("b-2", "v1.29.3-eks-ae9a62a", { computeType: "managed-node-group", nodegroup: "ng-b" }),
    ];

    // Act
    const findings = checkEksStrict(controlPlane, nodes, [nodegroup("ng-a", "1.28"), nodegroup("ng-b", "1.29")]);

    // Assess
    expect(summary(findings)).toEqual(["warning eks-strict-version-mismatch managed node group ng-a", "warning eks-strict-version-mismatch node b-1"]);
    expect(findings[1]?.nextStep).toBe("Update the managed node group ng-b to 1.29 with UpdateNodegroupVersion (aws eks update-nodegroup-version). Do this before upgrading the control plane to 1.30.");
  });

  it("covers Fargate nodes behind the control plane, citing the user guide", () => {
    // Prepare
    const nodes = [node("fargate-ip-10-0-3-7", "v1.28.15-eks-aeac579", { computeType: "fargate" }), node("fargate-ip-10-0-3-8", "v1.29.3-eks-ae9a62a", { computeType: "fargate" })];

    // Act
    const findings = checkEksStrict(controlPlane, nodes, []);

    // Assess
    expect(summary(findings)).toEqual(["warning eks-strict-version-mismatch node fargate-ip-10-0-3-7"]);
    expect(findings[0]?.explanation).toContain("The EKS user guide asks for Fargate nodes to match the control plane before an upgrade");
    expect(findings[0]?.nextStep).toBe(
      "Restart the pod running on it: Fargate starts new pods with the control plane's kubelet version (1.29). Do this before upgrading the control plane to 1.30.",
    );
  });

  it("leaves self-managed, Karpenter, Auto Mode, hybrid and unlabelled nodes to the skew policy alone", () => {
    // Prepare
    const nodes = (["self-managed", "karpenter", "auto", "hybrid", undefined] as const).map((computeType, index) =>
      node(`n${index}`, "v1.27.16-eks-a737599", computeType ? { computeType } : {}),
    );

    // Act
    const findings = checkEksStrict(controlPlane, nodes, []);

    // Assess
    expect(findings).toEqual([]);
  });

  it("ignores node groups and nodes that match the control plane, whatever their patch", () => {
    // Prepare
    const nodes = [node("a-1", "v1.29.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-a" })];

    // Act
    const findings = checkEksStrict(controlPlane, nodes, [nodegroup("ng-a", "1.29")]);

    // Assess
    expect(findings).toEqual([]);
  });
});
