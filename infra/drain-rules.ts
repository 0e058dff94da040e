import type { DrainInfraConfig } from "./drain-config";

/**
 * The EventBridge rules that feed the drain queue, as plain data. They live on the account's default bus, where AWS
 * services publish (drain.md §5). Only exact-value matching is used (arrays are OR, nested objects match `detail`).
 *
 * Scoping: the lifecycle rule matches Caretaker's hook by name, not the groups by name, so its size is the same for 1
 * or 500 groups (a pattern is limited to 2048 characters). Another team's hook on the same group is never taken. A
 * group carrying Caretaker's hook without being the stage's (a hook added by hand, an excluded group) does reach the
 * function: it checks the group's stage tag (drain-tag.ts, the same tag IAM is scoped by), reports it once and
 * leaves the action alone. EC2 and Health events carry an instance ID and no tags, so those rules see every instance
 * in the account and Region; the function resolves the cluster from the instance's tags and leaves instances of no
 * cluster alone.
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

function lifecycleRule(hookName: string): DrainRule {
  return {
    key: "LifecycleTerminate",
    description: "Caretaker drain: terminate lifecycle actions of Caretaker's hook",
    pattern: {
      source: ["aws.autoscaling"],
      "detail-type": ["EC2 Instance-terminate Lifecycle Action"],
      // By hook name: another terminate hook on the same group belongs to someone else, and its action must not be
      // completed by Caretaker. Which groups are the stage's is the tag's business (IAM and the function).
      detail: { LifecycleHookName: [hookName] },
    },
  };
}

function drainRules(config: Pick<DrainInfraConfig, "clusters" | "autoScalingGroups" | "hook" | "rebalance">): DrainRule[] {
  // Without a cluster the function cannot reach any node: no rule sends it work.
  if (config.clusters.length === 0) return [];
  const rules: DrainRule[] = [];
  if (config.autoScalingGroups.length > 0) rules.push(lifecycleRule(config.hook.name));
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
