import type { Finding, FindingSeverity } from "../skew";
import type { DriftCode } from "./codes";

/**
 * One finding about one cluster, ready to notify. `fingerprint` is `<account>/<region>/<cluster>/<code>/<subject>`:
 * stable across runs while the same rule fires on the same thing (subjects name groups, not individual nodes, so a
 * Karpenter or Fargate node replaced by another does not look new), and the de-duplication key of notifications.
 */
interface DriftFinding {
  code: DriftCode;
  severity: FindingSeverity;
  cluster: string;
  subject: string;
  explanation: string;
  nextStep: string;
  fingerprint: string;
  /**
   * The thing was changing when it was read (cluster or node group UPDATING): the finding may be a passing state of
   * a rolling upgrade, so notifiers may hold it back. Absent when not.
   */
  transitional?: true;
}

interface FingerprintScope {
  account?: string;
  region?: string;
  cluster: string;
}

function fingerprintOf(scope: FingerprintScope, code: string, subject: string): string {
  return [scope.account ?? "unknown-account", scope.region ?? "unknown-region", scope.cluster, code, subject].join("/");
}

/** A module finding (skew, support or this module's own) placed in its cluster. */
function placeFinding(scope: FingerprintScope, finding: Finding<DriftCode>, transitional = false): DriftFinding {
  return {
    code: finding.code,
    severity: finding.severity,
    cluster: scope.cluster,
    subject: finding.subject,
    explanation: finding.explanation,
    nextStep: finding.nextStep,
    fingerprint: fingerprintOf(scope, finding.code, finding.subject),
    ...(transitional ? { transitional: true as const } : {}),
  };
}

export { fingerprintOf, placeFinding };
export type { DriftFinding, FingerprintScope };
