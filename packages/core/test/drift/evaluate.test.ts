import { describe, expect, it } from "vitest";
import { checkApiServers, checkKubelet, evaluateSkew, upgradeBlockers } from "../../src/drift/skew";
import { minorVersion, nextMinor } from "../../src/drift/versions";
import { apiservers, node, summary, v } from "./fixtures";

describe("checkApiServers", () => {
  it("accepts apiservers one minor apart and flags two", () => {
    // Act
    const oneApart = checkApiServers(apiservers("1.30", "1.31"));
    const twoApart = checkApiServers(apiservers("1.29", "1.31"));

    // Assess
    expect(oneApart).toEqual([]);
    expect(summary(twoApart)).toEqual(["error apiserver-skew control plane"]);
  });
});

describe("evaluateSkew", () => {
  it("runs every rule over a cluster in a fixed order", () => {
    // Prepare
    const snapshot = {
      apiservers: apiservers("1.30"),
      nodes: [
        node("old", "v1.26.15-eks-59bf375", { computeType: "self-managed" }),
        node("limit", "v1.27.16-eks-a737599", { computeType: "managed-node-group", nodegroup: "ng-a" }),
        node("ahead", "v1.31.0-eks-a737599", { computeType: "self-managed" }),
        node("current", "v1.30.4-eks-a737599", { computeType: "managed-node-group", nodegroup: "ng-b" }),
      ],
      nodegroups: [
        { name: "ng-a", version: v("1.27") },
        { name: "ng-b", version: v("1.30") },
      ],
      kubeProxy: { source: "addon", version: v("v1.29.0-eksbuild.1") },
      kubectl: v("v1.28.2"),
    } as const;

    // Act
    const findings = evaluateSkew(snapshot);

    // Assess
    expect(summary(findings)).toEqual([
      "error kubelet-too-old node old",
      "warning kubelet-blocks-upgrade node limit",
      "error kubelet-newer-than-apiserver node ahead",
      "info kube-proxy-behind kube-proxy add-on",
      "warning kubectl-unsupported kubectl",
      "warning eks-strict-version-mismatch managed node group ng-a",
    ]);
  });
});

describe("upgradeBlockers", () => {
  it("lists what stands in the way of the next control-plane upgrade, and nothing else", () => {
    // Prepare
    const snapshot = {
      apiservers: apiservers("1.30"),
      nodes: [
        node("old", "v1.26.15-eks-59bf375"),
        node("limit", "v1.27.16-eks-a737599"),
        node("fine", "v1.28.15-eks-aeac579"),
        node("ahead", "v1.31.0-eks-a737599"),
        node("fargate", "v1.29.3-eks-ae9a62a", { computeType: "fargate" }),
      ],
      kubeProxy: { source: "daemonset", version: v("v1.27.16-eksbuild.2") },
    } as const;

    // Act
    const strict = upgradeBlockers(snapshot);
    const relaxed = upgradeBlockers(snapshot, { eksStrict: "off" });

    // Assess
    expect(summary(strict)).toEqual([
      "error kubelet-too-old node old",
      "warning kubelet-blocks-upgrade node limit",
      "warning kube-proxy-blocks-upgrade kube-proxy DaemonSet",
      "warning eks-strict-version-mismatch node fargate",
    ]);
    expect(summary(relaxed)).toEqual([
      "error kubelet-too-old node old",
      "warning kubelet-blocks-upgrade node limit",
      "warning kube-proxy-blocks-upgrade kube-proxy DaemonSet",
    ]);
  });

  it("blocks exactly the kubelets that would be out of support one minor up, for every control plane 1.20–1.36", () => {
    // Prepare
    const mismatches: string[] = [];

    // Act
    for (let a = 20; a <= 36; a += 1) {
      for (let k = a - 6; k <= a + 2; k += 1) {
        const kubelet = { name: "n", kubelet: minorVersion(1, k) };
        const controlPlane = minorVersion(1, a);
        const blocks = upgradeBlockers({ apiservers: apiservers(`1.${a}`), nodes: [kubelet] }).length > 0;
        const outOfSupportAfter = checkKubelet(kubelet, { oldest: nextMinor(controlPlane), newest: nextMinor(controlPlane) }).some((finding) => finding.code === "kubelet-too-old");
        if (blocks !== outOfSupportAfter) mismatches.push(`A=1.${a} K=1.${k}: blocks=${blocks} outOfSupportAfter=${outOfSupportAfter}`);
      }
    }

    // Assess
    expect(mismatches).toEqual([]);
  });
});
