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

export { createAlerts };
export type { AlertsArgs };
