import type { Subscription } from "@aws-sdk/client-sns";
import type { CompiledPolicy } from "./filter-policy";

/** What the SNS fake keeps per topic and subscription. */
interface SubscriptionRecord {
  arn: string;
  topicArn: string;
  owner: string;
  protocol: string;
  endpoint: string;
  confirmed: boolean;
  attributes: Record<string, string>;
  policy?: CompiledPolicy;
}

interface TopicRecord {
  name: string;
  arn: string;
  owner: string;
  attributes: Record<string, string>;
  subscriptions: SubscriptionRecord[];
}

/** email, email-json, http and https subscriptions wait for the endpoint to confirm; the others are live at once. */
const NEEDS_CONFIRMATION = new Set(["email", "email-json", "http", "https"]);
const PROTOCOLS = new Set(["http", "https", "email", "email-json", "sms", "sqs", "application", "lambda", "firehose"]);

function defaultPolicy(topic: { arn: string; owner: string }): string {
  return JSON.stringify({
    Version: "2008-10-17",
    Id: "__default_policy_ID",
    Statement: [
      {
        Sid: "__default_statement_ID",
        Effect: "Allow",
        Principal: { AWS: "*" },
        Action: [
          "SNS:GetTopicAttributes",
          "SNS:SetTopicAttributes",
          "SNS:AddPermission",
          "SNS:RemovePermission",
          "SNS:DeleteTopic",
          "SNS:Subscribe",
          "SNS:ListSubscriptionsByTopic",
          "SNS:Publish",
        ],
        Resource: topic.arn,
        Condition: { StringEquals: { "AWS:SourceOwner": topic.owner } },
      },
    ],
  });
}

function topicAttributes(topic: TopicRecord): Record<string, string> {
  const confirmed = topic.subscriptions.filter((s) => s.confirmed).length;
  return {
    Policy: defaultPolicy(topic),
    Owner: topic.owner,
    SubscriptionsPending: String(topic.subscriptions.length - confirmed),
    TopicArn: topic.arn,
    EffectiveDeliveryPolicy: JSON.stringify({
      http: {
        defaultHealthyRetryPolicy: { minDelayTarget: 20, maxDelayTarget: 20, numRetries: 3, numMaxDelayRetries: 0, numNoDelayRetries: 0, numMinDelayRetries: 0, backoffFunction: "linear" },
        disableSubscriptionOverrides: false,
        defaultRequestPolicy: { headerContentType: "text/plain; charset=UTF-8" },
      },
    }),
    SubscriptionsConfirmed: String(confirmed),
    DisplayName: "",
    SubscriptionsDeleted: "0",
    ...topic.attributes,
  };
}

function subscriptionShape(subscription: SubscriptionRecord): Subscription {
  return {
    SubscriptionArn: subscription.confirmed ? subscription.arn : "PendingConfirmation",
    Owner: subscription.owner,
    Protocol: subscription.protocol,
    Endpoint: subscription.endpoint,
    TopicArn: subscription.topicArn,
  };
}

export { NEEDS_CONFIRMATION, PROTOCOLS, subscriptionShape, topicAttributes };
export type { SubscriptionRecord, TopicRecord };
