/**
 * IAM for the drain, as plain data over any ARN type (strings in tests, Pulumi outputs in infra). The function's
 * statements list exactly the AWS calls the drain code makes (test/infra derives them from the SDK commands it
 * imports); resources are scoped wherever the service supports it (Service Authorization Reference).
 */

interface IamStatement<R> {
  sid: string;
  actions: string[];
  resources: Array<R | "*">;
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

function drainStatements<R>(arns: DrainArns<R>, autoScalingGroups: readonly string[]): IamStatement<R>[] {
  return [
    {
      sid: "Describe",
      // No resource-level permissions for these (List access level): "*" is the only valid resource.
      actions: ["autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLifecycleHooks", "ec2:DescribeInstances"],
      resources: ["*"],
    },
    // Lifecycle actions require an autoScalingGroup resource; the group ID in the ARN is not known, the name is. No
    // managed group, no hook, no action to complete: the statement is left out rather than widened.
    ...(autoScalingGroups.length > 0
      ? [
          {
            sid: "LifecycleActions",
            actions: ["autoscaling:CompleteLifecycleAction", "autoscaling:RecordLifecycleActionHeartbeat"],
            resources: autoScalingGroups.map((name) => arns.inAccount("autoscaling", `autoScalingGroup:*:autoScalingGroupName/${name}`)),
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
export type { DrainArns, IamStatement };
