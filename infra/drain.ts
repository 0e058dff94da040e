import { createAccessEntries } from "./access";
import { DRAINER_GROUP } from "./drain-config";
import { createDrainEvents } from "./drain-events";
import { drainStatements } from "./drain-iam";
import type { DrainPlan } from "./drain-plan";
import { createDrainQueue } from "./drain-queue";
import { drainGroupTag } from "./drain-tag";
import type { FunctionVpc } from "./function-vpc";

interface DrainArgs {
  /** Topic the function notifies; it gets the ARN and sns:Publish, not a link (links grant sns:*). */
  alerts: sst.aws.SnsTopic;
  /** State table for at-most-once notifications; dynamodb:PutItem only, not a link (links grant dynamodb:*). */
  state: sst.aws.Dynamo;
  /** The drain's plan (drain-plan.ts), computed and checked before the first resource. */
  plan: DrainPlan;
  /** Subnets and security groups to run in (CARETAKER_CONFIG `vpc`), for clusters with private endpoints. */
  vpc?: FunctionVpc | undefined;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` for the stack's account and region. */
function accountArn() {
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  return (service: string, resource: string) => $interpolate`arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/**
 * `caretaker-drain`: drains nodes whose instances are going away. EventBridge rules on the default bus (terminate
 * lifecycle actions of Caretaker's hook, Spot interruptions, rebalance recommendations, stopping instances, Health
 * scheduled changes) → the drain queue → the function, one message per run; drains longer than a run resume from the
 * queue. Terminate hooks on the managed Auto Scaling groups keep instances until the drain completes the action; the
 * stage's tag on those groups is what its IAM may complete actions on (drain-tag.ts); and
 * access entries map the function's role to the drainer group on each cluster. The whole configuration is checked
 * (drain-plan.ts) before the first resource is declared: the plan comes in checked.
 */
function createDrain({ alerts, state, plan, vpc }: DrainArgs) {
  const { numbers } = plan;
  const { queue, deadLetters } = createDrainQueue(numbers);
  // The stage's tag on each managed group: IAM lets the drain complete lifecycle actions only on groups carrying it.
  const groupTag = drainGroupTag($app.name, $app.stage);
  const managesGroups = plan.hooks.length > 0;
  const statements = drainStatements({ topic: alerts.arn, table: state.arn, queue: queue.arn, inAccount: accountArn() }, managesGroups ? groupTag : undefined);

  const fn = new sst.aws.Function("Drain", {
    handler: "functions/drain.handler",
    description: "Caretaker: drains EKS nodes on lifecycle hooks, Spot and EC2 events, and on request",
    timeout: `${numbers.functionTimeoutSeconds} seconds`,
    memory: "512 MB",
    environment: {
      CARETAKER_TOPIC_ARN: alerts.arn,
      CARETAKER_STATE_TABLE: state.name,
      CARETAKER_DRAIN_CONFIG: JSON.stringify(plan.functionSettings),
      // The rule routes Caretaker's hook on any group: the function leaves (and reports) groups without this tag.
      ...(managesGroups ? { CARETAKER_DRAIN_GROUP_TAG: JSON.stringify(groupTag) } : {}),
    },
    permissions: statements.map(({ actions, resources, conditions }) => ({ actions, resources, ...(conditions ? { conditions } : {}) })),
    ...(vpc ? { vpc } : {}),
  });

  // One message per run (a drain owns its run's time budget), and only the unfinished message comes back.
  const mapping = new aws.lambda.EventSourceMapping("DrainQueueMapping", {
    eventSourceArn: queue.arn,
    functionName: fn.arn,
    batchSize: 1,
    functionResponseTypes: ["ReportBatchItemFailures"],
  });
  const events = createDrainEvents({ queue, rules: plan.rules });

  // The tag before the hook: without it the drain may not complete the group's actions. Not propagated to instances
  // (IAM reads the group's tags; the instances need none).
  const tags = plan.hooks.map(
    (hook) =>
      new aws.autoscaling.Tag(`DrainTag-${hook.autoScalingGroupName}`, {
        autoscalingGroupName: hook.autoScalingGroupName,
        tag: { key: groupTag.key, value: groupTag.value, propagateAtLaunch: false },
      }),
  );
  // Hooks last: once a hook exists, every termination waits for the drain, so the path to it must already be there.
  const hooks = plan.hooks.map(
    (hook, index) =>
      new aws.autoscaling.LifecycleHook(
        `DrainHook-${hook.autoScalingGroupName}`,
        {
          autoscalingGroupName: hook.autoScalingGroupName,
          name: hook.name,
          lifecycleTransition: hook.lifecycleTransition,
          heartbeatTimeout: hook.heartbeatTimeout,
          defaultResult: hook.defaultResult,
        },
        { dependsOn: [mapping, ...events.targets, tags[index] as aws.autoscaling.Tag] },
      ),
  );
  const accessEntries = createAccessEntries({ name: "Drain", clusters: plan.clusters, principalArn: fn.nodes.role.arn, kubernetesGroups: [DRAINER_GROUP] });

  return { function: fn, queue, deadLetters, hooks, tags, groupTag, accessEntries };
}

export { createDrain };
export type { DrainArgs };
