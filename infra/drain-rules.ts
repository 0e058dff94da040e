import type { DrainInfraConfig } from "./drain-config";

/**
 * The EventBridge rules that feed the drain queue, as plain data. They live on the account's default bus, where AWS
 * services publish (drain.md §5). Only exact-value matching is used (arrays are OR, nested objects match `detail`).
 *
 * Scoping: only the lifecycle rule can be narrowed to Caretaker's groups, because only Auto Scaling events name the
 * group. EC2 and Health events carry an instance ID and no tags, so those rules see every instance in the account and
 * region; the function resolves the cluster from the instance's tags and leaves instances of no cluster alone.
 */

type EventPattern = { [key: string]: string[] | EventPattern };

interface DrainRule {
  /** Stable key, used in resource names. */
  key: "LifecycleTerminate" | "SpotInterruption" | "RebalanceRecommendation" | "StateChange" | "ScheduledChange";
  description: string;
  pattern: EventPattern;
}

/** EventBridge's default quota for a rule's event pattern (adjustable to 4096 through a quota increase). */
const MAX_PATTERN_LENGTH = 2048;

function lifecycleRule(autoScalingGroups: readonly string[], hookName: string): DrainRule {
  return {
    key: "LifecycleTerminate",
    description: "Caretaker drain: terminate lifecycle actions of Caretaker's hook on its Auto Scaling groups",
    pattern: {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      // The hook name too: another terminate hook on the same group belongs to someone else, and its action must not
      // be completed by Caretaker.
      detail: { AutoScalingGroupName: [...autoScalingGroups], LifecycleHookName: [hookName] },
    },
  };
}

function drainRules(config: Pick<DrainInfraConfig, "clusters" | "autoScalingGroups" | "hook" | "rebalance">): DrainRule[] {
  // Without a cluster the function cannot reach any node: no rule sends it work.
  if (config.clusters.length === 0) return [];
  const rules: DrainRule[] = [];
  if (config.autoScalingGroups.length > 0) rules.push(lifecycleRule(config.autoScalingGroups, config.hook.name));
  rules.push({
    key: "SpotInterruption",
    description: "Caretaker drain: Spot interruption warnings (two minutes' notice)",
    pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Spot Instance Interruption Warning"] },
  });
  if (config.rebalance !== "ignore") {
    rules.push({
      key: "RebalanceRecommendation",
      description: `Caretaker drain: EC2 rebalance recommendations (${config.rebalance})`,
      pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance Rebalance Recommendation"] },
    });
  }
  rules.push({
    key: "StateChange",
    description: "Caretaker drain: instances stopping or shutting down",
    // Like NTH's state-change monitor, but only the states in which the node may still be drained.
    pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["stopping", "shutting-down"] } },
  });
  rules.push({
    key: "ScheduledChange",
    description: "Caretaker drain: AWS Health scheduled changes for EC2 (retirement, maintenance)",
    pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EC2"], eventTypeCategory: ["scheduledChange"] } },
  });
  return rules;
}

export { drainRules, MAX_PATTERN_LENGTH };
export type { DrainRule, EventPattern };
