import type { RememberedFinding } from "../changes";
import type { CheckArea, DriftProblem } from "../collect";
import { SUPPORT_CODES } from "../support";

/**
 * Which remembered findings a part of the check vouches for: when that part could not run, their absence this time
 * proves nothing, so they stay open instead of being announced as resolved. A failed `cluster` read vouches for
 * nothing at all.
 */
const AREA_CODES: Record<Exclude<CheckArea, "cluster">, (code: string) => boolean> = {
  nodes: (code) => code.startsWith("kubelet-") || code === "kube-proxy-kubelet-skew" || code === "eks-strict-version-mismatch" || code === "forced-upgrade-breaks-skew",
  "kube-proxy": (code) => code.startsWith("kube-proxy-") || code === "forced-upgrade-breaks-skew",
  nodegroups: (code) => code.startsWith("nodegroup-") || code === "eks-strict-version-mismatch",
  "ami-releases": (code) => code === "nodegroup-ami-behind",
  addons: (code) => code.startsWith("addon-") || code.startsWith("kube-proxy-"),
  insights: (code) => code.startsWith("insight-"),
  // The next version's add-on list and the default platform version come with the support dates.
  support: (code) => (SUPPORT_CODES as readonly string[]).includes(code) || code === "platform-version-behind" || code === "addon-blocks-upgrade",
  // Without the groups, self-managed nodes fall into "nodes outside any known group": their findings change subject.
  "auto-scaling-groups": (code) => code === "asg-without-drain-hook" || code.startsWith("kubelet-"),
};

function uncheckedBy(problems: readonly DriftProblem[]): ((finding: RememberedFinding) => boolean) | undefined {
  if (problems.length === 0) return undefined;
  if (problems.some((problem) => problem.check === "cluster")) return () => true;
  const tests = [...new Set(problems.map((problem) => problem.check as Exclude<CheckArea, "cluster">))].map((area) => AREA_CODES[area]);
  return (finding) => tests.some((test) => test(finding.code));
}

export { uncheckedBy };
