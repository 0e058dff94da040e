import type { LifecycleHook, PutLifecycleHookType } from "@aws-sdk/client-auto-scaling";
import { validationError } from "./errors";
import type { LifecycleActionResult, LifecycleTransition } from "./spec";

/**
 * Lifecycle hook rules from the API reference (drain.md §4): HeartbeatTimeout 30..7200 s (default 3600), DefaultResult
 * CONTINUE|ABANDON (default ABANDON), GlobalTimeout = min(48 h, 100 × HeartbeatTimeout). PutLifecycleHook creates or
 * updates, so an update keeps the members it does not set.
 */
const MIN_HEARTBEAT_S = 30;
const MAX_HEARTBEAT_S = 7200;
const DEFAULT_HEARTBEAT_S = 3600;
const MAX_GLOBAL_TIMEOUT_S = 172_800;
const TRANSITIONS = new Set<string>(["autoscaling:EC2_INSTANCE_LAUNCHING", "autoscaling:EC2_INSTANCE_TERMINATING"]);
const RESULTS = new Set<string>(["CONTINUE", "ABANDON"]);

interface HookRecord {
  name: string;
  groupName: string;
  transition: LifecycleTransition;
  heartbeatTimeoutS: number;
  globalTimeoutS: number;
  defaultResult: LifecycleActionResult;
  notificationMetadata?: string;
  notificationTargetArn?: string;
  roleArn?: string;
}

function globalTimeoutFor(heartbeatTimeoutS: number): number {
  return Math.min(MAX_GLOBAL_TIMEOUT_S, 100 * heartbeatTimeoutS);
}

/** The hook after applying a PutLifecycleHook request to `existing` (or creating it); throws AWS's ValidationError. */
function applyPutLifecycleHook(existing: HookRecord | undefined, input: PutLifecycleHookType): HookRecord {
  const name = input.LifecycleHookName ?? "";
  if (!/^[A-Za-z0-9\-_/]{1,255}$/.test(name)) {
    throw validationError(`Lifecycle hook name ${JSON.stringify(name)} is invalid: use 1 to 255 characters from A-Z, a-z, 0-9, -, _ and /.`);
  }
  const transition = input.LifecycleTransition ?? existing?.transition;
  if (transition === undefined) throw validationError("LifecycleTransition is required when creating a lifecycle hook.");
  if (!TRANSITIONS.has(transition)) throw validationError(`Invalid LifecycleTransition: ${transition}`);
  const heartbeatTimeoutS = input.HeartbeatTimeout ?? existing?.heartbeatTimeoutS ?? DEFAULT_HEARTBEAT_S;
  if (!Number.isInteger(heartbeatTimeoutS) || heartbeatTimeoutS < MIN_HEARTBEAT_S || heartbeatTimeoutS > MAX_HEARTBEAT_S) {
    throw validationError(`HeartbeatTimeout must be between ${MIN_HEARTBEAT_S} and ${MAX_HEARTBEAT_S} seconds (got ${heartbeatTimeoutS}).`);
  }
  const defaultResult = input.DefaultResult ?? existing?.defaultResult ?? "ABANDON";
  if (!RESULTS.has(defaultResult)) throw validationError(`Invalid DefaultResult: ${defaultResult}. Valid values are CONTINUE and ABANDON.`);
  const notificationMetadata = input.NotificationMetadata ?? existing?.notificationMetadata;
  if (notificationMetadata !== undefined && notificationMetadata.length > 1023) {
    throw validationError("NotificationMetadata must be at most 1023 characters.");
  }
  const notificationTargetArn = input.NotificationTargetARN ?? existing?.notificationTargetArn;
  const roleArn = input.RoleARN ?? existing?.roleArn;
  return {
    name,
    groupName: input.AutoScalingGroupName ?? "",
    transition: transition as LifecycleTransition,
    heartbeatTimeoutS,
    globalTimeoutS: globalTimeoutFor(heartbeatTimeoutS),
    defaultResult: defaultResult as LifecycleActionResult,
    ...(notificationMetadata !== undefined ? { notificationMetadata } : {}),
    ...(notificationTargetArn !== undefined ? { notificationTargetArn } : {}),
    ...(roleArn !== undefined ? { roleArn } : {}),
  };
}

function hookShape(hook: HookRecord): LifecycleHook {
  return {
    LifecycleHookName: hook.name,
    AutoScalingGroupName: hook.groupName,
    LifecycleTransition: hook.transition,
    ...(hook.notificationTargetArn !== undefined ? { NotificationTargetARN: hook.notificationTargetArn } : {}),
    ...(hook.roleArn !== undefined ? { RoleARN: hook.roleArn } : {}),
    ...(hook.notificationMetadata !== undefined ? { NotificationMetadata: hook.notificationMetadata } : {}),
    HeartbeatTimeout: hook.heartbeatTimeoutS,
    GlobalTimeout: hook.globalTimeoutS,
    DefaultResult: hook.defaultResult,
  };
}

export { applyPutLifecycleHook, globalTimeoutFor, hookShape };
export type { HookRecord };
