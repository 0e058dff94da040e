/**
 * "error": outside a supported configuration now (or certain to be after something already scheduled).
 * "warning": supported now, but it stands in the way of something (the next upgrade, a cost, a deadline).
 * "info": worth knowing, nothing to do yet.
 */
const FINDING_SEVERITIES = ["error", "warning", "info"] as const;

type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/**
 * One statement about one thing, written for the person who has to act on it. `code` is stable (it goes into
 * notification fingerprints); `subject` names the thing ("node ip-10-0-1-5…", "managed node group ng-a") without the
 * cluster, which the caller adds.
 */
interface Finding<Code extends string = string> {
  code: Code;
  severity: FindingSeverity;
  subject: string;
  explanation: string;
  nextStep: string;
}

export { FINDING_SEVERITIES };
export type { Finding, FindingSeverity };
