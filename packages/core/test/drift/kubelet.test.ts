import { describe, expect, it } from "vitest";
import { checkKubelet, maxOlderMinors, minorsBehind, nodeComponentVerdict, oldestSupportedMinor } from "../../src/drift/skew";
import { formatMinor, nextMinor } from "../../src/drift/versions";
import { apiservers, node, summary, v } from "./fixtures";

interface Vector {
  id: string;
  a: string;
  k: string;
  behind: number;
  supported: boolean;
  findings: string[];
  /** The vector says the node blocks the control plane's next upgrade, to this version. */
  blocksUpgradeTo?: string;
}

describe("checkKubelet against a single apiserver: drift.md §4.2 vectors", () => {
  const vectors: Vector[] = [
    { id: "3.1", a: "1.30", k: "v1.30.4-eks-a737599", behind: 0, supported: true, findings: [] },
    { id: "3.2", a: "1.30", k: "v1.29.3-eks-ae9a62a", behind: 1, supported: true, findings: ["info kubelet-behind node n1"] },
    { id: "3.3", a: "1.30", k: "v1.28.15-eks-aeac579", behind: 2, supported: true, findings: ["info kubelet-behind node n1"] },
    { id: "3.4", a: "1.30", k: "v1.27.16-eks-a737599", behind: 3, supported: true, findings: ["warning kubelet-blocks-upgrade node n1"], blocksUpgradeTo: "1.31" },
    { id: "3.5", a: "1.30", k: "v1.26.15-eks-59bf375", behind: 4, supported: false, findings: ["error kubelet-too-old node n1"] },
    { id: "3.6", a: "1.30", k: "v1.31.0-eks-a737599", behind: -1, supported: false, findings: ["error kubelet-newer-than-apiserver node n1"] },
    // The vector says "supported"; a 1.25 kubelet is also at its limit under 1.28, so it blocks 1.29.
    { id: "3.7", a: "1.28", k: "v1.25.16-eks-59bf375", behind: 3, supported: true, findings: ["warning kubelet-blocks-upgrade node n1"], blocksUpgradeTo: "1.29" },
    { id: "3.8", a: "1.28", k: "v1.24.17-eks-e71965b", behind: 4, supported: false, findings: ["error kubelet-too-old node n1"] },
    { id: "3.9", a: "1.27", k: "v1.24.17-eks-e71965b", behind: 3, supported: false, findings: ["error kubelet-too-old node n1"] },
    { id: "3.10", a: "1.26", k: "v1.24.17-eks-e71965b", behind: 2, supported: true, findings: ["warning kubelet-blocks-upgrade node n1"], blocksUpgradeTo: "1.27" },
    { id: "3.11", a: "1.23", k: "v1.21.14-eks-ba74326", behind: 2, supported: true, findings: ["warning kubelet-blocks-upgrade node n1"], blocksUpgradeTo: "1.24" },
    { id: "3.13", a: "1.30", k: "v1.30.2-eks-1552ad0", behind: 0, supported: true, findings: [] },
  ];

  it.each(vectors)("$id: control plane $a, kubelet $k → $findings", ({ a, k, behind, supported, findings }) => {
    // Prepare
    const cluster = apiservers(a);

    // Act
    const result = checkKubelet(node("n1", k), cluster);

    // Assess
    expect(summary(result)).toEqual(findings);
    expect(minorsBehind(v(k), v(a))).toBe(behind);
    expect(nodeComponentVerdict(v(k), cluster).status === "supported").toBe(supported);
  });

  it.each(vectors.filter((vector) => vector.supported))("$id: blocks the next upgrade exactly when the vector says so", ({ a, k, blocksUpgradeTo }) => {
    // Prepare
    const next = nextMinor(v(a));

    // Act
    const now = checkKubelet(node("n1", k), apiservers(a));
    const afterUpgrade = checkKubelet(node("n1", k), apiservers(formatMinor(next)));

    // Assess
    if (blocksUpgradeTo) {
      expect(formatMinor(next)).toBe(blocksUpgradeTo);
      expect(now[0]?.explanation).toContain(`upgrading the control plane to ${blocksUpgradeTo} would put the node outside the skew policy`);
      expect(summary(afterUpgrade)).toEqual(["error kubelet-too-old node n1"]);
    } else {
      expect(afterUpgrade.filter((finding) => finding.severity === "error")).toEqual([]);
    }
  });

  it("3.12: a 1.25 kubelet left in place stays supported while the control plane goes 1.26 → 1.27 → 1.28", () => {
    // Prepare
    const kubelet = node("n1", "v1.25.16-eks-59bf375");

    // Act
    const steps = ["1.26", "1.27", "1.28"].map((a) => summary(checkKubelet(kubelet, apiservers(a))));

    // Assess
    expect(steps).toEqual([["info kubelet-behind node n1"], ["info kubelet-behind node n1"], ["warning kubelet-blocks-upgrade node n1"]]);
  });

  it("explains a kubelet out of support with the allowed range and the way back for its compute type", () => {
    // Prepare
    const kubelet = node("ip-10-0-1-5.eu-west-1.compute.internal", "v1.26.15-eks-59bf375", { computeType: "managed-node-group", nodegroup: "ng-a" });

    // Act
    const [finding] = checkKubelet(kubelet, apiservers("1.30"));

    // Assess
    expect(finding).toStrictEqual({
      code: "kubelet-too-old",
      severity: "error",
      subject: "node ip-10-0-1-5.eu-west-1.compute.internal",
      explanation:
        "kubelet 1.26 is 4 minor versions behind the control plane (1.30); a 1.26 kubelet may be at most 3 behind, so the node is outside the Kubernetes version skew policy. Supported kubelets: 1.27 to 1.30.",
      nextStep: "Update the managed node group ng-a to 1.30 with UpdateNodegroupVersion (aws eks update-nodegroup-version). A 1.30 control plane needs at least 1.27.",
    });
  });

  it("says why a kubelet older than 1.25 gets only two minors", () => {
    // Act
    const [finding] = checkKubelet(node("n1", "v1.24.17-eks-e71965b"), apiservers("1.27"));

    // Assess
    expect(finding?.explanation).toBe(
      "kubelet 1.24 is 3 minor versions behind the control plane (1.27); a 1.24 kubelet may be at most 2 behind (2, not 3, because it is older than 1.25), so the node is outside the Kubernetes version skew policy. Supported kubelets: 1.25 to 1.27.",
    );
  });

  it("offers upgrading the control plane or replacing the node when a kubelet is newer", () => {
    // Act
    const [finding] = checkKubelet(node("n1", "v1.31.0-eks-a737599"), apiservers("1.30"));

    // Assess
    expect(finding?.explanation).toBe(
      "kubelet 1.31 is newer than the control plane (1.30); a kubelet must never be newer than kube-apiserver, and newer kubelets can fail. Supported kubelets: 1.27 to 1.30.",
    );
    expect(finding?.nextStep).toBe("Upgrade the control plane to 1.31 first (one minor at a time), or replace the node with one running 1.30 or older.");
  });

  it("tells Fargate users to restart the pod rather than replace a node", () => {
    // Act
    const [finding] = checkKubelet(node("fargate-ip-10-0-3-7", "v1.26.15-eks-59bf375", { computeType: "fargate" }), apiservers("1.30"));

    // Assess
    expect(finding?.nextStep).toBe("Restart the pod running on it: Fargate starts new pods with the control plane's kubelet version (1.30).");
  });
});

describe("checkKubelet with apiservers at 1.30 and 1.31: drift.md §4.3 HA narrowing", () => {
  it.each([
    ["1.31", ["error kubelet-newer-than-apiserver node n1"]],
    ["1.30", ["info kubelet-behind node n1"]],
    // Not a §4.3 row: the upstream example (apiservers N and N-1 → kubelets N-1 to N-3) includes it.
    ["1.29", ["info kubelet-behind node n1"]],
    ["1.28", ["warning kubelet-blocks-upgrade node n1"]],
    ["1.27", ["error kubelet-too-old node n1"]],
  ])("kubelet %s → %j", (k, findings) => {
    // Act
    const result = checkKubelet(node("n1", `v${k}.5-eks-a737599`), apiservers("1.30", "1.31"));

    // Assess
    expect(summary(result)).toEqual(findings);
  });

  it("names the oldest apiserver and asks to finish the control-plane upgrade for a kubelet at the newest", () => {
    // Act
    const [finding] = checkKubelet(node("n1", "v1.31.0-eks-a737599"), apiservers("1.31", "1.30"));

    // Assess
    expect(finding?.explanation).toBe(
      "kubelet 1.31 is newer than the oldest apiserver (1.30); a kubelet must never be newer than kube-apiserver, and newer kubelets can fail. Supported kubelets with apiservers at 1.30 and 1.31: 1.28 to 1.30.",
    );
    expect(finding?.nextStep).toBe("Finish the control-plane upgrade so every apiserver runs 1.31.");
  });

  it("measures a too-old kubelet against the newest apiserver", () => {
    // Act
    const [finding] = checkKubelet(node("n1", "v1.27.16-eks-a737599"), apiservers("1.30", "1.31"));

    // Assess
    expect(finding?.explanation).toContain("kubelet 1.27 is 4 minor versions behind the newest apiserver (1.31)");
  });
});

describe("the 1.25 boundary (S1)", () => {
  it("gives node components from 1.25 on three minors and older ones two", () => {
    // Act
    const limits = ["1.23", "1.24", "1.25", "1.26", "1.35"].map((text) => maxOlderMinors(v(text)));

    // Assess
    expect(limits).toEqual([2, 2, 3, 3, 3]);
  });

  it("puts the oldest supported kubelet at n-3 only where that kubelet is 1.25 or newer", () => {
    // Act
    const oldest = ["1.24", "1.26", "1.27", "1.28", "1.30"].map((text) => formatMinor(oldestSupportedMinor(v(text))));

    // Assess
    expect(oldest).toEqual(["1.22", "1.24", "1.25", "1.25", "1.27"]);
  });
});
