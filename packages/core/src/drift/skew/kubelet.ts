import { formatMinor, nextMinor } from "../versions";
import { moveNodeAdvice } from "./advice";
import type { SkewCode } from "./codes";
import type { Finding } from "./finding";
import { nodeSubject, type NodeVersion } from "./nodes";
import { nodeComponentVerdict, oldestSupportedMinor, supportedNodeRange, type ApiServerRange } from "./policy";
import { apiserverPhrase, haClause, isSingle, limitNote, minors } from "./wording";

/**
 * One node's kubelet against the apiservers (drift.md §4 S2, S3, with the HA narrowing of §4.3). At most one finding:
 * - newer than the oldest apiserver → error (eksup skips this case; upstream forbids it and kOps reports crashes);
 * - further behind the newest apiserver than its limit (3, or 2 below 1.25) → error;
 * - exactly at the limit → warning: the next control-plane upgrade would put it out of support;
 * - behind but within the limit → info; at the control plane's minor → nothing.
 */
function checkKubelet(node: NodeVersion, apiservers: ApiServerRange): Finding<SkewCode>[] {
  const verdict = nodeComponentVerdict(node.kubelet, apiservers);
  const kubelet = formatMinor(node.kubelet);
  const newest = apiservers.newest;
  const target = nextMinor(newest);
  const subject = nodeSubject(node);
  const supported = `Supported kubelets${haClause(apiservers)}: ${supportedNodeRange(apiservers)}.`;

  switch (verdict.status) {
    case "newer":
      return [
        {
          code: "kubelet-newer-than-apiserver",
          severity: "error",
          subject,
          explanation: `kubelet ${kubelet} is newer than ${apiserverPhrase(apiservers, "oldest")}; a kubelet must never be newer than kube-apiserver, and newer kubelets can fail. ${supported}`,
          nextStep:
            !isSingle(apiservers) && node.kubelet.minor <= newest.minor
              ? `Finish the control-plane upgrade so every apiserver runs ${formatMinor(newest)}.`
              : `Upgrade the control plane to ${kubelet} first (one minor at a time), or replace the node with one running ${formatMinor(apiservers.oldest)} or older.`,
        },
      ];
    case "too-old":
      return [
        {
          code: "kubelet-too-old",
          severity: "error",
          subject,
          explanation: `kubelet ${kubelet} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}; a ${kubelet} kubelet may be at most ${verdict.limit} behind${limitNote(verdict.limit)}, so the node is outside the Kubernetes version skew policy. ${supported}`,
          nextStep: moveNodeAdvice(node, newest, { version: oldestSupportedMinor(newest), controlPlane: newest }),
        },
      ];
    case "supported":
      if (verdict.blocksNextUpgrade) {
        return [
          {
            code: "kubelet-blocks-upgrade",
            severity: "warning",
            subject,
            explanation: `kubelet ${kubelet} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}, the most a ${kubelet} kubelet may be${limitNote(verdict.limit)}: upgrading the control plane to ${formatMinor(target)} would put the node outside the skew policy.`,
            nextStep: `${moveNodeAdvice(node, newest, { version: oldestSupportedMinor(target), controlPlane: target })} Do this before upgrading the control plane to ${formatMinor(target)}.`,
          },
        ];
      }
      if (verdict.behind > 0) {
        return [
          {
            code: "kubelet-behind",
            severity: "info",
            subject,
            explanation: `kubelet ${kubelet} is ${minors(verdict.behind)} behind ${apiserverPhrase(apiservers, "newest")}, within the ${verdict.limit} a ${kubelet} kubelet may be; it does not block upgrading the control plane to ${formatMinor(target)}.`,
            nextStep: `Bring the node to ${formatMinor(newest)} at its next replacement.`,
          },
        ];
      }
      return [];
  }
}

export { checkKubelet };
