import {
  GetSubscriptionAttributesCommand,
  type GetSubscriptionAttributesInput,
  type GetSubscriptionAttributesResponse,
  GetTopicAttributesCommand,
  type GetTopicAttributesInput,
  type GetTopicAttributesResponse,
  ListSubscriptionsByTopicCommand,
  type ListSubscriptionsByTopicInput,
  type ListSubscriptionsByTopicResponse,
  type MessageAttributeValue,
  PublishCommand,
  type PublishInput,
  type PublishResponse,
  SetSubscriptionAttributesCommand,
  type SetSubscriptionAttributesInput,
  SNSClient,
  SubscribeCommand,
  type SubscribeInput,
  type SubscribeResponse,
} from "@aws-sdk/client-sns";
import type { SeededRandom } from "../../random";
import { randomFor } from "../core/ids";
import { paginate } from "../core/pagination";
import type { FakeService, FakeServiceContext } from "../service";
import { invalidParameter, subscriptionNotFound, topicNotFound } from "./errors";
import { type CompiledPolicy, compileFilterPolicy, FilterPolicyError, type FilterPolicyScope, filterPolicyMatches } from "./filter-policy";
import { validatePublish } from "./publish-validation";
import type { SnsSpec, SnsSubscriptionSpec, SnsTopicSpec } from "./spec";
import { NEEDS_CONFIRMATION, PROTOCOLS, type SubscriptionRecord, subscriptionShape, type TopicRecord, topicAttributes } from "./topics";

/** A message as a test sees it: what was published, and which subscriptions it reached. */
interface PublishedMessage {
  messageId: string;
  topicArn: string;
  message: string;
  subject?: string;
  messageStructure?: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  /** Attribute name → StringValue (Binary values base64), for terse assertions. */
  attributes: Record<string, string>;
  publishedAt: Date;
  /** Confirmed subscriptions whose filter policy accepted the message (the ones SNS would deliver to). */
  deliveredTo: string[];
  /** Confirmed subscriptions whose filter policy rejected it. */
  filteredOutOf: string[];
}

type PublishListener = (message: PublishedMessage) => void;

const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(\.fifo)?$/;
const SUBSCRIPTION_ATTRIBUTES = new Set(["DeliveryPolicy", "FilterPolicy", "FilterPolicyScope", "RawMessageDelivery", "RedrivePolicy", "SubscriptionRoleArn", "ReplayPolicy"]);

/** A subscription's filter policy in its scope, checked as SNS checks it (InvalidParameter); undefined without one. */
function compiledPolicy(attributes: Record<string, string>): CompiledPolicy | undefined {
  const scope = attributes.FilterPolicyScope ?? "MessageAttributes";
  if (scope !== "MessageAttributes" && scope !== "MessageBody") throw invalidParameter("Invalid parameter: Attributes Reason: FilterPolicyScope: Invalid value");
  if (attributes.FilterPolicy === undefined) return undefined;
  try {
    return compileFilterPolicy(attributes.FilterPolicy, scope as FilterPolicyScope);
  } catch (error) {
    if (error instanceof FilterPolicyError) throw invalidParameter(error.message);
    throw error;
  }
}

/**
 * Stateful SNS: topics, subscriptions (with confirmation and filter policies) and Publish validated like SNS, every
 * accepted message captured with the subscriptions its attributes would reach.
 */
class FakeSns implements FakeService {
  readonly serviceName = "sns";
  readonly clientClass = SNSClient;
  readonly operations = [
    { name: "Publish", command: PublishCommand, handle: (input: PublishInput) => this.#publish(input) },
    { name: "Subscribe", command: SubscribeCommand, handle: (input: SubscribeInput) => this.#subscribe(input) },
    { name: "ListSubscriptionsByTopic", command: ListSubscriptionsByTopicCommand, handle: (input: ListSubscriptionsByTopicInput) => this.#listSubscriptions(input) },
    { name: "GetTopicAttributes", command: GetTopicAttributesCommand, handle: (input: GetTopicAttributesInput) => this.#getAttributes(input) },
    { name: "GetSubscriptionAttributes", command: GetSubscriptionAttributesCommand, handle: (input: GetSubscriptionAttributesInput) => this.#getSubscriptionAttributes(input) },
    { name: "SetSubscriptionAttributes", command: SetSubscriptionAttributesCommand, handle: (input: SetSubscriptionAttributesInput) => this.#setSubscriptionAttributes(input) },
  ];

  readonly #context: FakeServiceContext;
  readonly #random: SeededRandom;
  readonly #topics = new Map<string, TopicRecord>();
  readonly #published: PublishedMessage[] = [];
  readonly #listeners = new Set<PublishListener>();

  constructor(context: FakeServiceContext, spec: SnsSpec = {}) {
    this.#context = context;
    this.#random = randomFor(context);
    for (const topic of spec.topics ?? []) this.createTopic(topic);
  }

  /** Creates a topic with its subscriptions; returns its ARN. */
  createTopic(spec: SnsTopicSpec): string {
    const { partition, region, accountId } = this.#context;
    const arn = `arn:${partition}:sns:${region}:${accountId}:${spec.name}`;
    if (this.#topics.has(arn)) throw new Error(`SNS topic ${spec.name} already exists in the sandbox`);
    this.#topics.set(arn, { name: spec.name, arn, owner: accountId, attributes: spec.displayName ? { DisplayName: spec.displayName } : {}, subscriptions: [] });
    for (const subscription of spec.subscriptions ?? []) this.addSubscription(arn, subscription);
    return arn;
  }

  /** Subscribes like the API would, then confirms unless the spec says otherwise; returns the subscription ARN. */
  addSubscription(topic: string, spec: SnsSubscriptionSpec): string {
    const topicArn = this.#requireTopic(this.topicArn(topic)).arn;
    const attributes: Record<string, string> = {};
    if (spec.filterPolicy !== undefined) attributes.FilterPolicy = typeof spec.filterPolicy === "string" ? spec.filterPolicy : JSON.stringify(spec.filterPolicy);
    if (spec.filterPolicyScope !== undefined) attributes.FilterPolicyScope = spec.filterPolicyScope;
    if (spec.rawMessageDelivery !== undefined) attributes.RawMessageDelivery = String(spec.rawMessageDelivery);
    const record = this.#createSubscription(topicArn, spec.protocol, spec.endpoint, attributes);
    if (spec.confirmed !== undefined) record.confirmed = spec.confirmed;
    return record.arn;
  }

  /** What clicking the confirmation link does. */
  confirmSubscription(subscriptionArn: string): void {
    const subscription = [...this.#topics.values()].flatMap((t) => t.subscriptions).find((s) => s.arn === subscriptionArn);
    if (!subscription) throw new Error(`the sandbox has no SNS subscription ${subscriptionArn}`);
    subscription.confirmed = true;
  }

  /** A topic's ARN from its name (or the ARN itself). */
  topicArn(topic: string): string {
    if (topic.startsWith("arn:")) return topic;
    const { partition, region, accountId } = this.#context;
    return `arn:${partition}:sns:${region}:${accountId}:${topic}`;
  }

  /** Messages accepted so far (optionally of one topic, by name or ARN), oldest first. */
  published(topic?: string): PublishedMessage[] {
    const arn = topic === undefined ? undefined : this.topicArn(topic);
    return this.#published.filter((m) => arn === undefined || m.topicArn === arn);
  }

  /** Calls `listener` for every message accepted from now on; returns the unsubscribe function. */
  onPublish(listener: PublishListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #requireTopic(arn: string | undefined): TopicRecord {
    const topic = this.#topics.get(arn ?? "");
    if (!topic) throw topicNotFound();
    return topic;
  }

  #createSubscription(topicArn: string, protocol: string, endpoint: string, attributes: Record<string, string>): SubscriptionRecord {
    const topic = this.#requireTopic(topicArn);
    if (!PROTOCOLS.has(protocol)) throw invalidParameter(`Invalid parameter: Protocol Reason: ${protocol} is not a valid protocol`);
    if (!endpoint) throw invalidParameter("Invalid parameter: Endpoint Reason: no value for required parameter");
    if ((protocol === "email" || protocol === "email-json") && !/^[^@\s]+@[^@\s]+$/.test(endpoint)) {
      throw invalidParameter("Invalid parameter: Email address");
    }
    for (const name of Object.keys(attributes)) {
      if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter(`Invalid parameter: Attributes Reason: Unknown attribute ${name}`);
    }
    const policy = compiledPolicy(attributes);
    const existing = topic.subscriptions.find((s) => s.protocol === protocol && s.endpoint === endpoint);
    if (existing) {
      if (JSON.stringify(existing.attributes) !== JSON.stringify(attributes)) {
        throw invalidParameter("Invalid parameter: Attributes Reason: Subscription already exists with different attributes");
      }
      return existing;
    }
    const record: SubscriptionRecord = {
      arn: `${topic.arn}:${this.#random.uuid()}`,
      topicArn: topic.arn,
      owner: this.#context.accountId,
      protocol,
      endpoint,
      confirmed: !NEEDS_CONFIRMATION.has(protocol),
      attributes,
      ...(policy ? { policy } : {}),
    };
    topic.subscriptions.push(record);
    return record;
  }

  #publish(input: PublishInput): PublishResponse {
    validatePublish(input);
    const target = input.TopicArn ?? input.TargetArn ?? "";
    if (!TOPIC_ARN.test(target)) throw invalidParameter(`Invalid parameter: ${input.TopicArn !== undefined ? "TopicArn" : "TargetArn"}`);
    const topic = this.#requireTopic(target);
    const messageAttributes = input.MessageAttributes ?? {};
    const message = input.Message ?? "";
    const live = topic.subscriptions.filter((s) => s.confirmed);
    const accepts = (s: SubscriptionRecord) => !s.policy || filterPolicyMatches(s.policy, { attributes: messageAttributes, body: message });
    const published: PublishedMessage = {
      messageId: this.#random.uuid(),
      topicArn: topic.arn,
      message,
      ...(input.Subject !== undefined ? { subject: input.Subject } : {}),
      ...(input.MessageStructure !== undefined ? { messageStructure: input.MessageStructure } : {}),
      messageAttributes,
      attributes: Object.fromEntries(
        Object.entries(messageAttributes).map(([name, a]) => [name, a.BinaryValue ? Buffer.from(a.BinaryValue).toString("base64") : (a.StringValue ?? "")]),
      ),
      publishedAt: new Date(this.#context.clock.nowMs()),
      deliveredTo: live.filter(accepts).map((s) => s.arn),
      filteredOutOf: live.filter((s) => !accepts(s)).map((s) => s.arn),
    };
    this.#published.push(published);
    for (const listener of this.#listeners) listener(published);
    return { MessageId: published.messageId };
  }

  #subscribe(input: SubscribeInput): SubscribeResponse {
    const record = this.#createSubscription(input.TopicArn ?? "", input.Protocol ?? "", input.Endpoint ?? "", { ...input.Attributes });
    return { SubscriptionArn: record.confirmed || input.ReturnSubscriptionArn ? record.arn : "pending confirmation" };
  }

  #listSubscriptions(input: ListSubscriptionsByTopicInput): ListSubscriptionsByTopicResponse {
    const topic = this.#requireTopic(input.TopicArn);
    const page = paginate(topic.subscriptions, (s) => s.arn, { size: 100, nextToken: input.NextToken, scope: `ListSubscriptionsByTopic:${topic.arn}` });
    if (!page.ok) throw invalidParameter("Invalid parameter: NextToken");
    return { Subscriptions: page.items.map(subscriptionShape), ...(page.nextToken ? { NextToken: page.nextToken } : {}) };
  }

  #getAttributes(input: GetTopicAttributesInput): GetTopicAttributesResponse {
    return { Attributes: topicAttributes(this.#requireTopic(input.TopicArn)) };
  }

  #requireSubscription(arn: string | undefined): SubscriptionRecord {
    // A pending subscription has no ARN a caller can know ("PendingConfirmation" is not one).
    if (!arn || !arn.startsWith("arn:")) throw invalidParameter("Invalid parameter: SubscriptionArn");
    const subscription = [...this.#topics.values()].flatMap((topic) => topic.subscriptions).find((candidate) => candidate.arn === arn);
    if (!subscription) throw subscriptionNotFound();
    return subscription;
  }

  /** SNS's subscription attributes: its identity and state, and the attributes it was given (FilterPolicy, …). */
  #getSubscriptionAttributes(input: GetSubscriptionAttributesInput): GetSubscriptionAttributesResponse {
    const subscription = this.#requireSubscription(input.SubscriptionArn);
    const { FilterPolicy, FilterPolicyScope, RawMessageDelivery, ...rest } = subscription.attributes;
    return {
      Attributes: {
        SubscriptionArn: subscription.arn,
        TopicArn: subscription.topicArn,
        Owner: subscription.owner,
        Protocol: subscription.protocol,
        Endpoint: subscription.endpoint,
        PendingConfirmation: String(!subscription.confirmed),
        ConfirmationWasAuthenticated: String(subscription.confirmed),
        RawMessageDelivery: RawMessageDelivery ?? "false",
        ...(FilterPolicy !== undefined ? { FilterPolicy, FilterPolicyScope: FilterPolicyScope ?? "MessageAttributes" } : {}),
        ...rest,
      },
    };
  }

  /** One attribute at a time, validated as Subscribe validates it; a FilterPolicy takes effect for the next Publish. */
  #setSubscriptionAttributes(input: SetSubscriptionAttributesInput): Record<string, never> {
    const subscription = this.#requireSubscription(input.SubscriptionArn);
    const name = input.AttributeName ?? "";
    if (!SUBSCRIPTION_ATTRIBUTES.has(name)) throw invalidParameter(`Invalid parameter: AttributeName`);
    const attributes = { ...subscription.attributes, [name]: input.AttributeValue ?? "" };
    if (name === "FilterPolicy" || name === "FilterPolicyScope") {
      const policy = compiledPolicy(attributes);
      if (policy) subscription.policy = policy;
    }
    subscription.attributes = attributes;
    return {};
  }
}

export { FakeSns };
export type { PublishedMessage, PublishListener };
