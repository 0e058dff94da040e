import type { EventPattern } from "./drain-rules";

/**
 * The EventBridge rules that start a drift check of the clusters an event names, on the account's default bus:
 * an EKS version change recorded by CloudTrail (needs a trail logging management events: without one, EventBridge
 * gets no "AWS API Call via CloudTrail" events and only the schedule runs) and AWS Health's scheduled EKS changes
 * (planned lifecycle events: end of support, forced upgrades).
 */
interface DriftRule {
  key: "VersionChange" | "HealthScheduledChange";
  description: string;
  pattern: EventPattern;
}

function driftRules(clusters: readonly string[] | "all"): DriftRule[] {
  const named: EventPattern = clusters === "all" ? {} : { requestParameters: { name: [...clusters] } };
  return [
    {
      key: "VersionChange",
      description: "Caretaker drift: EKS control plane or node group version changes (CloudTrail)",
      pattern: {
        source: ["aws.eks"],
        "detail-type": ["AWS API Call via CloudTrail"],
        detail: { eventSource: ["eks.amazonaws.com"], eventName: ["UpdateClusterVersion", "UpdateNodegroupVersion"], ...named },
      },
    },
    {
      key: "HealthScheduledChange",
      description: "Caretaker drift: AWS Health scheduled changes for EKS (planned lifecycle events)",
      pattern: { source: ["aws.health"], "detail-type": ["AWS Health Event"], detail: { service: ["EKS"], eventTypeCategory: ["scheduledChange"] } },
    },
  ];
}

export { driftRules };
export type { DriftRule };
