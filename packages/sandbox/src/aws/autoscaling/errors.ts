import { AutoScalingServiceException, InvalidNextToken, LimitExceededFault } from "@aws-sdk/client-auto-scaling";
import { queryError } from "../core/query-error";

/** Auto Scaling's errors as the SDK surfaces them; `ValidationError` is not modelled, so it is the base exception. */
function validationError(message: string): Error {
  return queryError(AutoScalingServiceException, { code: "ValidationError", message, httpStatusCode: 400, type: "Sender" });
}

/** Wording of the group-level ValidationError seen from DeleteAutoScalingGroup / SetDesiredCapacity. */
function groupNotFound(name: string): Error {
  return validationError(`AutoScalingGroup name not found - AutoScalingGroup ${name} not found`);
}

/** The error for a finished, timed-out or unknown lifecycle action (verbatim from AWS, see drain.md §4). */
function noActiveActionForInstance(instanceId: string): Error {
  return validationError(`No active Lifecycle Action found with instance ID ${instanceId}`);
}

function noActiveActionForToken(token: string): Error {
  return validationError(`No active Lifecycle Action found with token ${token}`);
}

function invalidNextToken(): Error {
  return new InvalidNextToken({ message: "The token is invalid.", $metadata: { httpStatusCode: 400 } });
}

function tooManyHooks(): Error {
  return new LimitExceededFault({
    message: "The maximum number of lifecycle hooks for this Auto Scaling group (50) has been reached.",
    $metadata: { httpStatusCode: 400 },
  });
}

export { groupNotFound, invalidNextToken, noActiveActionForInstance, noActiveActionForToken, tooManyHooks, validationError };
