import { type AutoScalingClient, RecordLifecycleActionHeartbeatCommand } from "@aws-sdk/client-auto-scaling";
import { describeAction, describeError, isNoActiveAction } from "./errors";
import type { HeartbeatOutcome, LifecycleActionRef, LifecycleLogger } from "./types";

/**
 * One RecordLifecycleActionHeartbeat. Never throws: a heartbeat is an optimisation the drain must survive without, so
 * throttling and other errors are logged and reported as "failed" (the next heartbeat may get through), while "No
 * active Lifecycle Action" means the action is over and heartbeating must stop (NTH TestSendHeartbeats_*).
 */
async function heartbeat(autoscaling: AutoScalingClient, logger: LifecycleLogger, action: LifecycleActionRef): Promise<HeartbeatOutcome> {
  try {
    await autoscaling.send(
      new RecordLifecycleActionHeartbeatCommand({
        AutoScalingGroupName: action.autoScalingGroupName,
        LifecycleHookName: action.lifecycleHookName,
        InstanceId: action.instanceId,
        ...(action.token !== undefined ? { LifecycleActionToken: action.token } : {}),
      }),
    );
    return "recorded";
  } catch (error) {
    if (isNoActiveAction(error)) {
      logger.info(`lifecycle action for ${describeAction(action)} is no longer active; heartbeats stop`, { error: describeError(error) });
      return "gone";
    }
    logger.warn(`heartbeat for ${describeAction(action)} failed; the next one will try again`, { error: describeError(error) });
    return "failed";
  }
}

export { heartbeat };
