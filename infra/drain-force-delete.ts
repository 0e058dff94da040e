import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import type { DrainRule } from "./drain-rules";

/**
 * Whether the deployed drain may delete pods, and so needs `pods delete` in the drainer's RBAC (recorded in the
 * deployment descriptor as `drain.forceDelete`, which `caretaker bootstrap --stage` applies). Plain data, no SST
 * globals: tests import this module.
 */

type ForceDeleteConfig = Pick<ResolvedCaretakerConfig, "rebalance" | "drain">;
type Trigger = "lifecycle" | "spotInterruption" | "rebalanceRecommendation" | "stateChange" | "scheduledChange" | "manual";

/** The trigger whose settings apply to the events each rule sends the drain. */
const TRIGGER_OF_RULE: Record<DrainRule["key"], Trigger> = {
  LifecycleTerminate: "lifecycle",
  SpotInterruption: "spotInterruption",
  RebalanceRecommendation: "rebalanceRecommendation",
  StateChange: "stateChange",
  ScheduledChange: "scheduledChange",
};

/**
 * True when some drain the deploy enables may delete pods: `drain.options.disableEviction` (every drain DELETEs instead
 * of evicting), or an enabled trigger whose `onDeadline` is "force-delete". Enabled: the triggers whose events the
 * deploy routes to the drain (`rules`, the drain plan's: none without clusters, lifecycle only with Auto Scaling
 * groups, no rebalance rule with "ignore"), except rebalance recommendations in "cordon-only" mode, which never drain; and manual
 * drains, always (direct invocation). The config is core's, defaults filled: Spot interruptions and state changes
 * force-delete unless configured otherwise. `drain.options.onDeadline` is not read: every drain takes its trigger's.
 * A person's own `onDeadline` / `disableEviction` on one manual request is that request's, not the deployment's.
 */
function drainForceDeletes(config: ForceDeleteConfig, rules: readonly Pick<DrainRule, "key">[]): boolean {
  const { drain } = config;
  if (drain.options.disableEviction === true) return true;
  const triggers: Trigger[] = ["manual", ...rules.map((rule) => TRIGGER_OF_RULE[rule.key])];
  return triggers.some((trigger) => (trigger !== "rebalanceRecommendation" || config.rebalance === "drain") && drain[trigger].onDeadline === "force-delete");
}

export { drainForceDeletes };
export type { ForceDeleteConfig };
