import type { ClusterFacts } from "../collect";
import { evaluateSkew, type EksStrictMode, type Finding } from "../skew";
import { assessSupport, readClusterVersionInfo } from "../support";
import type { ClusterSnapshot } from "./cluster-snapshot";
import type { DriftCode } from "./codes";
import { groupNodeFindings } from "./group-node-findings";

/**
 * The skew rules (kubelets, kube-proxy, EKS strict mode) with per-node findings folded into their node groups
 * (drift.md checklist 3–7, 9, 10).
 */
function skewFindings(snapshot: ClusterSnapshot, eksStrict: EksStrictMode | undefined): Finding<DriftCode>[] {
  const findings = evaluateSkew(snapshot.skew, eksStrict ? { eksStrict } : {});
  return groupNodeFindings(findings, snapshot.nodes);
}

/**
 * The support window and the forced-upgrade projection (checklist 11). The projection takes every node as it is, so
 * its "breaks" list names real nodes; its findings are about the control plane, whose subject is stable.
 */
function supportFindings(facts: ClusterFacts, snapshot: ClusterSnapshot, now: Date, alertWindowDays: number | undefined): Finding<DriftCode>[] {
  const current = facts.versions.current;
  if (!current) return [];
  const dates = readClusterVersionInfo(current);
  const assessment = assessSupport({
    dates,
    ...(facts.controlPlane?.supportType ? { supportType: facts.controlPlane.supportType } : {}),
    now,
    cluster: { nodes: snapshot.skew.nodes, ...(snapshot.skew.kubeProxy ? { kubeProxy: snapshot.skew.kubeProxy } : {}) },
    ...(alertWindowDays !== undefined ? { alertWindowDays } : {}),
  });
  return assessment.findings;
}

export { skewFindings, supportFindings };
