import { alertsTopicPolicy } from "./alerts-policy";

interface AlertsArgs {
  /** Addresses that receive the plain-text variant of every notification (each must confirm the subscription). */
  emails: readonly string[];
}

/**
 * The one topic every capability notifies through. The notifier publishes each report twice, with message attribute
 * `format` = `chatbot` (custom-notification JSON for AWS Chatbot / Amazon Q Developer) or `email` (plain text), so
 * each subscription takes exactly one variant through a filter policy.
 */
function createAlerts({ emails }: AlertsArgs) {
  const topic = new sst.aws.SnsTopic("Alerts");
  emails.forEach((email, index) => {
    new aws.sns.TopicSubscription(`AlertsEmail${index}`, {
      topic: topic.arn,
      protocol: "email",
      endpoint: email,
      filterPolicyScope: "MessageAttributes",
      filterPolicy: JSON.stringify({ format: ["email"] }),
    });
  });
  return topic;
}

interface AlertsPolicyArgs {
  topic: sst.aws.SnsTopic;
  /** Every role that publishes: the functions' (`fn.nodes.role.arn`) and the alarm fallback workflow's. */
  publishers: ReadonlyArray<$util.Input<string>>;
}

/**
 * Replaces SNS's default topic policy with Caretaker's (alerts-policy.ts): only Caretaker's roles publish, the
 * account keeps managing and subscribing, nothing is public. Created once every publisher's role exists.
 */
function createAlertsPolicy({ topic, publishers }: AlertsPolicyArgs) {
  const account = $interpolate`arn:${aws.getPartitionOutput().partition}:iam::${aws.getCallerIdentityOutput().accountId}:root`;
  return new aws.sns.TopicPolicy("AlertsPolicy", {
    arn: topic.arn,
    policy: $jsonStringify(alertsTopicPolicy({ topic: topic.arn, account, publishers })),
  });
}

export { createAlerts, createAlertsPolicy };
export type { AlertsArgs, AlertsPolicyArgs };
