import {
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from "@aws-sdk/client-sns";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";

const topics = {
  sns: {
    topics: [
      {
        name: "caretaker-alerts",
        subscriptions: [
          { protocol: "https", endpoint: "https://global.sns-api.chatbot.amazonaws.com", filterPolicy: { format: ["chatbot"] }, confirmed: true },
          { protocol: "email", endpoint: "ops@example.com", filterPolicy: { format: ["email"] }, confirmed: true },
        ],
      },
    ],
  },
};

describe("SNS Publish", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("captures the message with its attributes and the subscriptions its filter policy reaches", async () => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    const output = await new SNSClient({ region }).send(
      new PublishCommand({ TopicArn: TOPIC, Message: "drained", Subject: "Caretaker: node drained", MessageAttributes: { format: { DataType: "String", StringValue: "email" } } }),
    );

    // Assess
    const [message] = sandbox.account.sns.published("caretaker-alerts");
    expect(message).toMatchObject({ messageId: output.MessageId, message: "drained", subject: "Caretaker: node drained", attributes: { format: "email" } });
    expect(message?.deliveredTo).toHaveLength(1);
    expect(message?.deliveredTo[0]).toMatch(/^arn:aws:sns:eu-west-1:111122223333:caretaker-alerts:[0-9a-f-]{36}$/);
    expect(message?.filteredOutOf).toHaveLength(1);
  });

  it("answers a topic that does not exist with NotFoundException", async () => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    const error = await rejectionOf(new SNSClient({ region }).send(new PublishCommand({ TopicArn: "arn:aws:sns:eu-west-1:111122223333:nope", Message: "m" })));

    // Assess
    expect(error).toMatchObject({ name: "NotFoundException", message: "Topic does not exist", $metadata: { httpStatusCode: 404 } });
    expect(sandbox.account.sns.published()).toEqual([]);
  });

  it("accepts exactly 262,144 bytes of message plus attributes and refuses one byte more", async () => {
    // Prepare
    sandbox = startSandbox(topics);
    const sns = new SNSClient({ region });
    const attributes = { format: { DataType: "String", StringValue: "email" } };
    const attributeBytes = "format".length + "String".length + "email".length;
    // UTF-8 bytes, not characters: "é" is two bytes.
    const body = (bytes: number) => "é".repeat(Math.floor(bytes / 2)) + (bytes % 2 === 1 ? "x" : "");

    // Act
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: body(262_144 - attributeBytes), MessageAttributes: attributes }));
    const error = await rejectionOf(sns.send(new PublishCommand({ TopicArn: TOPIC, Message: body(262_144 - attributeBytes + 1), MessageAttributes: attributes })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterException", message: "Invalid parameter: Message too long" });
    expect(sandbox.account.sns.published()).toHaveLength(1);
  });

  it.each([
    ["100 characters", "x".repeat(100)],
    ["a line break", "Drain\nfailed"],
    ["non-ASCII text", "Drain échoué"],
    ["an empty subject", ""],
    ["a leading space", " Drain"],
  ])("refuses a Subject with %s", async (_, Subject) => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    const error = await rejectionOf(new SNSClient({ region }).send(new PublishCommand({ TopicArn: TOPIC, Message: "m", Subject })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterException", message: "Invalid parameter: Subject" });
  });

  it("accepts a 99-character ASCII subject", async () => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    await new SNSClient({ region }).send(new PublishCommand({ TopicArn: TOPIC, Message: "m", Subject: "S".repeat(99) }));

    // Assess
    expect(sandbox.account.sns.published()[0]?.subject).toHaveLength(99);
  });

  it.each([
    [{ DataType: "Text", StringValue: "x" }, "The message attribute 'a' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String."],
    [{ DataType: "String", StringValue: "" }, "The message attribute 'a' must contain non-empty message attribute value for message attribute type 'String'."],
    [{ DataType: "Number", StringValue: "ten" }, "Could not cast message attribute 'a' value to number."],
  ])("refuses an invalid message attribute %o", async (attribute, message) => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    const error = await rejectionOf(new SNSClient({ region }).send(new PublishCommand({ TopicArn: TOPIC, Message: "m", MessageAttributes: { a: attribute } })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterValueException", message });
  });

  it("requires a default entry when MessageStructure is json", async () => {
    // Prepare
    sandbox = startSandbox(topics);

    // Act
    const error = await rejectionOf(new SNSClient({ region }).send(new PublishCommand({ TopicArn: TOPIC, Message: JSON.stringify({ email: "x" }), MessageStructure: "json" })));

    // Assess
    expect(error).toMatchObject({ name: "InvalidParameterException", message: "Invalid parameter: Message Structure - No default entry in JSON message body" });
  });
});

describe("SNS subscriptions and topic attributes", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  it("leaves an e-mail subscription pending until confirmed, and does not deliver to it meanwhile", async () => {
    // Prepare
    sandbox = startSandbox({ sns: { topics: [{ name: "caretaker-alerts" }] } });
    const sns = new SNSClient({ region });

    // Act
    const subscribed = await sns.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: "email", Endpoint: "ops@example.com", ReturnSubscriptionArn: false }));
    const listed = await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }));
    await sns.send(new PublishCommand({ TopicArn: TOPIC, Message: "m" }));

    // Assess
    expect(subscribed.SubscriptionArn).toBe("pending confirmation");
    expect(listed.Subscriptions).toEqual([{ SubscriptionArn: "PendingConfirmation", Owner: "111122223333", Protocol: "email", Endpoint: "ops@example.com", TopicArn: TOPIC }]);
    expect(sandbox.account.sns.published()[0]?.deliveredTo).toEqual([]);
  });

  it("confirms non-e-mail subscriptions at once and rejects an invalid filter policy", async () => {
    // Prepare
    sandbox = startSandbox({ sns: { topics: [{ name: "caretaker-alerts" }] } });
    const sns = new SNSClient({ region });

    // Act
    const sqs = await sns.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: "sqs", Endpoint: "arn:aws:sqs:eu-west-1:111122223333:q", Attributes: { FilterPolicy: '{"severity":["high"]}' } }));
    const bad = await rejectionOf(sns.send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: "sqs", Endpoint: "arn:aws:sqs:eu-west-1:111122223333:r", Attributes: { FilterPolicy: '{"a":[1],"b":[1],"c":[1],"d":[1],"e":[1],"f":[1]}' } })));

    // Assess
    expect(sqs.SubscriptionArn).toMatch(/^arn:aws:sns:eu-west-1:111122223333:caretaker-alerts:[0-9a-f-]{36}$/);
    expect(bad).toMatchObject({ name: "InvalidParameterException", message: "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys" });
  });

  it("reports the topic's attributes with subscription counts", async () => {
    // Prepare
    sandbox = startSandbox(topics);
    await new SNSClient({ region }).send(new SubscribeCommand({ TopicArn: TOPIC, Protocol: "email", Endpoint: "new@example.com" }));

    // Act
    const { Attributes } = await new SNSClient({ region }).send(new GetTopicAttributesCommand({ TopicArn: TOPIC }));

    // Assess
    expect(Attributes).toMatchObject({ TopicArn: TOPIC, Owner: "111122223333", SubscriptionsConfirmed: "2", SubscriptionsPending: "1", SubscriptionsDeleted: "0" });
    expect(JSON.parse(Attributes?.Policy ?? "{}").Id).toBe("__default_policy_ID");
  });
});
