import { formatMinor, minorVersion, type KubeVersion } from "../versions";
import type { SkewCode } from "./codes";
import type { Finding } from "./finding";
import type { ApiServerRange } from "./policy";
import { apiserverPhrase, haClause } from "./wording";

/**
 * kubectl "is supported within one minor version (older or newer) of kube-apiserver" (drift.md §4 S6); mid-upgrade it
 * must be within one of *every* apiserver, which leaves newest−1 … oldest+1. Optional: it is about the runbook's
 * client, not the cluster, hence a warning at most.
 */
function checkKubectl(kubectl: KubeVersion, apiservers: ApiServerRange): Finding<SkewCode>[] {
  const lowest = minorVersion(apiservers.newest.major, apiservers.newest.minor - 1);
  const highest = minorVersion(apiservers.oldest.major, apiservers.oldest.minor + 1);
  if (kubectl.minor >= lowest.minor && kubectl.minor <= highest.minor) return [];
  const range = `${formatMinor(lowest)} to ${formatMinor(highest)}`;
  return [
    {
      code: "kubectl-unsupported",
      severity: "warning",
      subject: "kubectl",
      explanation: `kubectl ${formatMinor(kubectl)} is more than one minor version from ${apiserverPhrase(apiservers, kubectl.minor < lowest.minor ? "newest" : "oldest")}; kubectl is supported within one minor version of kube-apiserver, so ${range}${haClause(apiservers)}.`,
      nextStep: `Use a kubectl from ${range} for this cluster.`,
    },
  ];
}

export { checkKubectl };
