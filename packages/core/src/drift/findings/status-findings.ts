import type { ClusterFacts } from "../collect";
import type { Finding } from "../skew";
import type { ClusterCode } from "./codes";

/**
 * Clusters that are not ACTIVE (checklist 1). UPDATING ones are assessed, with every finding marked transitional: a
 * rolling upgrade passes through mixed versions that are not drift. Any other status (CREATING, DELETING, FAILED,
 * PENDING) has nothing stable to compare, so the cluster is skipped with one finding saying so.
 */
function statusFindings(facts: ClusterFacts): Finding<ClusterCode>[] {
  const status = facts.controlPlane?.status;
  if (!status || status === "ACTIVE") return [];
  if (status === "UPDATING") {
    return [
      {
        code: "cluster-updating",
        severity: "info",
        subject: "cluster status",
        explanation: "The cluster was UPDATING when it was checked; versions may be mid-change, so the findings of this run are marked transitional.",
        nextStep: "Nothing yet: the next run checks it again once the update has finished.",
      },
    ];
  }
  return [
    {
      code: "cluster-not-active",
      severity: status === "FAILED" ? "warning" : "info",
      subject: "cluster status",
      explanation: `The cluster is ${status}, so its versions were not checked.`,
      nextStep: status === "FAILED" ? "See the cluster's health issues (aws eks describe-cluster) and recreate or repair it." : "Nothing: the next run checks it again.",
    },
  ];
}

export { statusFindings };
