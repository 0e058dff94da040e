/** Every code the skew rules emit. Kept in one list so notifications and tests can refer to them by name. */
const SKEW_CODES = [
  "apiserver-skew",
  "kubelet-newer-than-apiserver",
  "kubelet-too-old",
  "kubelet-blocks-upgrade",
  "kubelet-behind",
  "kube-proxy-newer-than-apiserver",
  "kube-proxy-too-old",
  "kube-proxy-blocks-upgrade",
  "kube-proxy-behind",
  "kube-proxy-kubelet-skew",
  "kubectl-unsupported",
  "eks-strict-version-mismatch",
] as const;

type SkewCode = (typeof SKEW_CODES)[number];

/**
 * The findings that stand in the way of moving the control plane one minor up: components at the skew limit (they
 * would fall out of support), components already out of support (they would fall further), and the EKS strict-mode
 * statements (they may make `UpdateClusterVersion` refuse). A kubelet newer than the control plane is not here:
 * upgrading the control plane is one way to fix it.
 */
const UPGRADE_BLOCKING_CODES: ReadonlySet<SkewCode> = new Set([
  "kubelet-too-old",
  "kubelet-blocks-upgrade",
  "kube-proxy-too-old",
  "kube-proxy-blocks-upgrade",
  "eks-strict-version-mismatch",
]);

export { SKEW_CODES, UPGRADE_BLOCKING_CODES };
export type { SkewCode };
