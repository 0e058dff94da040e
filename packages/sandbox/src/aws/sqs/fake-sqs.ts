import {
  ChangeMessageVisibilityCommand,
  type ChangeMessageVisibilityRequest,
  CreateQueueCommand,
  type CreateQueueRequest,
  type CreateQueueResult,
  DeleteMessageCommand,
  type DeleteMessageRequest,
  GetQueueAttributesCommand,
  type GetQueueAttributesRequest,
  type GetQueueAttributesResult,
  GetQueueUrlCommand,
  type GetQueueUrlRequest,
  type GetQueueUrlResult,
  ListMessageMoveTasksCommand,
  type ListMessageMoveTasksRequest,
  type ListMessageMoveTasksResult,
  type ListMessageMoveTasksResultEntry,
  type Message,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  type ReceiveMessageRequest,
  type ReceiveMessageResult,
  SendMessageCommand,
  type SendMessageRequest,
  type SendMessageResult,
  SQSClient,
  StartMessageMoveTaskCommand,
  type StartMessageMoveTaskRequest,
  type StartMessageMoveTaskResult,
} from "@aws-sdk/client-sqs";
import type { SeededRandom } from "../../random";
import { randomFor } from "../core/ids";
import type { FakeService, FakeServiceContext } from "../service";
import {
  invalidMessageContents,
  invalidParameterValue,
  messageNotInflight,
  missingParameter,
  queueDoesNotExist,
  queueNameExists,
  receiptHandleIsInvalid,
  resourceNotFound,
} from "./errors";
import {
  DEFAULT_ATTRIBUTES,
  dropExpired,
  md5,
  md5OfMessageAttributes,
  type MessageRecord,
  messageState,
  parseRedrivePolicy,
  type QueueRecord,
  queueAttributes,
  validateAttributes,
} from "./queue";
import type { SqsQueueSpec, SqsSpec } from "./spec";

/** A message as a test sees it. */
interface SqsMessageView {
  messageId: string;
  body: string;
  state: "delayed" | "in-flight" | "visible";
  receiveCount: number;
  sentAt: Date;
  deadLetterSourceArn?: string;
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;
const MESSAGE_SYSTEM_ATTRIBUTES = ["SenderId", "SentTimestamp", "ApproximateReceiveCount", "ApproximateFirstReceiveTimestamp", "DeadLetterQueueSourceArn"];
/** Characters SQS accepts in a message body (#x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF). */
const INVALID_BODY_CHARACTER = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function range(name: string, value: number | undefined, min: number, max: number, reason: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw invalidParameterValue(`Value ${value} for parameter ${name} is invalid. Reason: ${reason}`);
  }
}

/**
 * Stateful Amazon SQS standard queues: attributes with CreateQueue's defaults and validation, delays, visibility
 * timeouts and receipt handles (only the latest deletes), retention counted from the original enqueue time, redrive
 * to a dead-letter queue once a message has been received maxReceiveCount times, long polling on the sandbox clock,
 * and DLQ redrive (StartMessageMoveTask, done at once). FIFO queues are not modelled.
 */
class FakeSqs implements FakeService {
  readonly serviceName = "sqs";
  readonly clientClass = SQSClient;
  readonly operations = [
    { name: "CreateQueue", command: CreateQueueCommand, handle: (input: CreateQueueRequest) => this.#createQueue(input) },
    { name: "GetQueueUrl", command: GetQueueUrlCommand, handle: (input: GetQueueUrlRequest) => this.#getQueueUrl(input) },
    { name: "GetQueueAttributes", command: GetQueueAttributesCommand, handle: (input: GetQueueAttributesRequest) => this.#getAttributes(input) },
    { name: "SendMessage", command: SendMessageCommand, handle: (input: SendMessageRequest) => this.#send(input) },
    { name: "ReceiveMessage", command: ReceiveMessageCommand, handle: (input: ReceiveMessageRequest) => this.#receive(input) },
    { name: "DeleteMessage", command: DeleteMessageCommand, handle: (input: DeleteMessageRequest) => this.#delete(input) },
    { name: "ChangeMessageVisibility", command: ChangeMessageVisibilityCommand, handle: (input: ChangeMessageVisibilityRequest) => this.#changeVisibility(input) },
    { name: "StartMessageMoveTask", command: StartMessageMoveTaskCommand, handle: (input: StartMessageMoveTaskRequest) => this.#startMoveTask(input) },
    { name: "ListMessageMoveTasks", command: ListMessageMoveTasksCommand, handle: (input: ListMessageMoveTasksRequest) => this.#listMoveTasks(input) },
  ];

  readonly #context: FakeServiceContext;
  readonly #random: SeededRandom;
  readonly #queues = new Map<string, QueueRecord>();
  readonly #moveTasks: Array<ListMessageMoveTasksResultEntry & { SourceArn: string }> = [];
  readonly #waiters = new Set<() => void>();

  constructor(context: FakeServiceContext, spec: SqsSpec = {}) {
    this.#context = context;
    this.#random = randomFor(context);
    for (const queue of spec.queues ?? []) this.createQueue(queue);
  }

  /** Creates a queue like CreateQueue (same validation); returns its URL. */
  createQueue(spec: SqsQueueSpec): string {
    const attributes = { ...spec.attributes };
    if (spec.deadLetterQueue) {
      attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: this.queueArn(spec.deadLetterQueue.name), maxReceiveCount: spec.deadLetterQueue.maxReceiveCount });
    }
    return this.#createQueue({ QueueName: spec.name, Attributes: attributes }).QueueUrl as string;
  }

  queueUrl(name: string): string {
    const { region, accountId } = this.#context;
    return `https://sqs.${region}.amazonaws.com/${accountId}/${name}`;
  }

  queueArn(name: string): string {
    const { partition, region, accountId } = this.#context;
    return `arn:${partition}:sqs:${region}:${accountId}:${name}`;
  }

  /** The messages a queue (by name or URL) holds now, oldest first. */
  messages(queue: string): SqsMessageView[] {
    const record = this.#queues.get(queue.startsWith("https://") ? queue : this.queueUrl(queue));
    if (!record) throw new Error(`the sandbox has no SQS queue ${queue}`);
    const now = this.#context.clock.nowMs();
    dropExpired(record, now);
    return record.messages.map((message) => ({
      messageId: message.id,
      body: message.body,
      state: messageState(record, message, now) as SqsMessageView["state"],
      receiveCount: message.receiveCount,
      sentAt: new Date(message.sentAt),
      ...(message.deadLetterSourceArn ? { deadLetterSourceArn: message.deadLetterSourceArn } : {}),
    }));
  }

  #queue(url: string | undefined): QueueRecord {
    if (!url) throw missingParameter("QueueUrl");
    const queue = this.#queues.get(url);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  #byArn(arn: string): QueueRecord | undefined {
    return [...this.#queues.values()].find((queue) => queue.arn === arn);
  }

  #createQueue(input: CreateQueueRequest): CreateQueueResult {
    const name = input.QueueName ?? "";
    if (!name) throw missingParameter("QueueName");
    if (name.endsWith(".fifo")) validateAttributes({ FifoQueue: "true" });
    if (!QUEUE_NAME.test(name)) {
      throw invalidParameterValue("Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in length");
    }
    const given = { ...input.Attributes } as Record<string, string>;
    validateAttributes(given);
    const redrive = given.RedrivePolicy !== undefined ? parseRedrivePolicy(given.RedrivePolicy, (arn) => this.#byArn(arn) !== undefined) : undefined;
    const attributes = { ...DEFAULT_ATTRIBUTES, ...given };
    const url = this.queueUrl(name);
    const existing = this.#queues.get(url);
    if (existing) {
      const different = Object.keys(given).find((key) => existing.attributes[key] !== given[key]);
      if (different) throw queueNameExists(different);
      return { QueueUrl: url };
    }
    const now = this.#context.clock.nowMs();
    this.#queues.set(url, {
      name,
      url,
      arn: this.queueArn(name),
      createdAt: now,
      lastModifiedAt: now,
      attributes,
      ...(redrive ? { redrive } : {}),
      messages: [],
      handles: new Map(),
    });
    return { QueueUrl: url };
  }

  #getQueueUrl(input: GetQueueUrlRequest): GetQueueUrlResult {
    if (input.QueueOwnerAWSAccountId !== undefined && input.QueueOwnerAWSAccountId !== this.#context.accountId) throw queueDoesNotExist();
    const url = this.queueUrl(input.QueueName ?? "");
    if (!this.#queues.has(url)) throw queueDoesNotExist();
    return { QueueUrl: url };
  }

  #getAttributes(input: GetQueueAttributesRequest): GetQueueAttributesResult {
    const queue = this.#queue(input.QueueUrl);
    const names = input.AttributeNames ?? [];
    if (names.length === 0) return {};
    return { Attributes: queueAttributes(queue, names, this.#context.clock.nowMs()) };
  }

  #send(input: SendMessageRequest): SendMessageResult {
    const queue = this.#queue(input.QueueUrl);
    const body = input.MessageBody ?? "";
    if (!body) throw missingParameter("MessageBody");
    range("DelaySeconds", input.DelaySeconds, 0, 900, "DelaySeconds must be >= 0 and <= 900.");
    const invalid = INVALID_BODY_CHARACTER.exec(body);
    if (invalid) throw invalidMessageContents(invalid[0]);
    const attributes: Record<string, MessageAttributeValue> = { ...input.MessageAttributes };
    if (Object.keys(attributes).length > 10) throw invalidParameterValue("Number of message attributes [" + Object.keys(attributes).length + "] exceeds the allowed maximum [10].");
    const size =
      Buffer.byteLength(body, "utf8") +
      Object.entries(attributes).reduce(
        (sum, [name, a]) => sum + Buffer.byteLength(name) + Buffer.byteLength(a.DataType ?? "") + (a.BinaryValue ? a.BinaryValue.length : Buffer.byteLength(a.StringValue ?? "")),
        0,
      );
    const limit = Number(queue.attributes.MaximumMessageSize);
    if (size > limit) throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`);
    const now = this.#context.clock.nowMs();
    const delay = input.DelaySeconds ?? Number(queue.attributes.DelaySeconds);
    const message: MessageRecord = {
      id: this.#random.uuid(),
      body,
      md5OfBody: md5(body),
      messageAttributes: attributes,
      ...(Object.keys(attributes).length > 0 ? { md5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
      senderId: this.#context.accountId,
      sentAt: now,
      receiveCount: 0,
      invisibleUntil: now + delay * 1000,
    };
    queue.messages.push(message);
    this.#wake();
    return {
      MessageId: message.id,
      MD5OfMessageBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    };
  }

  async #receive(input: ReceiveMessageRequest): Promise<ReceiveMessageResult> {
    const queue = this.#queue(input.QueueUrl);
    range("MaxNumberOfMessages", input.MaxNumberOfMessages, 1, 10, "Must be between 1 and 10, if provided.");
    range("VisibilityTimeout", input.VisibilityTimeout, 0, 43_200, "Must be >= 0 and <= 43200, if provided.");
    range("WaitTimeSeconds", input.WaitTimeSeconds, 0, 20, "Must be >= 0 and <= 20, if provided.");
    const clock = this.#context.clock;
    const deadline = clock.nowMs() + (input.WaitTimeSeconds ?? Number(queue.attributes.ReceiveMessageWaitTimeSeconds)) * 1000;
    for (;;) {
      const messages = this.#take(queue, input);
      if (messages.length > 0 || clock.nowMs() >= deadline) return messages.length > 0 ? { Messages: messages } : {};
      // Long polling: wait for a send, for an invisible message to come back, or for the wait time to end.
      const now = clock.nowMs();
      const next = Math.min(deadline, ...queue.messages.map((m) => m.invisibleUntil).filter((t) => t > now));
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.#waiters.delete(wake);
          clock.clearTimeout(timer);
          resolve();
        };
        const timer = clock.setTimeout(wake, next - now);
        this.#waiters.add(wake);
      });
    }
  }

  /** Receives up to MaxNumberOfMessages visible messages, moving those past maxReceiveCount to the dead-letter queue. */
  #take(queue: QueueRecord, input: ReceiveMessageRequest): Message[] {
    const now = this.#context.clock.nowMs();
    dropExpired(queue, now);
    const wanted = input.MaxNumberOfMessages ?? 1;
    const visibility = input.VisibilityTimeout ?? Number(queue.attributes.VisibilityTimeout);
    const taken: Message[] = [];
    for (const message of [...queue.messages]) {
      if (taken.length >= wanted) break;
      if (messageState(queue, message, now) !== "visible") continue;
      if (queue.redrive && message.receiveCount >= queue.redrive.maxReceiveCount) {
        const target = this.#byArn(queue.redrive.deadLetterTargetArn);
        if (target) {
          this.#move(queue, target, message, { deadLetterSourceArn: queue.arn });
          continue;
        }
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.invisibleUntil = now + visibility * 1000;
      message.receiptHandle = `AQEB${Buffer.from(`${this.#random.uuid()}${this.#random.uuid()}${queue.name}:${message.id}`).toString("base64")}`;
      queue.handles.set(message.receiptHandle, message.id);
      taken.push(this.#messageShape(message, input));
    }
    return taken;
  }

  #messageShape(message: MessageRecord, input: ReceiveMessageRequest): Message {
    const requested = [...(input.MessageSystemAttributeNames ?? []), ...(input.AttributeNames ?? [])] as string[];
    const system: Record<string, string | undefined> = {
      SenderId: message.senderId,
      SentTimestamp: String(message.sentAt),
      ApproximateReceiveCount: String(message.receiveCount),
      ApproximateFirstReceiveTimestamp: message.firstReceivedAt !== undefined ? String(message.firstReceivedAt) : undefined,
      DeadLetterQueueSourceArn: message.deadLetterSourceArn,
    };
    const names = requested.includes("All") ? MESSAGE_SYSTEM_ATTRIBUTES : requested.filter((name) => MESSAGE_SYSTEM_ATTRIBUTES.includes(name));
    const attributes = Object.fromEntries(names.filter((name) => system[name] !== undefined).map((name) => [name, system[name] as string]));
    const filters = input.MessageAttributeNames ?? [];
    const wantsAttribute = (name: string) =>
      filters.some((filter) => filter === "All" || filter === ".*" || filter === name || (filter.endsWith(".*") && name.startsWith(filter.slice(0, -1))));
    const messageAttributes = Object.fromEntries(Object.entries(message.messageAttributes).filter(([name]) => wantsAttribute(name)));
    return {
      MessageId: message.id,
      ReceiptHandle: message.receiptHandle,
      MD5OfBody: message.md5OfBody,
      Body: message.body,
      ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
      ...(Object.keys(messageAttributes).length > 0 ? { MessageAttributes: messageAttributes, MD5OfMessageAttributes: md5OfMessageAttributes(messageAttributes) } : {}),
    };
  }

  /** Moves a message between queues, keeping its id, body and original enqueue time (standard queues). */
  #move(from: QueueRecord, to: QueueRecord, message: MessageRecord, fields: { deadLetterSourceArn?: string }): void {
    from.messages = from.messages.filter((m) => m !== message);
    const { receiptHandle: _handle, firstReceivedAt: _first, deadLetterSourceArn: _source, ...kept } = message;
    to.messages.push({ ...kept, receiveCount: 0, invisibleUntil: this.#context.clock.nowMs(), ...fields });
    this.#wake();
  }

  #findByHandle(queue: QueueRecord, handle: string | undefined): MessageRecord | undefined {
    if (!handle) throw missingParameter("ReceiptHandle");
    const id = queue.handles.get(handle);
    if (id === undefined) throw receiptHandleIsInvalid(handle);
    const message = queue.messages.find((m) => m.id === id);
    // Only the latest receipt handle acts on a message that was received again ("the request succeeds, but the
    // message might not be deleted").
    return message?.receiptHandle === handle ? message : undefined;
  }

  #delete(input: DeleteMessageRequest): Record<string, never> {
    const queue = this.#queue(input.QueueUrl);
    const message = this.#findByHandle(queue, input.ReceiptHandle);
    if (message) queue.messages = queue.messages.filter((m) => m !== message);
    return {};
  }

  #changeVisibility(input: ChangeMessageVisibilityRequest): Record<string, never> {
    const queue = this.#queue(input.QueueUrl);
    range("VisibilityTimeout", input.VisibilityTimeout, 0, 43_200, "Must be >= 0 and <= 43200, if provided.");
    const message = this.#findByHandle(queue, input.ReceiptHandle);
    const now = this.#context.clock.nowMs();
    if (!message || messageState(queue, message, now) !== "in-flight") throw messageNotInflight();
    message.invisibleUntil = now + (input.VisibilityTimeout ?? 0) * 1000;
    if (input.VisibilityTimeout === 0) this.#wake();
    return {};
  }

  /**
   * DLQ redrive. AWS moves the messages asynchronously at up to MaxNumberOfMessagesPerSecond; the sandbox moves them
   * at once and records the task as COMPLETED. Without DestinationArn each message goes back to the queue it was
   * dead-lettered from; messages sent to the dead-letter queue directly have no such queue and stay (the model's choice).
   */
  #startMoveTask(input: StartMessageMoveTaskRequest): StartMessageMoveTaskResult {
    if (!input.SourceArn) throw missingParameter("SourceArn");
    const source = this.#byArn(input.SourceArn);
    if (!source) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    const isDeadLetterQueue = [...this.#queues.values()].some((queue) => queue.redrive?.deadLetterTargetArn === source.arn);
    if (!isDeadLetterQueue) throw invalidParameterValue("Source queue must be configured as a Dead Letter Queue.");
    const destination = input.DestinationArn ? this.#byArn(input.DestinationArn) : undefined;
    if (input.DestinationArn && !destination) throw resourceNotFound("The resource that you specified for the DestinationArn parameter doesn't exist.");
    const now = this.#context.clock.nowMs();
    dropExpired(source, now);
    const movable = source.messages.filter((message) => messageState(source, message, now) === "visible");
    let moved = 0;
    for (const message of movable) {
      const target = destination ?? (message.deadLetterSourceArn ? this.#byArn(message.deadLetterSourceArn) : undefined);
      if (!target) continue;
      this.#move(source, target, message, {});
      moved++;
    }
    const handle = Buffer.from(JSON.stringify({ taskId: this.#random.uuid(), sourceArn: source.arn })).toString("base64");
    this.#moveTasks.unshift({
      Status: "COMPLETED",
      SourceArn: source.arn,
      ...(input.DestinationArn ? { DestinationArn: input.DestinationArn } : {}),
      ...(input.MaxNumberOfMessagesPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: input.MaxNumberOfMessagesPerSecond } : {}),
      ApproximateNumberOfMessagesMoved: moved,
      ApproximateNumberOfMessagesToMove: movable.length,
      StartedTimestamp: now,
    });
    return { TaskHandle: handle };
  }

  #listMoveTasks(input: ListMessageMoveTasksRequest): ListMessageMoveTasksResult {
    if (!input.SourceArn) throw missingParameter("SourceArn");
    if (!this.#byArn(input.SourceArn)) throw resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    range("MaxResults", input.MaxResults, 1, 10, "Must be between 1 and 10, if provided.");
    return { Results: this.#moveTasks.filter((task) => task.SourceArn === input.SourceArn).slice(0, input.MaxResults ?? 1) };
  }

  #wake(): void {
    for (const wake of [...this.#waiters]) wake();
  }
}

export { FakeSqs };
export type { SqsMessageView };
