/** Declarative SNS state: topics and their subscriptions. */
interface SnsSubscriptionSpec {
  /** "email", "email-json", "https", "http", "sqs", "lambda", "firehose", "sms", "application". */
  protocol: string;
  endpoint: string;
  /** The filter policy JSON (or object, serialised for you). */
  filterPolicy?: string | Record<string, unknown>;
  /** Default "MessageAttributes". */
  filterPolicyScope?: "MessageAttributes" | "MessageBody";
  rawMessageDelivery?: boolean;
  /** Default: false for email/email-json/http/https (they need confirming), true otherwise. */
  confirmed?: boolean;
}

interface SnsTopicSpec {
  name: string;
  displayName?: string;
  subscriptions?: SnsSubscriptionSpec[];
}

interface SnsSpec {
  topics?: SnsTopicSpec[];
}

export type { SnsSpec, SnsSubscriptionSpec, SnsTopicSpec };
