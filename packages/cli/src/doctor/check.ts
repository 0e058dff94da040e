import { describeError } from "@caretaker/core/drift/collect";

/** How a check came out: ✓ fine, ! needs attention, ✗ broken. Anything but "ok" makes `caretaker doctor` exit 1. */
type CheckStatus = "ok" | "warn" | "fail";

/** The part of a stage a check is about; the checklist groups by it, in this order. */
const CHECK_AREAS = ["stage", "clusters", "hooks", "access", "dead-letters", "runs", "alerts", "network"] as const;
type CheckArea = (typeof CHECK_AREAS)[number];

interface CheckResult {
  area: CheckArea;
  /** What was checked, e.g. "prod-workers (prod)". */
  name: string;
  status: CheckStatus;
  /** What was found. */
  detail: string;
  /** What to do about it: commands or configuration, one step a line. Absent when the check passed. */
  fix?: string;
  /** Set when the check could not be made at all (permissions, throttling): reported, never passed. */
  unchecked?: true;
}

/** The errors AWS services answer a missing IAM permission with (names vary by service and protocol). */
const ACCESS_DENIED = new Set(["AccessDenied", "AccessDeniedException", "AuthorizationError", "UnauthorizedOperation", "UnauthorizedException", "AuthorizationErrorException"]);

function isAccessDenied(error: unknown): boolean {
  const { name = "", message = "", cause } = (error ?? {}) as { name?: string; message?: string; cause?: unknown };
  return ACCESS_DENIED.has(name) || /not authorized to perform/i.test(message) || (cause !== undefined && isAccessDenied(cause));
}

/**
 * A check that could not be made: a warning that says why and what would let it run (the IAM action when access was
 * denied), never a pass.
 */
function couldNotCheck(area: CheckArea, name: string, action: string, error: unknown): CheckResult {
  return {
    area,
    name,
    status: "warn",
    unchecked: true,
    detail: `not checked: ${action} failed: ${describeError(error)}`,
    fix: isAccessDenied(error)
      ? `Allow ${action} to the AWS credentials running caretaker doctor, then run it again.`
      : "Run caretaker doctor again; if it fails the same way, look at the error above.",
  };
}

/** Runs one check; whatever it throws becomes its own "not checked" result, so one failing check never stops the rest. */
async function guarded(area: CheckArea, name: string, action: string, check: () => Promise<CheckResult[]>): Promise<CheckResult[]> {
  try {
    return await check();
  } catch (error) {
    return [couldNotCheck(area, name, action, error)];
  }
}

/** What a check that needs the managed clusters reports when the Clusters check could not list or describe them. */
function blockedByClusters(area: CheckArea, name: string, what = "the managed clusters could not be listed"): CheckResult {
  return { area, name, status: "warn", unchecked: true, detail: `not checked: ${what} (see Clusters)`, fix: "Fix the Clusters check first." };
}

/** The command that creates a stage's access entries on a cluster and applies and verifies its RBAC. */
function bootstrapCommand(cluster: string, stage: string): string {
  return `caretaker bootstrap --cluster ${cluster} --stage ${stage}`;
}

export { blockedByClusters, bootstrapCommand, CHECK_AREAS, couldNotCheck, guarded, isAccessDenied };
export type { CheckArea, CheckResult, CheckStatus };
