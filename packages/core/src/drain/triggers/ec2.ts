import { z } from "zod";
import { instanceId, requiredString } from "./fields";
import { check } from "./issues";
import { built, type DetailOutcome, failed } from "./outcome";

/** AWS lists exactly these three ("hibernate, stop, or terminate"); anything else is not an EC2 event we understand. */
const SpotSchema = z.looseObject({
  "instance-id": instanceId(),
  "instance-action": z.enum(["terminate", "stop", "hibernate"]),
});

const RebalanceSchema = z.looseObject({ "instance-id": instanceId() });

const StateChangeSchema = z.looseObject({ "instance-id": instanceId(), state: requiredString() });

/**
 * The states aws-node-termination-handler drains on (`ec2-state-change-event.go`): the instance is going away.
 * Compared whole, not as NTH's substring of "stopping,stopped,shutting-down,terminated" (which also matches "stop").
 */
const DRAIN_STATES: ReadonlySet<string> = new Set(["stopping", "stopped", "shutting-down", "terminated"]);

/** `detail` of "EC2 Spot Instance Interruption Warning". */
function spotInterruptionDetail(detail: unknown, prefix: string): DetailOutcome {
  const checked = check(SpotSchema, detail, { prefix });
  if (!checked.ok) return failed(checked.problems);
  const { "instance-id": id, "instance-action": instanceAction } = checked.data;
  return built((facts) => ({ kind: "spot-interruption", ...facts, instanceId: id, instanceAction }));
}

/** `detail` of "EC2 Instance Rebalance Recommendation". */
function rebalanceDetail(detail: unknown, prefix: string): DetailOutcome {
  const checked = check(RebalanceSchema, detail, { prefix });
  if (!checked.ok) return failed(checked.problems);
  const id = checked.data["instance-id"];
  return built((facts) => ({ kind: "rebalance-recommendation", ...facts, instanceId: id }));
}

/** `detail` of "EC2 Instance State-change Notification": a drain only when the instance is stopping or going. */
function stateChangeDetail(detail: unknown, prefix: string): DetailOutcome {
  const checked = check(StateChangeSchema, detail, { prefix });
  if (!checked.ok) return failed(checked.problems);
  const { "instance-id": id, state } = checked.data;
  if (DRAIN_STATES.has(state.toLowerCase())) return built((facts) => ({ kind: "state-change", ...facts, instanceId: id, state: state.toLowerCase() }));
  return built((facts) => ({
    kind: "ignored",
    source: "eventbridge",
    event: `EC2 Instance State-change Notification (${state})`,
    reason: `instance ${id} entered "${state}"; only ${[...DRAIN_STATES].join(", ")} call for a drain`,
    eventId: facts.eventId,
    instanceId: id,
  }));
}

export { rebalanceDetail, spotInterruptionDetail, stateChangeDetail };
