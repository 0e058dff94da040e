import type { ClusterFacts, DriftProblem } from "../collect";
import type { EksStrictMode, Finding } from "../skew";
import { InvalidSupportDataError } from "../support";
import { addonFindings } from "./addon-findings";
import { clusterSnapshot } from "./cluster-snapshot";
import type { DriftCode } from "./codes";
import { type DriftFinding, placeFinding } from "./drift-finding";
import { DEFAULT_HOOK_NAME, hookFindings } from "./hook-findings";
import { insightFindings } from "./insight-findings";
import { nodegroupFindings } from "./nodegroup-findings";
import { platformFindings } from "./platform-findings";
import { problemFindings } from "./problem-findings";
import { statusFindings } from "./status-findings";
import { skewFindings, supportFindings } from "./version-findings";

interface AssessOptions {
  /** The day the support window is measured from. */
  now: Date;
  /** How EKS's "node groups must match" statement is reported (`checkEksStrict`); default "warning". */
  eksStrict?: EksStrictMode;
  /** The terminate hook Caretaker's drain listens to; default "caretaker-drain". */
  hookName?: string;
  /** Days ahead of a support deadline to start warning; default `DEFAULT_ALERT_WINDOW_DAYS`. */
  alertWindowDays?: number;
}

const ASSESSED_STATUSES = new Set(["ACTIVE", "UPDATING"]);

/** The rules that compare versions with the control plane's; the support problems they find on the way are returned. */
function versionRuleFindings(facts: ClusterFacts, options: AssessOptions, problems: DriftProblem[]): Finding<DriftCode>[] {
  const snapshot = clusterSnapshot(facts);
  const findings: Finding<DriftCode>[] = [];
  if (snapshot) {
    findings.push(...skewFindings(snapshot, options.eksStrict));
    try {
      findings.push(...supportFindings(facts, snapshot, options.now, options.alertWindowDays));
    } catch (error) {
      if (!(error instanceof InvalidSupportDataError)) throw error;
      problems.push({ check: "support", message: `${error.message}.` });
    }
  }
  // EKS strict mode's statement about a group already says its version is behind, with the same remedy.
  const strict = new Set(findings.filter((finding) => finding.code === "eks-strict-version-mismatch").map((finding) => finding.subject));
  findings.push(...platformFindings(facts), ...nodegroupFindings(facts.cluster, facts.nodegroups, snapshot?.controlPlane, strict));
  return findings;
}

/** Findings about something that was changing when read: the whole cluster when UPDATING, else an UPDATING node group. */
function isTransitional(facts: ClusterFacts): (finding: Finding) => boolean {
  if (facts.controlPlane?.status === "UPDATING") return () => true;
  const updating = facts.nodegroups.filter((group) => group.status === "UPDATING").flatMap((group) => [`managed node group ${group.name}`, `nodes of managed node group ${group.name}`]);
  const subjects = new Set(updating);
  return (finding) => subjects.has(finding.subject);
}

/** Two findings of one rule about one subject would share a fingerprint; the later ones get a number. */
function uniqueSubjects(findings: readonly Finding<DriftCode>[]): Finding<DriftCode>[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const key = `${finding.code}\u0000${finding.subject}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? finding : { ...finding, subject: `${finding.subject} #${count}` };
  });
}

/**
 * Everything drift detection says about one cluster, from its facts (drift.md §15): status, the skew rules (node
 * findings folded into their groups), the support window and forced-upgrade projection, the platform version,
 * managed node group drift, add-on compatibility, EKS insights, Auto Scaling groups without the drain hook, and one
 * finding per part that could not be checked. Pure: the same facts and options give the same findings, in the same
 * order, with the same fingerprints.
 */
function assessCluster(facts: ClusterFacts, options: AssessOptions): DriftFinding[] {
  const problems: DriftProblem[] = [...facts.problems];
  const findings: Finding<DriftCode>[] = [...statusFindings(facts)];
  if (ASSESSED_STATUSES.has(facts.controlPlane?.status ?? "")) {
    findings.push(
      ...versionRuleFindings(facts, options, problems),
      ...facts.addons.flatMap((addon) => addonFindings(facts.cluster, addon)),
      ...insightFindings(facts.cluster, facts.insights),
      ...hookFindings(facts.autoScalingGroups, options.hookName ?? DEFAULT_HOOK_NAME),
    );
  }
  findings.push(...problemFindings(problems));
  const scope = { ...(facts.account ? { account: facts.account } : {}), ...(facts.region ? { region: facts.region } : {}), cluster: facts.cluster };
  const transitional = isTransitional(facts);
  return uniqueSubjects(findings).map((finding) => placeFinding(scope, finding, transitional(finding)));
}

export { assessCluster };
export type { AssessOptions };
