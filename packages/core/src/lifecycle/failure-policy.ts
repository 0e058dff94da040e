import { z } from "zod";
import type { LifecycleActionResult, LifecycleHookInfo } from "./types";

/**
 * What to do with the lifecycle action when a drain fails or runs out of time (drain.md §12 item 34): an explicit
 * choice, because each tool picked a different one and each has a cost.
 * - "leave": no call; the hook times out to its DefaultResult (NTH). Pods keep their chance to finish, but the
 *   instance lingers for up to the heartbeat timeout after the last heartbeat (NTH #535).
 * - "abandon": CompleteLifecycleAction ABANDON now (node-drainer). A terminating instance still terminates; the
 *   group's remaining lifecycle hooks are skipped.
 * - "continue": CompleteLifecycleAction CONTINUE now (force). The instance terminates; remaining hooks still run.
 * Whatever the choice, heartbeats stop (item 35). The default is NTH's "leave": the hook owner's DefaultResult decides.
 */
const FAILURE_POLICIES = ["leave", "abandon", "continue"] as const;

const FailurePolicySchema = z.enum(FAILURE_POLICIES).default("leave");

type FailurePolicy = (typeof FAILURE_POLICIES)[number];

type FailureDecision =
  | { call: "none"; explanation: string }
  | { call: "complete"; result: LifecycleActionResult; explanation: string };

/** The call the policy asks for after a failed or timed-out drain, with a sentence for the report. */
function failurePolicy(policy: FailurePolicy, hook?: LifecycleHookInfo): FailureDecision {
  switch (policy) {
    case "leave": {
      const result = hook ? `its DefaultResult (${hook.defaultResult})` : "its DefaultResult";
      const when = hook ? ` up to ${hook.heartbeatTimeoutSeconds} s after the last heartbeat` : " when the heartbeat timeout passes";
      return { call: "none", explanation: `lifecycle action left open: the hook applies ${result}${when}` };
    }
    case "abandon":
      return { call: "complete", result: "ABANDON", explanation: "lifecycle action abandoned: the instance terminates now and the group's remaining lifecycle hooks are skipped" };
    case "continue":
      return { call: "complete", result: "CONTINUE", explanation: "lifecycle action continued despite the failure: the instance terminates now and remaining lifecycle hooks still run" };
  }
}

export { FAILURE_POLICIES, failurePolicy, FailurePolicySchema };
export type { FailureDecision, FailurePolicy };
