import type { KubeVersion } from "../versions";
import { checkApiServers } from "./apiservers";
import { UPGRADE_BLOCKING_CODES, type SkewCode } from "./codes";
import { checkEksStrict, type EksStrictMode } from "./eks-strict";
import type { Finding } from "./finding";
import { checkKubectl } from "./kubectl";
import { checkKubelet } from "./kubelet";
import { checkKubeProxy, checkKubeProxyWithKubelet } from "./kube-proxy";
import type { KubeProxyVersion, NodegroupVersion, NodeVersion } from "./nodes";
import type { ApiServerRange } from "./policy";

/** Everything the skew rules look at in one cluster, already parsed. */
interface SkewSnapshot {
  /** `apiServerRange(cluster.version)` for a settled EKS cluster; two versions when a mid-upgrade mix is visible. */
  apiservers: ApiServerRange;
  nodes: readonly NodeVersion[];
  /** Managed node groups from `DescribeNodegroup`; only EKS strict mode reads them. */
  nodegroups?: readonly NodegroupVersion[];
  /** Absent when EKS Auto Mode provides kube-proxy or no DaemonSet exists: the kube-proxy rules are then skipped. */
  kubeProxy?: KubeProxyVersion;
  /** Optional, for runbooks: the kubectl that will be used against this cluster. */
  kubectl?: KubeVersion;
}

interface SkewOptions {
  /** How EKS's "node groups must match" statement is reported; see `checkEksStrict`. Default "warning". */
  eksStrict?: EksStrictMode;
}

/**
 * Every skew rule over one cluster, in a fixed order (apiservers, kubelets, kube-proxy, kube-proxy beside each
 * kubelet, kubectl, EKS strict mode) so reports and fingerprints are stable from run to run.
 */
function evaluateSkew(snapshot: SkewSnapshot, options: SkewOptions = {}): Finding<SkewCode>[] {
  const { apiservers, nodes, kubeProxy, kubectl } = snapshot;
  return [
    ...checkApiServers(apiservers),
    ...nodes.flatMap((node) => checkKubelet(node, apiservers)),
    ...(kubeProxy ? checkKubeProxy(kubeProxy, apiservers) : []),
    ...(kubeProxy ? nodes.flatMap((node) => checkKubeProxyWithKubelet(kubeProxy, node)) : []),
    ...(kubectl ? checkKubectl(kubectl, apiservers) : []),
    ...checkEksStrict(apiservers.newest, nodes, snapshot.nodegroups ?? [], options.eksStrict),
  ];
}

/**
 * What stands in the way of moving the control plane one minor up: components at their skew limit (they would be
 * out of support at version+1), components already out of support (they would fall further behind) and, unless
 * strict mode is off, the EKS "must match" statements. See `UPGRADE_BLOCKING_CODES`.
 */
function upgradeBlockers(snapshot: SkewSnapshot, options: SkewOptions = {}): Finding<SkewCode>[] {
  return evaluateSkew(snapshot, options).filter((finding) => UPGRADE_BLOCKING_CODES.has(finding.code));
}

export { evaluateSkew, upgradeBlockers };
export type { SkewOptions, SkewSnapshot };
