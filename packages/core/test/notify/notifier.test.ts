import { PublishCommand, type PublishCommandInput, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { type ChatbotNotification, InvalidReportError, NotificationPublishError, NotifierConfigError, createNotifier } from "../../src/notify";
import { bigSection, makeReport } from "./fixtures";

const TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:caretaker-notifications";
const snsMock = mockClient(SNSClient);

function publishedInputs(): PublishCommandInput[] {
  return snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

function inputFor(format: "chatbot" | "email"): PublishCommandInput {
  const input = publishedInputs().find((candidate) => candidate.MessageAttributes?.format?.StringValue === format);
  if (!input) throw new Error(`no ${format} publish`);
  return input;
}

function attributeBytes(input: PublishCommandInput): number {
  return Object.entries(input.MessageAttributes ?? {}).reduce(
    (total, [name, value]) => total + Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? "") + Buffer.byteLength(value.StringValue ?? ""),
    0,
  );
}

describe("createNotifier", () => {
  beforeEach(() => {
    snsMock.reset();
    snsMock.on(PublishCommand).callsFake((input: PublishCommandInput) => ({ MessageId: `id-${input.MessageAttributes?.format?.StringValue}` }));
  });

  it("publishes two String-structured messages, one per format, with filterable attributes", async () => {
    // Prepare
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });
    const attributes = {
      kind: { DataType: "String", StringValue: "drain" },
      severity: { DataType: "String", StringValue: "warning" },
      fingerprint: { DataType: "String", StringValue: "drain/123456789012/eu-west-1/prod/i-0123456789abcdef0" },
      cluster: { DataType: "String", StringValue: "prod" },
    };

    // Act
    const result = await notifier.notify(makeReport());

    // Assess
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Message: expect.stringMatching(/^\{"version":"1\.0","source":"custom"/),
      MessageAttributes: { format: { DataType: "String", StringValue: "chatbot" }, ...attributes },
    });
    expect(snsMock).toHaveReceivedCommandWith(PublishCommand, {
      TopicArn: TOPIC_ARN,
      Subject: "[Caretaker] WARNING: Drained ip-10-0-1-5.ec2.internal",
      Message: expect.stringMatching(/^Drained ip-10-0-1-5\.ec2\.internal\n=+\n/),
      MessageAttributes: { format: { DataType: "String", StringValue: "email" }, ...attributes },
    });
    for (const input of publishedInputs()) expect(input).not.toHaveProperty("MessageStructure");
    expect(result).toEqual({ messageIds: ["id-chatbot", "id-email"] });
  });

  it("sends the Chatbot JSON without a subject and the e-mail as plain text", async () => {
    // Prepare
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });

    // Act
    await notifier.notify(makeReport());

    // Assess
    const chatbot = inputFor("chatbot");
    expect(chatbot).not.toHaveProperty("Subject");
    expect(JSON.parse(chatbot.Message ?? "") as ChatbotNotification).toMatchObject({ version: "1.0", source: "custom", content: { textType: "client-markdown" } });
    expect(() => JSON.parse(inputFor("email").Message ?? "")).toThrow();
    expect(inputFor("email").Message).toContain("\nEvicted pods (3)\n");
  });

  it("leaves out the cluster attribute when the report names no cluster", async () => {
    // Prepare
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });

    // Act
    await notifier.notify(makeReport({ kind: "probe", severity: "success", cluster: undefined }));
    await notifier.notify(makeReport({ kind: "probe", severity: "success", cluster: "  " }));

    // Assess
    expect(publishedInputs()).toHaveLength(4);
    for (const input of publishedInputs()) expect(Object.keys(input.MessageAttributes ?? {}).sort()).toEqual(["fingerprint", "format", "kind", "severity"]);
  });

  it("issues both publishes concurrently", async () => {
    // Prepare
    let inFlight = 0;
    let maxInFlight = 0;
    snsMock.on(PublishCommand).callsFake(async () => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
      return { MessageId: "id" };
    });
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });

    // Act
    await notifier.notify(makeReport());

    // Assess
    expect(maxInFlight).toBe(2);
  });

  it("rejects with an error naming the failed variant and the topic, and says which variant went out", async () => {
    // Prepare
    const denied = Object.assign(new Error("User is not authorized to perform SNS:Publish"), { name: "AuthorizationErrorException" });
    snsMock.on(PublishCommand).callsFake(async (input: PublishCommandInput) => {
      if (input.MessageAttributes?.format?.StringValue === "chatbot") throw denied;
      return { MessageId: "id-email" };
    });
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });

    // Act
    const error = await notifier.notify(makeReport()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(NotificationPublishError);
    expect((error as Error).message).toBe(
      `Publishing the chatbot variant of the drain report "drain/123456789012/eu-west-1/prod/i-0123456789abcdef0" to ${TOPIC_ARN} failed (chatbot: AuthorizationErrorException: User is not authorized to perform SNS:Publish)`,
    );
    expect((error as NotificationPublishError).published).toEqual([{ format: "email", messageId: "id-email" }]);
    expect((error as Error).cause).toBe(denied);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 2);
  });

  it("names both variants when both publishes fail", async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(new Error("Throttled"));
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });

    // Act & Assess
    await expect(notifier.notify(makeReport())).rejects.toThrow(/^Publishing the chatbot and email variants of the drain report .* to arn:aws:sns:eu-west-1:123456789012:caretaker-notifications failed \(chatbot: Throttled; email: Throttled\)$/);
  });

  it("keeps each published message within 262,144 bytes including its attributes", async () => {
    // Prepare: a chat cap high enough that the byte budget, not the item count, limits both variants.
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN, chatItemsPerSection: 1_000_000 });
    const report = makeReport({ fingerprint: "f".repeat(256), cluster: "c".repeat(100), sections: [bigSection(100_000, (index) => `ns-ü/pod-${index}`)] });

    // Act
    await notifier.notify(report);

    // Assess
    for (const input of publishedInputs()) {
      const total = Buffer.byteLength(input.Message ?? "") + attributeBytes(input) + Buffer.byteLength(input.Subject ?? "");
      expect(total).toBeLessThanOrEqual(262_144);
      expect(total).toBeGreaterThan(262_144 - 1_000);
    }
    expect(inputFor("chatbot").Message).toMatch(/_… and [\d,]+ more_/);
  });

  it("shows the configured number of items per list in chat", async () => {
    // Prepare
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN, chatItemsPerSection: 3 });

    // Act
    await notifier.notify(makeReport({ sections: [bigSection(40)] }));

    // Assess
    const { description } = (JSON.parse(inputFor("chatbot").Message ?? "") as ChatbotNotification).content;
    expect(description).toMatch(/• `default\/pod-2`\n_… and 37 more_$/);
    expect(inputFor("email").Message).toContain("- default/pod-39\n");
  });

  it("logs each publish through the optional logger", async () => {
    // Prepare
    const logger = { info: vi.fn() };
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN, logger });

    // Act
    await notifier.notify(makeReport());

    // Assess
    expect(logger.info).toHaveBeenCalledTimes(2);
    expect(logger.info).toHaveBeenCalledWith("Published notification", expect.objectContaining({ format: "chatbot", messageId: "id-chatbot", topicArn: TOPIC_ARN, kind: "drain" }));
    expect(logger.info).toHaveBeenCalledWith("Published notification", expect.objectContaining({ format: "email", messageId: "id-email", bytes: expect.any(Number) }));
  });

  it("rejects an invalid report before publishing anything", async () => {
    // Prepare
    const notifier = createNotifier({ sns: new SNSClient({}), topicArn: TOPIC_ARN });
    const report = { ...makeReport(), fingerprint: "" };

    // Act & Assess
    await expect(notifier.notify(report)).rejects.toThrow(InvalidReportError);
    expect(snsMock).toHaveReceivedCommandTimes(PublishCommand, 0);
  });

  it("refuses to start without a usable standard topic ARN", () => {
    // Prepare
    const sns = new SNSClient({});
    const create = (topicArn: unknown) => () => createNotifier({ sns, topicArn: topicArn as string });

    // Act & Assess
    expect(create(undefined)).toThrow(new NotifierConfigError("The notifier needs the ARN of its SNS topic (topicArn), e.g. arn:aws:sns:eu-west-1:123456789012:caretaker-notifications"));
    expect(create("")).toThrow(/needs the ARN of its SNS topic/);
    expect(create("caretaker-notifications")).toThrow('"caretaker-notifications" is not an SNS topic ARN (expected arn:<partition>:sns:<region>:<account-id>:<topic-name>)');
    expect(create("arn:aws:sqs:eu-west-1:123456789012:queue")).toThrow(/is not an SNS topic ARN/);
    expect(create("arn:aws:sns:eu-west-1:12345:topic")).toThrow(/is not an SNS topic ARN/);
    expect(create("arn:aws:sns:eu-west-1:123456789012:alerts.fifo")).toThrow(/not the FIFO topic .*cannot deliver to Amazon Q Developer \(Chatbot\) or e-mail/);
    expect(create("arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts")).not.toThrow();
    expect(create("arn:aws-cn:sns:cn-north-1:123456789012:alerts")).not.toThrow();
  });

  it("refuses a chat item count that is not a whole number of at least 0", () => {
    // Prepare
    const sns = new SNSClient({});

    // Act & Assess
    expect(() => createNotifier({ sns, topicArn: TOPIC_ARN, chatItemsPerSection: -1 })).toThrow(/chatItemsPerSection must be a whole number of at least 0 \(got -1\)/);
    expect(() => createNotifier({ sns, topicArn: TOPIC_ARN, chatItemsPerSection: 2.5 })).toThrow(NotifierConfigError);
    expect(() => createNotifier({ sns, topicArn: TOPIC_ARN, chatItemsPerSection: 0 })).not.toThrow();
  });
});
