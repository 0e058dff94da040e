import { GetSubscriptionAttributesCommand, ListSubscriptionsByTopicCommand, PublishCommand, SetSubscriptionAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { afterEach, describe, expect, it } from "vitest";
import { rejectionOf, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const region = "eu-west-1";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";
const CHATBOT = "https://global.sns-api.chatbot.amazonaws.com";

/** A Chatbot subscription as the console creates it (no filter policy) and an e-mail one with Caretaker's. */
const spec = {
  sns: {
    topics: [
      {
        name: "caretaker-alerts",
        subscriptions: [
          { protocol: "https", endpoint: CHATBOT, confirmed: true },
          { protocol: "email", endpoint: "ops@example.com", filterPolicy: { format: ["email"] }, confirmed: true },
          { protocol: "email", endpoint: "new@example.com", confirmed: false },
        ],
      },
    ],
  },
};

describe("SNS subscription attributes", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));

  const arnOf = async (sns: SNSClient, endpoint: string) =>
    (await sns.send(new ListSubscriptionsByTopicCommand({ TopicArn: TOPIC }))).Subscriptions?.find((subscription) => subscription.Endpoint === endpoint)?.SubscriptionArn as string;

  it("answers a subscription's identity, state and filter policy", async () => {
    sandbox = startSandbox(spec);
    const sns = new SNSClient({ region });
    const email = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: await arnOf(sns, "ops@example.com") }))).Attributes;
    expect(email).toMatchObject({ TopicArn: TOPIC, Protocol: "email", Endpoint: "ops@example.com", PendingConfirmation: "false", FilterPolicy: '{"format":["email"]}', FilterPolicyScope: "MessageAttributes", RawMessageDelivery: "false" });
    const chatbot = (await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: await arnOf(sns, CHATBOT) }))).Attributes;
    expect(chatbot).not.toHaveProperty("FilterPolicy");
  });

  it("sets a filter policy that the next Publish honours, and refuses an invalid one without changing anything", async () => {
    sandbox = startSandbox(spec);
    const sns = new SNSClient({ region });
    const chatbot = await arnOf(sns, CHATBOT);
    const publishEmailVariant = () => sns.send(new PublishCommand({ TopicArn: TOPIC, Message: "text", MessageAttributes: { format: { DataType: "String", StringValue: "email" } } }));
    await publishEmailVariant();
    expect(sandbox.account.sns.published().at(-1)?.deliveredTo).toContain(chatbot);

    await sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: chatbot, AttributeName: "FilterPolicy", AttributeValue: '{"format":["chatbot"]}' }));
    await publishEmailVariant();
    expect(sandbox.account.sns.published().at(-1)?.filteredOutOf).toContain(chatbot);

    const invalid = await rejectionOf(sns.send(new SetSubscriptionAttributesCommand({ SubscriptionArn: chatbot, AttributeName: "FilterPolicy", AttributeValue: "not json" })));
    expect(invalid.name).toBe("InvalidParameterException");
    expect((await sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: chatbot }))).Attributes?.FilterPolicy).toBe('{"format":["chatbot"]}');
  });

  it("answers NotFound for an unknown subscription and refuses the pending placeholder as an ARN", async () => {
    sandbox = startSandbox(spec);
    const sns = new SNSClient({ region });
    expect((await rejectionOf(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: `${TOPIC}:00000000-0000-0000-0000-000000000000` })))).name).toBe("NotFoundException");
    expect((await rejectionOf(sns.send(new GetSubscriptionAttributesCommand({ SubscriptionArn: "PendingConfirmation" })))).name).toBe("InvalidParameterException");
  });
});
