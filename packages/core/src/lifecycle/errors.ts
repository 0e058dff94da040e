import type { LifecycleActionRef } from "./types";

/**
 * How Auto Scaling's answers are told apart. The SDK does not model ValidationError, so it arrives as the service's
 * base exception with that name; the message is the only thing that says the action is finished ("No active Lifecycle
 * Action found with instance ID i-…" or "… with token …", drain.md §4, kops #16582).
 */
interface AwsErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $retryable?: { throttling?: boolean };
}

const THROTTLING_NAMES = new Set(["Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"]);

function asAwsError(error: unknown): AwsErrorLike {
  return typeof error === "object" && error !== null ? (error as AwsErrorLike) : {};
}

/** The action was completed, timed out, or never existed: nothing more can be done to it. */
function isNoActiveAction(error: unknown): boolean {
  const e = asAwsError(error);
  return e.name === "ValidationError" && /No active Lifecycle Action found/i.test(e.message ?? "");
}

function isThrottling(error: unknown): boolean {
  const e = asAwsError(error);
  return THROTTLING_NAMES.has(e.name ?? "") || e.$metadata?.httpStatusCode === 429 || e.$retryable?.throttling === true;
}

/** Worth trying again later: throttling, or ResourceContentionFault (another update to the group is in progress). */
function isRetryable(error: unknown): boolean {
  return isThrottling(error) || asAwsError(error).name === "ResourceContentionFault";
}

/** "ValidationError: No active …" for logs and messages. */
function describeError(error: unknown): string {
  const e = asAwsError(error);
  if (e.name === undefined && e.message === undefined) return String(error);
  return `${e.name ?? "Error"}: ${e.message ?? ""}`;
}

function describeAction(action: LifecycleActionRef): string {
  return `instance ${action.instanceId} (hook "${action.lifecycleHookName}" of Auto Scaling group "${action.autoScalingGroupName}")`;
}

/** IAM refused the call: the error itself, or the one it wraps as its cause (LifecycleActionError). */
function isAccessDenied(error: unknown): boolean {
  const denied = (candidate: unknown) => /AccessDenied|UnauthorizedOperation/.test(String(asAwsError(candidate).name ?? ""));
  return denied(error) || (error instanceof Error && error.cause !== undefined && denied(error.cause));
}

/** What to do about a failure the caller cannot fix by retrying. */
function remedyFor(error: unknown, operation: string): string {
  const name = asAwsError(error).name ?? "";
  if (isAccessDenied(error)) return ` The function's role needs autoscaling:${operation}.`;
  if (name === "ValidationError") return " Check the group and hook names in the event.";
  if (isRetryable(error)) return " Auto Scaling kept refusing it; unless a later run completes it, the action times out to the hook's DefaultResult.";
  return "";
}

/** A lifecycle call that failed for good: names the operation, the action, the cause and, when known, the fix. */
class LifecycleActionError extends Error {
  override readonly name = "LifecycleActionError";
  readonly operation: string;
  readonly action: LifecycleActionRef;
  readonly attempts: number;

  /** `operation` is the API name (it is also the IAM action); `detail` qualifies it, e.g. the result sent. */
  constructor(operation: string, action: LifecycleActionRef, cause: unknown, options: { attempts?: number; detail?: string } = {}) {
    const attempts = options.attempts ?? 1;
    const what = options.detail ? `${operation} (${options.detail})` : operation;
    const tries = attempts > 1 ? ` after ${attempts} attempts` : "";
    super(`${what} for ${describeAction(action)} failed${tries}: ${describeError(cause)}.${remedyFor(cause, operation)}`, { cause });
    this.operation = operation;
    this.action = action;
    this.attempts = attempts;
  }
}

export { describeAction, describeError, isAccessDenied, isNoActiveAction, isRetryable, isThrottling, LifecycleActionError };
