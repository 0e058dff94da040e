import { CHECK_AREAS, type CheckArea, type DriftProblem } from "../collect";
import type { Finding } from "../skew";
import type { ClusterCode } from "./codes";

/** How each part of the collection is named in a report ("could not check the nodes"). */
const AREA_NAMES: Record<CheckArea, string> = {
  cluster: "the cluster",
  nodes: "the nodes' kubelet versions",
  "kube-proxy": "kube-proxy's version",
  nodegroups: "the managed node groups",
  "ami-releases": "the recommended AMI releases",
  addons: "the add-ons",
  insights: "the EKS upgrade insights",
  support: "the support window",
  "auto-scaling-groups": "the Auto Scaling groups' drain hooks",
};

/** How many messages one finding quotes before "and N more". */
const QUOTED = 3;

/**
 * One finding per part of the check that failed, fully or partly: a report with missing parts must not look clean.
 * The subject names the part, so the same failure run after run is one finding, and fixing it clears it.
 */
function problemFindings(problems: readonly DriftProblem[]): Finding<ClusterCode>[] {
  return CHECK_AREAS.flatMap((area): Finding<ClusterCode>[] => {
    const messages = problems.filter((problem) => problem.check === area).map((problem) => problem.message);
    if (messages.length === 0) return [];
    const more = messages.length > QUOTED ? ` (and ${messages.length - QUOTED} more problems)` : "";
    return [
      {
        code: "check-incomplete",
        severity: "warning",
        subject: `check of ${AREA_NAMES[area]}`,
        explanation: `Caretaker could not fully check ${AREA_NAMES[area]}: ${messages.slice(0, QUOTED).join(" ")}${more} Findings that depend on it may be missing.`,
        nextStep: "Fix what the message names (permissions, RBAC, connectivity); the next run checks again.",
      },
    ];
  });
}

export { problemFindings };
