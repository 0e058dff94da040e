import { createHash } from "node:crypto";
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { afterEach, describe, expect, it } from "vitest";
import type { SqsSpec } from "../../src/aws/sqs";
import { rejectionOf, START, startSandbox, stopSandbox, type TestSandbox } from "./sandbox";

const URL_PREFIX = "https://sqs.eu-west-1.amazonaws.com/111122223333";
const QUEUES: SqsSpec = {
  queues: [
    { name: "drain-dlq", attributes: { MessageRetentionPeriod: "1209600" } },
    { name: "drain", attributes: { VisibilityTimeout: "60" }, deadLetterQueue: { name: "drain-dlq", maxReceiveCount: 2 } },
  ],
};

describe("SQS fake", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(() => stopSandbox(sandbox));
  const sqs = () => new SQSClient({ region: "eu-west-1" });
  const counts = async (queue: string) =>
    (
      await sqs().send(
        new GetQueueAttributesCommand({
          QueueUrl: `${URL_PREFIX}/${queue}`,
          AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"],
        }),
      )
    ).Attributes;

  it("creates queues with CreateQueue's defaults and answers GetQueueAttributes All", async () => {
    // Prepare
    sandbox = startSandbox({ sqs: QUEUES });

    // Act
    const { Attributes } = await sqs().send(new GetQueueAttributesCommand({ QueueUrl: `${URL_PREFIX}/drain`, AttributeNames: ["All"] }));

    // Assess
    expect(Attributes).toEqual({
      QueueArn: "arn:aws:sqs:eu-west-1:111122223333:drain",
      ApproximateNumberOfMessages: "0",
      ApproximateNumberOfMessagesNotVisible: "0",
      ApproximateNumberOfMessagesDelayed: "0",
      CreatedTimestamp: String(START.getTime() / 1000),
      LastModifiedTimestamp: String(START.getTime() / 1000),
      DelaySeconds: "0",
      MaximumMessageSize: "262144",
      MessageRetentionPeriod: "345600",
      ReceiveMessageWaitTimeSeconds: "0",
      VisibilityTimeout: "60",
      SqsManagedSseEnabled: "true",
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:111122223333:drain-dlq", maxReceiveCount: 2 }),
    });
    expect((await sqs().send(new GetQueueUrlCommand({ QueueName: "drain-dlq" }))).QueueUrl).toBe(`${URL_PREFIX}/drain-dlq`);
  });

  it("answers unknown queues, attributes and bad values with SQS's errors", async () => {
    sandbox = startSandbox({ sqs: QUEUES });
    const missing = await rejectionOf(sqs().send(new GetQueueAttributesCommand({ QueueUrl: `${URL_PREFIX}/nope`, AttributeNames: ["All"] })));
    expect(missing).toMatchObject({ name: "QueueDoesNotExist", message: "The specified queue does not exist.", $metadata: { httpStatusCode: 400 } });
    const attribute = await rejectionOf(sqs().send(new GetQueueAttributesCommand({ QueueUrl: `${URL_PREFIX}/drain`, AttributeNames: ["Colour" as never] })));
    expect(attribute).toMatchObject({ name: "InvalidAttributeName", message: "Unknown Attribute Colour." });
    const batch = await rejectionOf(sqs().send(new ReceiveMessageCommand({ QueueUrl: `${URL_PREFIX}/drain`, MaxNumberOfMessages: 11 })));
    expect(batch).toMatchObject({ name: "InvalidParameterValue", message: "Value 11 for parameter MaxNumberOfMessages is invalid. Reason: Must be between 1 and 10, if provided." });
    const target = await rejectionOf(
      sqs().send(new CreateQueueCommand({ QueueName: "other", Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:111122223333:gone", maxReceiveCount: 3 }) } })),
    );
    expect(target.message).toContain("Dead letter target does not exist.");
    const handle = await rejectionOf(sqs().send(new DeleteMessageCommand({ QueueUrl: `${URL_PREFIX}/drain`, ReceiptHandle: "made-up" })));
    expect(handle).toMatchObject({ name: "ReceiptHandleIsInvalid" });
  });

  it("counts delayed, visible and in-flight messages, and deletes only with the latest receipt handle", async () => {
    // Prepare
    sandbox = startSandbox({ sqs: QUEUES });
    const QueueUrl = `${URL_PREFIX}/drain`;
    await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: "now" }));
    await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: "later", DelaySeconds: 30 }));
    expect(await counts("drain")).toEqual({ ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0", ApproximateNumberOfMessagesDelayed: "1" });

    // Act
    const first = await sqs().send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ["ApproximateReceiveCount"] }));
    sandbox.clock.advance(61_000);
    const second = await sqs().send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));

    // Assess
    expect(first.Messages?.[0]).toMatchObject({ Body: "now", MD5OfBody: createHash("md5").update("now").digest("hex"), Attributes: { ApproximateReceiveCount: "1" } });
    expect(second.Messages?.map((m) => m.Body).sort()).toEqual(["later", "now"]);
    const stale = first.Messages?.[0]?.ReceiptHandle as string;
    await sqs().send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: stale }));
    expect(sandbox.account.sqs.messages("drain").map((m) => m.body).sort()).toEqual(["later", "now"]);
    for (const message of second.Messages ?? []) await sqs().send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    expect(await counts("drain")).toEqual({ ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "0", ApproximateNumberOfMessagesDelayed: "0" });
  });

  it("moves a message received maxReceiveCount times to the dead-letter queue, keeping its id and enqueue time", async () => {
    // Prepare
    sandbox = startSandbox({ sqs: QUEUES });
    const QueueUrl = `${URL_PREFIX}/drain`;
    const { MessageId } = await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: '{"detail-type":"EC2 Instance-terminate Lifecycle Action"}' }));

    // Act: two failed deliveries (never deleted), then a third receive attempt
    for (let attempt = 0; attempt < 2; attempt++) {
      expect((await sqs().send(new ReceiveMessageCommand({ QueueUrl }))).Messages).toHaveLength(1);
      sandbox.clock.advance(60_000);
    }
    const third = await sqs().send(new ReceiveMessageCommand({ QueueUrl }));

    // Assess
    expect(third.Messages).toBeUndefined();
    expect(await counts("drain")).toMatchObject({ ApproximateNumberOfMessages: "0" });
    expect(await counts("drain-dlq")).toMatchObject({ ApproximateNumberOfMessages: "1" });
    const [dead] = (await sqs().send(new ReceiveMessageCommand({ QueueUrl: `${URL_PREFIX}/drain-dlq`, MessageSystemAttributeNames: ["All"] }))).Messages ?? [];
    expect(dead).toMatchObject({
      MessageId,
      Attributes: { DeadLetterQueueSourceArn: "arn:aws:sqs:eu-west-1:111122223333:drain", SentTimestamp: String(START.getTime()), ApproximateReceiveCount: "1" },
    });
  });

  it("redrives the dead-letter queue back to the source queue with StartMessageMoveTask", async () => {
    // Prepare
    sandbox = startSandbox({ sqs: QUEUES });
    const QueueUrl = `${URL_PREFIX}/drain`;
    await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: "poison" }));
    for (let attempt = 0; attempt < 3; attempt++) {
      await sqs().send(new ReceiveMessageCommand({ QueueUrl }));
      sandbox.clock.advance(60_000);
    }
    expect(await counts("drain-dlq")).toMatchObject({ ApproximateNumberOfMessages: "1" });

    // Act
    const refused = await rejectionOf(sqs().send(new StartMessageMoveTaskCommand({ SourceArn: "arn:aws:sqs:eu-west-1:111122223333:drain" })));
    await sqs().send(new StartMessageMoveTaskCommand({ SourceArn: "arn:aws:sqs:eu-west-1:111122223333:drain-dlq" }));

    // Assess
    expect(refused.message).toBe("Source queue must be configured as a Dead Letter Queue.");
    expect(await counts("drain-dlq")).toMatchObject({ ApproximateNumberOfMessages: "0" });
    expect(await counts("drain")).toMatchObject({ ApproximateNumberOfMessages: "1" });
    const { Results } = await sqs().send(new ListMessageMoveTasksCommand({ SourceArn: "arn:aws:sqs:eu-west-1:111122223333:drain-dlq" }));
    expect(Results).toEqual([expect.objectContaining({ Status: "COMPLETED", ApproximateNumberOfMessagesMoved: 1 })]);
  });

  it("drops messages after the retention period, counted from the original enqueue time", async () => {
    sandbox = startSandbox({ sqs: { queues: [{ name: "short", attributes: { MessageRetentionPeriod: "60" } }] } });
    await sqs().send(new SendMessageCommand({ QueueUrl: `${URL_PREFIX}/short`, MessageBody: "x" }));
    sandbox.clock.advance(59_000);
    expect(sandbox.account.sqs.messages("short")).toHaveLength(1);
    sandbox.clock.advance(1_000);
    expect(sandbox.account.sqs.messages("short")).toHaveLength(0);
  });

  it("returns a message made visible again by ChangeMessageVisibility to a waiting long poll", async () => {
    sandbox = startSandbox({ sqs: QUEUES }, { scale: 1_000 });
    const QueueUrl = `${URL_PREFIX}/drain`;
    await sqs().send(new SendMessageCommand({ QueueUrl, MessageBody: "again" }));
    const [message] = (await sqs().send(new ReceiveMessageCommand({ QueueUrl }))).Messages ?? [];
    const waiting = sqs().send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
    await sqs().send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: message?.ReceiptHandle, VisibilityTimeout: 0 }));
    expect((await waiting).Messages?.map((m) => m.Body)).toEqual(["again"]);
  });
});
