import { describe, expect, it } from "vitest";
import type { NodeVersion } from "../../src/drift/skew";
import { assessSupport, type VersionSupportDates } from "../../src/drift/support";
import { node, summary, v } from "./fixtures";

/** Kubernetes 1.29 on EKS: standard support to 2025-03-23, extended to 2026-03-23. */
const K8S_129: VersionSupportDates = {
  version: v("1.29"),
  endOfStandardSupport: new Date("2025-03-23T00:00:00Z"),
  endOfExtendedSupport: new Date("2026-03-23T00:00:00Z"),
};

/** 20 days before the end of extended support, when an EXTENDED 1.29 cluster's forced upgrade is near. */
const NEAR_END_OF_EXTENDED = new Date("2026-03-03T09:00:00Z");

function nodes(kubelet: string, count = 1): NodeVersion[] {
  return Array.from({ length: count }, (_, index) => node(`n${index + 1}`, kubelet, { computeType: "self-managed" }));
}

describe("forced-upgrade projection: drift.md §4.7 vectors", () => {
  it("cluster 1.29 (EXTENDED), nodes 1.26 → after the auto-upgrade to 1.30 the skew is 4: the auto-upgrade will break skew", () => {
    // Act
    const { projection, findings } = assessSupport({ dates: K8S_129, supportType: "EXTENDED", now: NEAR_END_OF_EXTENDED, cluster: { nodes: nodes("v1.26.15-eks-59bf375") } });

    // Assess
    expect(projection?.target).toStrictEqual({ major: 1, minor: 30, raw: "1.30" });
    expect(summary(projection?.findings ?? [])).toEqual(["error kubelet-too-old node n1"]);
    expect(projection?.findings[0]?.explanation).toContain("kubelet 1.26 is 4 minor versions behind the control plane (1.30)");
    expect(summary(projection?.breaks ?? [])).toEqual(["error kubelet-too-old node n1"]);
    expect(summary(findings)).toEqual([
      "warning extended-support-active control plane 1.29",
      "warning forced-upgrade-approaching control plane 1.29",
      "error forced-upgrade-breaks-skew control plane 1.29",
    ]);
    expect(findings[2]).toStrictEqual({
      code: "forced-upgrade-breaks-skew",
      severity: "error",
      subject: "control plane 1.29",
      explanation: "When EKS upgrades the control plane to 1.30 (at any time from 2026-03-23), 1 component falls outside the Kubernetes version skew policy: node n1.",
      nextStep: "Before 2026-03-23, bring it within the skew window of a 1.30 control plane (nodes at 1.27 or newer), then upgrade the control plane yourself.",
    });
  });

  it("cluster 1.29, nodes 1.27 → after the auto-upgrade the skew is 3: still supported, but blocking 1.31", () => {
    // Act
    const { projection, findings } = assessSupport({ dates: K8S_129, supportType: "EXTENDED", now: NEAR_END_OF_EXTENDED, cluster: { nodes: nodes("v1.27.16-eks-a737599") } });

    // Assess
    expect(summary(projection?.findings ?? [])).toEqual(["warning kubelet-blocks-upgrade node n1"]);
    expect(projection?.findings[0]?.explanation).toBe(
      "kubelet 1.27 is 3 minor versions behind the control plane (1.30), the most a 1.27 kubelet may be: upgrading the control plane to 1.31 would put the node outside the skew policy.",
    );
    expect(projection?.breaks).toEqual([]);
    expect(summary(findings)).toEqual(["warning extended-support-active control plane 1.29", "warning forced-upgrade-approaching control plane 1.29"]);
  });
});

describe("assessSupport", () => {
  it("warns 20 days before standard support ends that extended-support billing starts", () => {
    // Act
    const { window, findings } = assessSupport({ dates: K8S_129, supportType: "EXTENDED", now: new Date("2025-03-03T15:00:00Z") });

    // Assess
    expect(window.daysLeft).toBe(20);
    expect(findings).toStrictEqual([
      {
        code: "standard-support-ending",
        severity: "warning",
        subject: "control plane 1.29",
        explanation:
          "Kubernetes 1.29 leaves standard support on 2025-03-23 (in 20 days). The cluster's support type is EXTENDED, so it then enters extended support, billed from the start of that day, until 2026-03-23.",
        nextStep: "Upgrade the control plane to 1.30 before 2025-03-23 to avoid extended-support charges.",
      },
    ]);
  });

  it("predicts the forced upgrade at the end of standard support for a STANDARD cluster 20 days out, with what it breaks", () => {
    // Act
    const { projection, findings } = assessSupport({ dates: K8S_129, supportType: "STANDARD", now: new Date("2025-03-03T15:00:00Z"), cluster: { nodes: nodes("v1.26.15-eks-59bf375") } });

    // Assess
    expect(projection?.date).toEqual(new Date("2025-03-23T00:00:00Z"));
    expect(summary(findings)).toEqual(["warning forced-upgrade-approaching control plane 1.29", "error forced-upgrade-breaks-skew control plane 1.29"]);
    expect(findings[0]?.explanation).toBe(
      "EKS will upgrade the control plane from 1.29 to 1.30 by itself at any time from 2025-03-23 (in 20 days), without further notice, because the cluster's support type is STANDARD, which upgrades at the end of standard support. Only the control plane moves: managed node groups, self-managed nodes and Fargate pods stay on their versions.",
    );
  });

  it("keeps quiet about the forced upgrade outside the alert window but still projects it", () => {
    // Act
    const { projection, findings } = assessSupport({ dates: K8S_129, supportType: "EXTENDED", now: new Date("2025-06-01T00:00:00Z"), cluster: { nodes: nodes("v1.26.15-eks-59bf375") } });

    // Assess
    expect(summary(projection?.breaks ?? [])).toEqual(["error kubelet-too-old node n1"]);
    expect(summary(findings)).toEqual(["warning extended-support-active control plane 1.29"]);
  });

  it("starts warning at the configured alert window, not a day earlier", () => {
    // Prepare
    const input = { dates: K8S_129, supportType: "STANDARD", cluster: { nodes: nodes("v1.26.15-eks-59bf375") }, alertWindowDays: 30 } as const;

    // Act
    const outside = assessSupport({ ...input, now: new Date("2025-02-20T23:59:59Z") }); // 31 days
    const inside = assessSupport({ ...input, now: new Date("2025-02-21T00:00:00Z") }); // 30 days

    // Assess
    expect(outside.findings).toEqual([]);
    expect(summary(inside.findings)).toEqual(["warning forced-upgrade-approaching control plane 1.29", "error forced-upgrade-breaks-skew control plane 1.29"]);
  });

  it("reports a due forced upgrade as an error once its date has come", () => {
    // Act
    const { findings } = assessSupport({ dates: K8S_129, supportType: "EXTENDED", now: new Date("2026-03-26T10:00:00Z"), cluster: { nodes: nodes("v1.29.15-eks-473151a") } });

    // Assess
    expect(summary(findings)).toEqual(["error forced-upgrade-due control plane 1.29"]);
    expect(findings[0]?.explanation).toBe(
      "Since 2026-03-23 (3 days ago) EKS may upgrade the control plane from 1.29 to 1.30 at any moment, without notice, because extended support ends then. Only the control plane moves: managed node groups, self-managed nodes and Fargate pods stay on their versions.",
    );
  });

  it("does not count a node already out of support as broken by the upgrade", () => {
    // Act
    const { projection } = assessSupport({ dates: K8S_129, now: NEAR_END_OF_EXTENDED, cluster: { nodes: nodes("v1.25.16-eks-59bf375") } });

    // Assess
    expect(summary(projection?.findings ?? [])).toEqual(["error kubelet-too-old node n1"]);
    expect(projection?.breaks).toEqual([]);
  });

  it("projects kube-proxy too, and leaves EKS strict mode out of a forced upgrade", () => {
    // Prepare
    const cluster = {
      nodes: [node("n1", "v1.28.15-eks-aeac579", { computeType: "managed-node-group", nodegroup: "ng-a" })],
      kubeProxy: { source: "addon", version: v("v1.26.15-eksbuild.2") },
    } as const;

    // Act
    const { projection } = assessSupport({ dates: K8S_129, now: NEAR_END_OF_EXTENDED, cluster });

    // Assess
    expect(summary(projection?.findings ?? [])).toEqual(["info kubelet-behind node n1", "error kube-proxy-too-old kube-proxy add-on"]);
    expect(summary(projection?.breaks ?? [])).toEqual(["error kube-proxy-too-old kube-proxy add-on"]);
  });

  it("names five broken components and counts the rest", () => {
    // Act
    const { findings } = assessSupport({ dates: K8S_129, now: NEAR_END_OF_EXTENDED, cluster: { nodes: nodes("v1.26.15-eks-59bf375", 7) } });

    // Assess
    expect(findings.find((finding) => finding.code === "forced-upgrade-breaks-skew")?.explanation).toBe(
      "When EKS upgrades the control plane to 1.30 (at any time from 2026-03-23), 7 components fall outside the Kubernetes version skew policy: node n1, node n2, node n3, node n4, node n5 and 2 more.",
    );
  });

  it("has no projection without nodes", () => {
    // Act
    const assessment = assessSupport({ dates: K8S_129, now: NEAR_END_OF_EXTENDED });

    // Assess
    expect(assessment.projection).toBeUndefined();
    expect(summary(assessment.findings)).toEqual(["warning extended-support-active control plane 1.29", "warning forced-upgrade-approaching control plane 1.29"]);
  });
});
