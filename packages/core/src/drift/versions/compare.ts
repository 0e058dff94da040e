import { formatMinor, minorVersion, type KubeVersion } from "./kube-version";

/**
 * Orders two versions by minor only: patches and suffixes never count (drift.md §4 S7), so "v1.30.2-eks-…" and
 * "1.30" compare equal. Returns -1, 0 or 1, usable as a sort comparator.
 */
function compareMinor(a: KubeVersion, b: KubeVersion): -1 | 0 | 1 {
  return Math.sign(a.major - b.major || a.minor - b.minor) as -1 | 0 | 1;
}

/** How many minor versions apart two versions are, in either direction (1.27 and 1.30 → 3). */
function minorDistance(a: KubeVersion, b: KubeVersion): number {
  return Math.abs(signedMinors(a, b));
}

/** The version one minor up (1.30 → 1.31): the only step an EKS control-plane upgrade can take. */
function nextMinor(version: KubeVersion): KubeVersion {
  return minorVersion(version.major, version.minor + 1);
}

/**
 * `to.minor − from.minor`. Refuses versions of different majors instead of returning a number that means nothing;
 * the parser never produces them, but a `KubeVersion` can also be written by hand.
 */
function signedMinors(from: KubeVersion, to: KubeVersion): number {
  if (from.major !== to.major) throw new RangeError(`Cannot count minor versions between ${formatMinor(from)} and ${formatMinor(to)}: different major versions`);
  return to.minor - from.minor;
}

export { compareMinor, minorDistance, nextMinor, signedMinors };
