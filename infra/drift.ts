import { createAccessEntries } from "./access";
import { driftStatements } from "./drift-iam";
import type { DriftPlan } from "./drift-plan";
import type { FunctionVpc } from "./function-vpc";
import { READER_GROUP } from "./image-gc-config";

interface DriftArgs {
  alerts: sst.aws.SnsTopic;
  state: sst.aws.Dynamo;
  /** Drift's plan (drift-plan.ts) from CARETAKER_CONFIG's `drift`, top-level `clusters` and `hook`, checked before the first resource. */
  plan: DriftPlan;
  /** Subnets and security groups to run in (CARETAKER_CONFIG `vpc`), for clusters with private endpoints. */
  vpc?: FunctionVpc | undefined;
}

/**
 * `caretaker-drift`: checks every cluster's versions daily (EventBridge Scheduler through CronV2, UTC), and a
 * cluster at once when its version changes (CloudTrail) or AWS Health announces a scheduled EKS change. Read-only
 * everywhere but its memory in the state table; notifies only news. Access entries map its role to the reader group,
 * whose drift RBAC lists nodes and reads the kube-proxy DaemonSet.
 */
function createDrift({ alerts, state, plan, vpc }: DriftArgs) {
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  const statements = driftStatements(
    {
      topic: alerts.arn,
      table: state.arn,
      inAccount: (service, resource) => $interpolate`arn:${partition}:${service}:${region}:${account}:${resource}`,
      publicParameter: (path) => $interpolate`arn:${partition}:ssm:${region}::parameter/${path}`,
    },
    plan.checkedClusters,
  );

  const fn = new sst.aws.Function("Drift", {
    handler: "functions/drift.handler",
    description: "Caretaker: version drift of every EKS cluster (control plane, nodes, node groups, add-ons, support)",
    timeout: `${plan.functionTimeoutSeconds} seconds`,
    memory: `${plan.memoryMb} MB`,
    environment: {
      CARETAKER_TOPIC_ARN: alerts.arn,
      CARETAKER_STATE_TABLE: state.name,
      CARETAKER_DRIFT_CONFIG: JSON.stringify(plan.functionSettings),
    },
    permissions: statements.map(({ actions, resources }) => ({ actions, resources })),
    ...(vpc ? { vpc } : {}),
  });

  const schedule = new sst.aws.CronV2("DriftSchedule", {
    function: fn,
    schedule: plan.schedule as `rate(${string})` | `cron(${string})` | `at(${string})`,
    timezone: plan.timezone,
    retries: 0,
    event: plan.event,
  });

  // Events on the default bus (AWS publishes there; the app does not own it): raw rules, one invoke permission each.
  const rules = plan.rules.map((rule) => {
    const eventRule = new aws.cloudwatch.EventRule(`Drift${rule.key}Rule`, { description: rule.description, eventPattern: JSON.stringify(rule.pattern) });
    const permission = new aws.lambda.Permission(`Drift${rule.key}Permission`, { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: eventRule.arn });
    new aws.cloudwatch.EventTarget(`Drift${rule.key}Target`, { rule: eventRule.name, arn: fn.arn }, { dependsOn: [permission] });
    return eventRule;
  });
  const accessEntries = createAccessEntries({ name: "Drift", clusters: plan.accessClusters, principalArn: fn.nodes.role.arn, kubernetesGroups: [READER_GROUP] });

  return { function: fn, schedule, rules, accessEntries };
}

export { createDrift };
export type { DriftArgs };
