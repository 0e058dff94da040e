import type { CompleteLifecycleActionType, RecordLifecycleActionHeartbeatType } from "@aws-sdk/client-auto-scaling";
import { noActiveActionForInstance, noActiveActionForToken, validationError } from "./errors";
import type { LifecycleActionRecord, LifecycleActions } from "./lifecycle-actions";
import type { LifecycleActionResult } from "./spec";

/**
 * RecordLifecycleActionHeartbeat and CompleteLifecycleAction. The token, else the instance id, designates the action;
 * a finished, timed-out or unknown action is AWS's ValidationError "No active Lifecycle Action found with …".
 */
interface Designation {
  AutoScalingGroupName?: string | undefined;
  LifecycleHookName?: string | undefined;
  LifecycleActionToken?: string | undefined;
  InstanceId?: string | undefined;
}

function designatedAction(actions: LifecycleActions, input: Designation): LifecycleActionRecord {
  const token = input.LifecycleActionToken;
  const instanceId = input.InstanceId;
  if (token === undefined && instanceId === undefined) throw validationError("Either LifecycleActionToken or InstanceId must be specified.");
  const action = actions.findActive(input.AutoScalingGroupName ?? "", input.LifecycleHookName ?? "", { token, instanceId });
  if (action) return action;
  throw token !== undefined ? noActiveActionForToken(token) : noActiveActionForInstance(instanceId ?? "");
}

function recordHeartbeat(actions: LifecycleActions, input: RecordLifecycleActionHeartbeatType): Record<string, never> {
  actions.heartbeat(designatedAction(actions, input));
  return {};
}

function completeLifecycleAction(actions: LifecycleActions, input: CompleteLifecycleActionType): Record<string, never> {
  const result = input.LifecycleActionResult;
  if (result !== "CONTINUE" && result !== "ABANDON") {
    throw validationError(`Invalid value ${JSON.stringify(result ?? "")} for LifecycleActionResult. Valid values are CONTINUE and ABANDON.`);
  }
  actions.complete(designatedAction(actions, input), result satisfies LifecycleActionResult, "api");
  return {};
}

export { completeLifecycleAction, recordHeartbeat };
