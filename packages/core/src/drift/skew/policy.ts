import { formatMinor, minorVersion, signedMinors, type KubeVersion } from "../versions";

/**
 * From kubelet/kube-proxy 1.25 on, a node component may be 3 minors behind kube-apiserver; before that, 2 (drift.md
 * §3, S1). The exception is keyed on the node component's own version, not the apiserver's: the n-3 window arrived
 * with Kubernetes 1.28, and a 1.25+ component can only be 3 behind an apiserver at 1.28 or later, so keying on the
 * component alone reproduces the policy of every release.
 */
const N3_SINCE_MINOR = 25;

/** The oldest and newest kube-apiserver in the cluster; the same version twice when there is one (the usual EKS case). */
interface ApiServerRange {
  oldest: KubeVersion;
  newest: KubeVersion;
}

/**
 * Where a kubelet or kube-proxy stands against the apiservers (S2 for the kubelet, S4 for kube-proxy; the statements
 * are the same). `behind` counts from the newest apiserver and is negative when the component is ahead of it; `limit`
 * is how far behind this component may be.
 */
type NodeComponentVerdict =
  | { status: "newer"; behind: number; limit: number }
  | { status: "too-old"; behind: number; limit: number }
  | { status: "supported"; behind: number; limit: number; blocksNextUpgrade: boolean };

/** S1: how many minors behind kube-apiserver this kubelet or kube-proxy may be. */
function maxOlderMinors(component: KubeVersion): 2 | 3 {
  return component.minor >= N3_SINCE_MINOR ? 3 : 2;
}

/** Builds the range from every apiserver version seen (one for a settled cluster, two mid-upgrade). */
function apiServerRange(first: KubeVersion, ...rest: readonly KubeVersion[]): ApiServerRange {
  let oldest = first;
  let newest = first;
  for (const version of rest) {
    if (signedMinors(version, oldest) > 0) oldest = version;
    if (signedMinors(newest, version) > 0) newest = version;
  }
  return { oldest, newest };
}

/** How many minors `component` is behind `reference`; negative when it is ahead. Patches never count (S7). */
function minorsBehind(component: KubeVersion, reference: KubeVersion): number {
  return signedMinors(component, reference);
}

/**
 * S2/S4, with the HA narrowing: never newer than the *oldest* apiserver, never further behind the *newest* than the
 * component's own limit. S3: a supported component blocks the next upgrade when one more minor of distance
 * (T = newest + 1) would exceed that limit.
 */
function nodeComponentVerdict(component: KubeVersion, apiservers: ApiServerRange): NodeComponentVerdict {
  const behind = minorsBehind(component, apiservers.newest);
  const limit = maxOlderMinors(component);
  if (minorsBehind(component, apiservers.oldest) < 0) return { status: "newer", behind, limit };
  if (behind > limit) return { status: "too-old", behind, limit };
  return { status: "supported", behind, limit, blocksNextUpgrade: behind + 1 > limit };
}

/** The oldest kubelet/kube-proxy minor an apiserver at `newest` supports: 1.30 → 1.27, 1.27 → 1.25, 1.26 → 1.24. */
function oldestSupportedMinor(newest: KubeVersion): KubeVersion {
  const threeBack = newest.minor - 3;
  return minorVersion(newest.major, threeBack >= N3_SINCE_MINOR ? threeBack : newest.minor - 2);
}

/** "1.27 to 1.30": the node component versions these apiservers support, for explanations. */
function supportedNodeRange(apiservers: ApiServerRange): string {
  return `${formatMinor(oldestSupportedMinor(apiservers.newest))} to ${formatMinor(apiservers.oldest)}`;
}

export { apiServerRange, maxOlderMinors, minorsBehind, N3_SINCE_MINOR, nodeComponentVerdict, oldestSupportedMinor, supportedNodeRange };
export type { ApiServerRange, NodeComponentVerdict };
