import { formatMinor, minorDistance, nextMinor } from "../versions";
import { moveKubeProxyAdvice, moveNodeAdvice } from "./advice";
import type { SkewCode } from "./codes";
import type { Finding } from "./finding";
import { nodeSubject, type KubeProxyVersion, type NodeVersion } from "./nodes";
import { maxOlderMinors, nodeComponentVerdict, supportedNodeRange, type ApiServerRange } from "./policy";
import { apiserverPhrase, haClause, limitNote, minors } from "./wording";

/**
 * kube-proxy against the apiservers (drift.md §4 S4): the kubelet's rule, HA narrowing included. Callers pass no
 * kube-proxy at all when EKS Auto Mode runs it or no DaemonSet exists (§4.4 skip conditions), so there is nothing
 * to check here in those cases.
 */
function checkKubeProxy(kubeProxy: KubeProxyVersion, apiservers: ApiServerRange): Finding<SkewCode>[] {
  const verdict = nodeComponentVerdict(kubeProxy.version, apiservers);
  const proxy = formatMinor(kubeProxy.version);
  const newest = apiservers.newest;
  const target = nextMinor(newest);
  const subject = kubeProxySubject(kubeProxy);
  const supported = `Supported kube-proxy versions${haClause(apiservers)}: ${supportedNodeRange(apiservers)}.`;

  switch (verdict.status) {
    case "newer":
      return [
        {
          code: "kube-proxy-newer-than-apiserver",
          severity: "error",
          subject,
          explanation: `kube-proxy ${proxy} is newer than ${apiserverPhrase(apiservers, "oldest")}; kube-proxy must never be newer than kube-apiserver. ${supported}`,
          nextStep: moveKubeProxyAdvice(kubeProxy.source, apiservers.oldest),
        },
      ];
    case "too-old":
      return [
        {
          code: "kube-proxy-too-old",
          severity: "error",
          subject,
          explanation: `kube-proxy ${proxy} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}; kube-proxy ${proxy} may be at most ${verdict.limit} behind${limitNote(verdict.limit)}. ${supported}`,
          nextStep: moveKubeProxyAdvice(kubeProxy.source, newest),
        },
      ];
    case "supported":
      if (verdict.blocksNextUpgrade) {
        return [
          {
            code: "kube-proxy-blocks-upgrade",
            severity: "warning",
            subject,
            explanation: `kube-proxy ${proxy} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}, the most kube-proxy ${proxy} may be${limitNote(verdict.limit)}: upgrading the control plane to ${formatMinor(target)} would put it outside the skew policy.`,
            nextStep: `${moveKubeProxyAdvice(kubeProxy.source, newest)} Do this before upgrading the control plane to ${formatMinor(target)}.`,
          },
        ];
      }
      if (verdict.behind > 0) {
        return [
          {
            code: "kube-proxy-behind",
            severity: "info",
            subject,
            explanation: `kube-proxy ${proxy} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}, within the ${verdict.limit} it may be; EKS does not update kube-proxy when it upgrades the control plane.`,
            nextStep: moveKubeProxyAdvice(kubeProxy.source, newest),
          },
        ];
      }
      return [];
  }
}

/**
 * kube-proxy against the kubelet on one node (drift.md §4 S5): at most `maxOlderMinors(kube-proxy)` apart in either
 * direction. Fargate and Auto Mode nodes run no kube-proxy pod (the DaemonSet's affinity excludes Fargate; Auto Mode
 * provides the function itself), so they are never compared.
 */
function checkKubeProxyWithKubelet(kubeProxy: KubeProxyVersion, node: NodeVersion): Finding<SkewCode>[] {
  if (node.computeType === "fargate" || node.computeType === "auto") return [];
  const apart = minorDistance(kubeProxy.version, node.kubelet);
  const limit = maxOlderMinors(kubeProxy.version);
  if (apart <= limit) return [];
  const proxy = formatMinor(kubeProxy.version);
  const kubeletIsOlder = node.kubelet.minor < kubeProxy.version.minor;
  return [
    {
      code: "kube-proxy-kubelet-skew",
      severity: "error",
      subject: nodeSubject(node),
      explanation: `kube-proxy ${proxy} and kubelet ${formatMinor(node.kubelet)} on this node are ${minors(apart)} apart; kube-proxy ${proxy} may be at most ${limit} older or newer than the kubelet beside it${limitNote(limit)}.`,
      nextStep: kubeletIsOlder ? moveNodeAdvice(node, kubeProxy.version) : moveKubeProxyAdvice(kubeProxy.source, node.kubelet),
    },
  ];
}

function kubeProxySubject(kubeProxy: KubeProxyVersion): string {
  return kubeProxy.source === "addon" ? "kube-proxy add-on" : "kube-proxy DaemonSet";
}

export { checkKubeProxy, checkKubeProxyWithKubelet };
