import type { DrainGroupTag } from "./drain-tag";

/**
 * IAM for the drain, as plain data over any ARN type (strings in tests, Pulumi outputs in infra). The function's
 * statements list exactly the AWS calls the drain code makes (test/infra derives them from the SDK commands it
 * imports); resources are scoped wherever the service supports it (Service Authorization Reference).
 */

interface IamCondition {
  /** The condition operator, e.g. StringEquals. */
  test: string;
  /** The condition key, e.g. `autoscaling:ResourceTag/caretaker:drain`. */
  variable: string;
  values: string[];
}

interface IamStatement<R> {
  sid: string;
  actions: string[];
  resources: Array<R | "*">;
  /** All must hold (IAM ANDs a statement's conditions); SST's `permissions[].conditions` shape. */
  conditions?: IamCondition[];
}

interface DrainArns<R> {
  topic: R;
  table: R;
  queue: R;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>` for this stack's account and region. */
  inAccount(service: string, resource: string): R;
}

/** What the Lambda event source mapping does with the queue, on the function's role (AWS Lambda + SQS docs). */
const EVENT_SOURCE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"];

/**
 * `groupTag`: the tag on the stage's Auto Scaling groups (drain-tag.ts), or undefined when the stage manages none.
 */
function drainStatements<R>(arns: DrainArns<R>, groupTag: DrainGroupTag | undefined): IamStatement<R>[] {
  return [
    {
      sid: "Describe",
      // No resource-level permissions for these (List access level): "*" is the only valid resource.
      actions: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLifecycleHooks", "ec2:DescribeInstances"],
      resources: ["*"],
    },
    // Lifecycle actions require an autoScalingGroup resource. Any group of the account and Region, but only when it
    // carries the stage's tag (autoscaling:ResourceTag/<key>, supported by both actions per the Service Authorization
    // Reference): one statement whatever the number of groups, where one ARN per group outgrew the policy's size
    // limit. No managed group, no hook, no action to complete: the statement is left out rather than widened.
    ...(groupTag
      ? [
          {
            sid: "LifecycleActions",
            actions: ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
            resources: [arns.inAccount("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
            conditions: [{ test: "StringEquals", variable: `autoscaling:ResourceTag/${groupTag.key}`, values: [groupTag.value] }],
          },
        ]
      : []),
    // Any cluster of the account and region, like the probe: a cluster named by a node's tags but not managed then
    // fails with the clear "no access entry" error instead of an IAM denial.
    { sid: "ClusterEndpoint", actions: ["eks:DescribeCluster"], resources: [arns.inAccount("eks", "cluster/*")] },
    { sid: "Notify", actions: ["sns:Publish"], resources: [arns.topic] },
    { sid: "Claims", actions: ["dynamodb:PutItem"], resources: [arns.table] },
    { sid: "EventSource", actions: [...EVENT_SOURCE_ACTIONS], resources: [arns.queue] },
  ];
}

/** The drain queue's policy: EventBridge may send to it, and only on behalf of Caretaker's own rules. */
function drainQueuePolicy<R>(queueArn: R, ruleArns: readonly R[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "CaretakerRules",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queueArn,
        Condition: { ArnEquals: { "aws:SourceArn": [...ruleArns] } },
      },
    ],
  };
}

export { drainQueuePolicy, drainStatements, EVENT_SOURCE_ACTIONS };
export type { DrainArns, IamCondition, IamStatement };
