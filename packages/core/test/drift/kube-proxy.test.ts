import { describe, expect, it } from "vitest";
import { checkKubelet, checkKubeProxy, checkKubeProxyWithKubelet, evaluateSkew, type KubeProxyVersion } from "../../src/drift/skew";
import { apiservers, node, summary, v } from "./fixtures";

/** kube-proxy as read from the DaemonSet image tag (the shape EKS's images use). */
function daemonset(minor: string): KubeProxyVersion {
  return { source: "daemonset", version: v(`v${minor}.0-minimal-eksbuild.1`) };
}

describe("checkKubeProxy against the apiserver: drift.md §4.4 vectors (S4)", () => {
  it.each([
    ["1.30", "1.30", []],
    // "OK": supported; it is at its limit, so it warns that it blocks 1.31, and no error.
    ["1.30", "1.27", ["warning kube-proxy-blocks-upgrade kube-proxy DaemonSet"]],
    ["1.30", "1.26", ["error kube-proxy-too-old kube-proxy DaemonSet"]],
    ["1.30", "1.31", ["error kube-proxy-newer-than-apiserver kube-proxy DaemonSet"]],
    ["1.26", "1.23", ["error kube-proxy-too-old kube-proxy DaemonSet"]],
  ])("A=%s, P=%s → %j", (a, p, findings) => {
    // Act
    const result = checkKubeProxy(daemonset(p), apiservers(a));

    // Assess
    expect(summary(result)).toEqual(findings);
  });

  it("says why kube-proxy older than 1.25 may be only two minors behind", () => {
    // Act
    const [finding] = checkKubeProxy(daemonset("1.23"), apiservers("1.26"));

    // Assess
    expect(finding?.explanation).toBe(
      "kube-proxy 1.23 is 3 minor versions behind the control plane (1.26); kube-proxy 1.23 may be at most 2 behind (2, not 3, because it is older than 1.25). Supported kube-proxy versions: 1.24 to 1.26.",
    );
    expect(finding?.nextStep).toBe("Update the kube-system/kube-proxy DaemonSet image to a 1.26 build.");
  });

  it("points add-on users at the EKS add-on and notes that EKS does not update it with the control plane", () => {
    // Act
    const [finding] = checkKubeProxy({ source: "addon", version: v("v1.29.0-eksbuild.1") }, apiservers("1.30"));

    // Assess
    expect(finding).toStrictEqual({
      code: "kube-proxy-behind",
      severity: "info",
      subject: "kube-proxy add-on",
      explanation: "kube-proxy 1.29 is 1 minor version behind the control plane (1.30), within the 3 it may be; EKS does not update kube-proxy when it upgrades the control plane.",
      nextStep: "Update the kube-proxy add-on to a version for Kubernetes 1.30 (aws eks update-addon --addon-name kube-proxy).",
    });
  });

  it("applies the HA narrowing to kube-proxy as to the kubelet", () => {
    // Act
    const results = ["1.31", "1.30", "1.28", "1.27"].map((p) => summary(checkKubeProxy(daemonset(p), apiservers("1.30", "1.31"))));

    // Assess
    expect(results).toEqual([
      ["error kube-proxy-newer-than-apiserver kube-proxy DaemonSet"],
      ["info kube-proxy-behind kube-proxy DaemonSet"],
      ["warning kube-proxy-blocks-upgrade kube-proxy DaemonSet"],
      ["error kube-proxy-too-old kube-proxy DaemonSet"],
    ]);
  });
});

describe("checkKubeProxyWithKubelet on each node: drift.md §4.4 vectors (S5)", () => {
  it("K=1.30, P=1.27 → OK", () => {
    // Act
    const result = checkKubeProxyWithKubelet(daemonset("1.27"), node("n1", "v1.30.4-eks-a737599"));

    // Assess
    expect(result).toEqual([]);
  });

  it("K=1.24, P=1.27 → the kube-proxy rule is OK, but the kubelet rule fails when A=1.27", () => {
    // Prepare
    const kubelet = node("n1", "v1.24.17-eks-e71965b");

    // Act
    const proxyBesideKubelet = checkKubeProxyWithKubelet(daemonset("1.27"), kubelet);
    const proxyAgainstApiserver = checkKubeProxy(daemonset("1.27"), apiservers("1.27"));
    const kubeletAgainstApiserver = checkKubelet(kubelet, apiservers("1.27"));

    // Assess
    expect(proxyBesideKubelet).toEqual([]);
    expect(proxyAgainstApiserver).toEqual([]);
    expect(summary(kubeletAgainstApiserver)).toEqual(["error kubelet-too-old node n1"]);
  });

  it.each([
    ["1.26", "1.30", "kube-proxy 1.26 and kubelet 1.30 on this node are 4 minor versions apart; kube-proxy 1.26 may be at most 3 older or newer than the kubelet beside it."],
    ["1.31", "1.27", "kube-proxy 1.31 and kubelet 1.27 on this node are 4 minor versions apart; kube-proxy 1.31 may be at most 3 older or newer than the kubelet beside it."],
    ["1.24", "1.27", "kube-proxy 1.24 and kubelet 1.27 on this node are 3 minor versions apart; kube-proxy 1.24 may be at most 2 older or newer than the kubelet beside it (2, not 3, because it is older than 1.25)."],
  ])("flags kube-proxy %s beside kubelet %s, in either direction, keyed on kube-proxy's version", (p, k, explanation) => {
    // Act
    const result = checkKubeProxyWithKubelet(daemonset(p), node("n1", `v${k}.1-eks-a737599`));

    // Assess
    expect(summary(result)).toEqual(["error kube-proxy-kubelet-skew node n1"]);
    expect(result[0]?.explanation).toBe(explanation);
  });

  it("moves whichever side is older", () => {
    // Act
    const [kubeletOlder] = checkKubeProxyWithKubelet(daemonset("1.31"), node("n1", "v1.27.1-eks-a737599"));
    const [proxyOlder] = checkKubeProxyWithKubelet(daemonset("1.26"), node("n2", "v1.30.1-eks-a737599"));

    // Assess
    expect(kubeletOlder?.nextStep).toBe("Replace it with a node running 1.31, draining it first: in-place minor kubelet upgrades are not supported.");
    expect(proxyOlder?.nextStep).toBe("Update the kube-system/kube-proxy DaemonSet image to a 1.30 build.");
  });
});

describe("kube-proxy skip conditions (drift.md §4.4)", () => {
  it("never compares kube-proxy with Fargate or Auto Mode nodes, which run none", () => {
    // Prepare
    const nodes = [node("fargate-ip-1", "v1.30.1-eks-a737599", { computeType: "fargate" }), node("i-auto", "v1.30.1-eks-a737599", { computeType: "auto" })];

    // Act
    const results = nodes.map((each) => checkKubeProxyWithKubelet(daemonset("1.26"), each));

    // Assess
    expect(results).toEqual([[], []]);
  });

  it("checks nothing about kube-proxy when there is no DaemonSet or Auto Mode provides it", () => {
    // Prepare
    const nodes = [node("n1", "v1.30.1-eks-a737599")];

    // Act
    const withoutProxy = evaluateSkew({ apiservers: apiservers("1.30"), nodes });
    const withProxy = evaluateSkew({ apiservers: apiservers("1.30"), nodes, kubeProxy: daemonset("1.26") });

    // Assess
    expect(withoutProxy).toEqual([]);
    expect(summary(withProxy)).toEqual(["error kube-proxy-too-old kube-proxy DaemonSet", "error kube-proxy-kubelet-skew node n1"]);
  });
});
