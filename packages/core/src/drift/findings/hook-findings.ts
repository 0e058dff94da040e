import type { AutoScalingGroupFacts } from "../collect";
import type { Finding } from "../skew";
import type { ClusterCode } from "./codes";

const TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
/** What Caretaker's infra names the terminate hook it creates; configurable in the assessment. */
const DEFAULT_HOOK_NAME = "caretaker-drain";

/**
 * Auto Scaling groups that terminate instances without Caretaker's terminate lifecycle hook: their scale-ins,
 * instance refreshes and rebalancing never reach the drain. Self-managed groups' pods are then killed with the
 * instance (warning). Managed node groups' groups are drained by EKS itself, for at most 5 minutes before it forces
 * the termination and without PodDisruptionBudget timing or notifications (info).
 */
function hookFindings(groups: readonly AutoScalingGroupFacts[], hookName: string = DEFAULT_HOOK_NAME): Finding<ClusterCode>[] {
  return groups.flatMap((group): Finding<ClusterCode>[] => {
    if (!group.hooks) return [];
    const named = group.hooks.find((hook) => hook.name === hookName);
    if (named?.transition === TERMINATING) return [];
    const wrongTransition = named ? ` It has a hook named ${hookName}, but for ${named.transition ?? "another transition"}, not termination.` : "";
    const managed = group.nodegroup !== undefined;
    return [
      {
        code: "asg-without-drain-hook",
        severity: managed ? "info" : "warning",
        subject: `Auto Scaling group ${group.name}`,
        explanation: managed
          ? `The group of managed node group ${group.nodegroup} has no terminate lifecycle hook named ${hookName}, so Caretaker never drains its instances: EKS drains them itself, but forces the termination after 5 minutes, without PodDisruptionBudget timing or a notification.${wrongTransition}`
          : `The group has no terminate lifecycle hook named ${hookName}: instances it terminates (scale-in, instance refresh, rebalancing) would not be drained, and their pods die with the instance.${wrongTransition}`,
        nextStep: `Add ${group.name} to "autoScalingGroups" in CARETAKER_CONFIG and redeploy Caretaker, which creates the ${hookName} terminate hook and routes its events to the drain.`,
      },
    ];
  });
}

export { DEFAULT_HOOK_NAME, hookFindings };
