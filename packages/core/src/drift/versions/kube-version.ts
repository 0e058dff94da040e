/**
 * A Kubernetes version as the skew rules need it. Only `major` and `minor` take part in any rule (the skew policy
 * never looks at patches, drift.md §4 S7); `patch` and `suffix` are kept so reports can show what was read.
 */
interface KubeVersion {
  major: number;
  minor: number;
  /** Absent for minor-only versions such as `DescribeCluster.version` ("1.30"). */
  patch?: number;
  /** The text as it was given, e.g. "v1.29.3-eks-ae9a62a". */
  raw: string;
  /** Everything after the numbers, with its separator: "-eks-ae9a62a", "+k3s1", "-minimal-eksbuild.1". */
  suffix?: string;
}

/** A minor-only version built from numbers, for targets such as "the control plane one minor up". */
function minorVersion(major: number, minor: number): KubeVersion {
  return { major, minor, raw: `${major}.${minor}` };
}

/** "1.30": how findings name a version, since only the minor matters to the rules. */
function formatMinor(version: KubeVersion): string {
  return `${version.major}.${version.minor}`;
}

export { formatMinor, minorVersion };
export type { KubeVersion };
