import { fallbackDefinition } from "./alarm-fallback";
import { alarmStatements } from "./alarm-iam";
import { alarmFunctionName, alarmRules, alarmsPlan } from "./alarms-plan";
import type { CaretakerFunctions } from "./functions";

interface AlarmsArgs {
  /** The topic both notification paths publish to (sns:Publish on it, no link). */
  alerts: sst.aws.SnsTopic;
  functions: CaretakerFunctions;
  drainQueue: aws.sqs.Queue;
  deadLetters: aws.sqs.Queue;
}

/** The function's log group: SST's own (`/aws/lambda/<name>`), or the one named in its logging settings. */
function logGroupOf(fn: sst.aws.Function) {
  return fn.nodes.logGroup.apply((group) => (group ? group.name : $interpolate`/aws/lambda/${fn.name}`));
}

/** A role `service` assumes only on behalf of this account, with one inline policy. */
function serviceRole(name: string, service: string, statements: ReadonlyArray<{ actions: string[]; resources: ReadonlyArray<$util.Input<string>> }>) {
  const account = aws.getCallerIdentityOutput().accountId;
  const role = new aws.iam.Role(name, {
    assumeRolePolicy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": account } } }],
    }),
  });
  new aws.iam.RolePolicy(`${name}Policy`, {
    role: role.id,
    policy: $jsonStringify({ Version: "2012-10-17", Statement: statements.map(({ actions, resources }) => ({ Effect: "Allow", Action: actions, Resource: resources })) }),
  });
  return role;
}

/**
 * Caretaker's alarms and the two paths that notify them (alarms-plan.ts): a rule on the default bus → the alarm
 * function → the notifier; and, for the alarm function's own alarms, a rule → an Express workflow that publishes
 * fixed messages itself (alarm-fallback.ts). The alarms have no actions: CloudWatch's state-change events are the
 * trigger. Returns the roles that publish, for the topic policy.
 */
function createAlarms({ alerts, functions, drainQueue, deadLetters }: AlarmsArgs) {
  const app = $app.name;
  const stage = $app.stage;
  const rules = alarmRules(app, stage);
  const partition = aws.getPartitionOutput().partition;

  // Handler path: rule → alarm function. The rule is declared first: its name is a dimension of an alarm.
  const handlerRule = new aws.cloudwatch.EventRule("AlarmStateChangeRule", { description: rules.handler.description, eventPattern: JSON.stringify(rules.handler.pattern) });
  const alarmName = alarmFunctionName(app, stage);
  const plan = alarmsPlan({
    app,
    stage,
    functions: {
      drain: { name: functions.drain.name, logGroup: logGroupOf(functions.drain) },
      "image-gc": { name: functions.imageGc.name, logGroup: logGroupOf(functions.imageGc) },
      drift: { name: functions.drift.name, logGroup: logGroupOf(functions.drift) },
      probe: { name: functions.probe.name, logGroup: logGroupOf(functions.probe) },
      alarm: { name: $output(alarmName), logGroup: $output(`/aws/lambda/${alarmName}`) },
    },
    drainQueue: { name: drainQueue.name, url: drainQueue.url },
    deadLetters: { name: deadLetters.name, url: deadLetters.url, arn: deadLetters.arn },
    alarmRuleName: handlerRule.name,
  });

  const fn = new sst.aws.Function("Alarm", {
    // Set, not generated: its own alarms name it, in the catalog it is given (alarms-plan.ts).
    name: alarmName,
    handler: "functions/alarm.handler",
    description: "Caretaker: notifies the state changes of Caretaker's CloudWatch alarms",
    timeout: "30 seconds",
    memory: "256 MB",
    // An alarm's state change is sent once: Lambda's asynchronous retries cover a passing SNS failure.
    retries: 2,
    // No vpc, whatever the other functions use: this path needs SNS only, and must not fail with their network.
    environment: { CARETAKER_TOPIC_ARN: alerts.arn, CARETAKER_ALARMS: $jsonStringify(plan.catalog) },
    permissions: alarmStatements({ topic: alerts.arn }).map(({ actions, resources }) => ({ actions, resources })),
  });
  const permission = new aws.lambda.Permission("AlarmStateChangePermission", { action: "lambda:InvokeFunction", function: fn.name, principal: "events.amazonaws.com", sourceArn: handlerRule.arn });
  new aws.cloudwatch.EventTarget("AlarmStateChangeTarget", { rule: handlerRule.name, arn: fn.arn }, { dependsOn: [permission] });

  const alarms = plan.alarms.map(
    (alarm) =>
      new aws.cloudwatch.MetricAlarm(`Alarm-${alarm.key}`, {
        name: alarm.name,
        alarmDescription: alarm.description,
        namespace: alarm.namespace,
        metricName: alarm.metricName,
        dimensions: alarm.dimensions,
        statistic: alarm.statistic,
        period: alarm.periodSeconds,
        evaluationPeriods: alarm.evaluationPeriods,
        datapointsToAlarm: alarm.datapointsToAlarm,
        threshold: alarm.threshold,
        comparisonOperator: alarm.comparisonOperator,
        treatMissingData: alarm.treatMissingData,
        // No alarmActions / okActions: a raw alarm message has no `format` attribute and every subscription would drop
        // it. Actions stay "enabled" (with none to run): the EventBridge state-change events are what notify.
      }),
  );

  // Fallback path: rule → Express workflow → SNS, for the alarm function's own alarms. The workflow's role gets the
  // alarm function's statements: publish to the topic, nothing else.
  const workflowRole = serviceRole("AlarmFallbackRole", "states.amazonaws.com", alarmStatements({ topic: alerts.arn }));
  const workflow = new aws.sfn.StateMachine("AlarmFallback", {
    type: "EXPRESS",
    roleArn: workflowRole.arn,
    definition: $resolve([partition, alerts.arn, handlerRule.name]).apply(([partitionName, topicArn, ruleName]) =>
      JSON.stringify(fallbackDefinition({ app, stage, partition: partitionName, topicArn, alarmFunction: { name: alarmName, logGroup: `/aws/lambda/${alarmName}` }, alarmRuleName: ruleName })),
    ),
  });
  const fallbackRule = new aws.cloudwatch.EventRule("AlarmFallbackRule", { description: rules.fallback.description, eventPattern: JSON.stringify(rules.fallback.pattern) });
  const startRole = serviceRole("AlarmFallbackStartRole", "events.amazonaws.com", [{ actions: ["states:StartExecution"], resources: [workflow.arn] }]);
  new aws.cloudwatch.EventTarget("AlarmFallbackTarget", { rule: fallbackRule.name, arn: workflow.arn, roleArn: startRole.arn });

  return { function: fn, alarms, workflow, publishers: [fn.nodes.role.arn, workflowRole.arn] };
}

export { createAlarms };
export type { AlarmsArgs };
