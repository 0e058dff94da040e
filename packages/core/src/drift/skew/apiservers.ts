import { formatMinor, minorDistance } from "../versions";
import type { SkewCode } from "./codes";
import type { Finding } from "./finding";
import type { ApiServerRange } from "./policy";

/**
 * "The newest and oldest kube-apiserver instances must be within one minor version" (drift.md §3). Two apart can
 * only be a stuck or botched upgrade; on EKS, where AWS runs the apiservers, it is a support case.
 */
function checkApiServers(apiservers: ApiServerRange): Finding<SkewCode>[] {
  const apart = minorDistance(apiservers.oldest, apiservers.newest);
  if (apart <= 1) return [];
  return [
    {
      code: "apiserver-skew",
      severity: "error",
      subject: "control plane",
      explanation: `The apiservers run ${formatMinor(apiservers.oldest)} and ${formatMinor(apiservers.newest)}, ${apart} minor versions apart; kube-apiserver instances must be within one minor version of each other.`,
      nextStep: "Check the cluster's update status (aws eks list-updates / describe-update) and open an AWS support case if the control-plane upgrade is stuck.",
    },
  ];
}

export { checkApiServers };
