import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import type { EKSClient } from "@aws-sdk/client-eks";
import type { SNSClient } from "@aws-sdk/client-sns";
import type { SQSClient } from "@aws-sdk/client-sqs";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Clock } from "@caretaker/core/clock";
import { type Deployment, deploymentParameterName } from "@caretaker/core/deployment";
import { accessChecks } from "./access-entries";
import { alertsTopicCheck } from "./alerts-topic";
import { CHECK_AREAS, type CheckResult, guarded } from "./check";
import { managedClusters } from "./clusters";
import { deadLetterCheck } from "./dead-letters";
import { hookChecks } from "./hooks";
import { reachabilityChecks } from "./reachability";
import { recentRunChecks } from "./recent-runs";

interface DoctorDeps {
  eks: EKSClient;
  autoscaling: AutoScalingClient;
  /** Only to satisfy drift's collector, which `hookChecks` reuses; doctor reads no SSM parameter through it. */
  ssm: SSMClient;
  sqs: SQSClient;
  cloudwatch: CloudWatchClient;
  sns: SNSClient;
  clock: Clock;
}

interface DoctorReport {
  stage: string;
  region: string;
  checks: CheckResult[];
  /** True when every check passed. */
  ok: boolean;
}

/**
 * Checks a deployed stage from its descriptor: the clusters its functions work on, the terminate hooks of the drain's
 * clusters' Auto Scaling groups, each function's access entries on its clusters, the drain's dead-letter queue, the
 * functions' recent runs against their schedules, the alerts topic's subscriptions and the reachability of private
 * clusters from the functions' network and their authentication of the functions' side (the deployed probe function,
 * invoked with the operator's credentials). Checks
 * run concurrently and each reports for itself: a failing or unreadable check never stops the others, and what could
 * not be checked is reported as such.
 */
async function runDoctor(deployment: Deployment, deps: DoctorDeps): Promise<DoctorReport> {
  const stage: CheckResult = {
    area: "stage",
    name: `stage ${deployment.stage}`,
    status: "ok",
    detail: `descriptor ${deploymentParameterName(deployment.stage)} in ${deployment.region}`,
  };
  const clusters = await managedClusters(deps.eks, deployment);
  // Terminate hooks matter on the drain's clusters only: no other cluster's groups are routed to it.
  const drained = clusters.clusters?.filter((cluster) => !cluster.missing && deployment.clusters.includes(cluster.name)).map((cluster) => cluster.name);
  const groups = await Promise.all([
    guarded("hooks", "terminate hooks", "autoscaling:DescribeAutoScalingGroups", () => hookChecks(deps, deployment, drained)),
    guarded("access", "access entries", "eks:DescribeAccessEntry", () => accessChecks(deps.eks, deployment, clusters.clusters)),
    guarded("dead-letters", "drain dead-letter queue", "sqs:GetQueueAttributes", () => deadLetterCheck(deps.sqs, deployment)),
    guarded("runs", "functions' recent runs", "cloudwatch:GetMetricData", () => recentRunChecks(deps.cloudwatch, deployment, deps.clock.now())),
    guarded("alerts", "alerts topic", "sns:ListSubscriptionsByTopic", () => alertsTopicCheck(deps.sns, deployment)),
    guarded("network", "reachability", "lambda:InvokeFunction", () => reachabilityChecks(deployment, clusters.clusters)),
  ]);
  const checks = [stage, ...clusters.checks, ...groups.flat()];
  // Stable order: by area as listed, then as each area produced them.
  const ordered = CHECK_AREAS.flatMap((area) => checks.filter((check) => check.area === area));
  return { stage: deployment.stage, region: deployment.region, checks: ordered, ok: ordered.every((check) => check.status === "ok") };
}

export { runDoctor };
export type { DoctorDeps, DoctorReport };
