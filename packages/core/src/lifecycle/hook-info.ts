import { type AutoScalingClient, DescribeLifecycleHooksCommand, type LifecycleHook } from "@aws-sdk/client-auto-scaling";
import { LifecycleActionError } from "./errors";
import type { LifecycleActionRef, LifecycleHookInfo } from "./types";

/** API defaults and limits (drain.md §4): heartbeat 3600 s, DefaultResult ABANDON, global min(48 h, 100 × heartbeat). */
const DEFAULT_HEARTBEAT_TIMEOUT_S = 3600;
const MAX_GLOBAL_TIMEOUT_S = 172_800;

function globalTimeoutSecondsFor(heartbeatTimeoutSeconds: number): number {
  return Math.min(MAX_GLOBAL_TIMEOUT_S, 100 * heartbeatTimeoutSeconds);
}

/** The hook as the protocol needs it, filling what the API may leave out with the documented defaults. */
function hookInfoOf(hook: LifecycleHook): LifecycleHookInfo {
  const heartbeatTimeoutSeconds = hook.HeartbeatTimeout ?? DEFAULT_HEARTBEAT_TIMEOUT_S;
  return {
    heartbeatTimeoutSeconds,
    globalTimeoutSeconds: hook.GlobalTimeout ?? globalTimeoutSecondsFor(heartbeatTimeoutSeconds),
    defaultResult: hook.DefaultResult === "CONTINUE" ? "CONTINUE" : "ABANDON",
  };
}

/** A missing group is a ValidationError ("AutoScalingGroup name not found …"): for the caller, no hook either. */
function isGroupNotFound(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === "ValidationError" && /not found/i.test(e.message ?? "");
}

async function describeHook(autoscaling: AutoScalingClient, action: LifecycleActionRef): Promise<LifecycleHookInfo | undefined> {
  try {
    const { LifecycleHooks } = await autoscaling.send(
      new DescribeLifecycleHooksCommand({ AutoScalingGroupName: action.autoScalingGroupName, LifecycleHookNames: [action.lifecycleHookName] }),
    );
    const hook = LifecycleHooks?.find((candidate) => candidate.LifecycleHookName === action.lifecycleHookName);
    return hook ? hookInfoOf(hook) : undefined;
  } catch (error) {
    if (isGroupNotFound(error)) return undefined;
    throw new LifecycleActionError("DescribeLifecycleHooks", action, error);
  }
}

export { describeHook, globalTimeoutSecondsFor, hookInfoOf };
