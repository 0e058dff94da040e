import { createHash } from "node:crypto";
import type { MessageAttributeValue } from "@aws-sdk/client-sqs";
import { SandboxUnsupportedOperationError } from "../core/unsupported";
import { invalidAttributeName, invalidAttributeValue, invalidParameterValue } from "./errors";

/** One message as SQS keeps it. Times are sandbox epoch milliseconds. */
interface MessageRecord {
  id: string;
  body: string;
  md5OfBody: string;
  messageAttributes: Record<string, MessageAttributeValue>;
  md5OfMessageAttributes?: string;
  senderId: string;
  /** Original enqueue time: retention counts from it, also after a move to the dead-letter queue. */
  sentAt: number;
  firstReceivedAt?: number;
  receiveCount: number;
  /** Until when the message is delayed (never received) or in flight (received). */
  invisibleUntil: number;
  /** The latest receipt handle; only it deletes the message. */
  receiptHandle?: string;
  /** Set when SQS moved the message here from a source queue's redrive. */
  deadLetterSourceArn?: string;
}

interface RedrivePolicy {
  deadLetterTargetArn: string;
  maxReceiveCount: number;
}

interface QueueRecord {
  name: string;
  url: string;
  arn: string;
  createdAt: number;
  lastModifiedAt: number;
  /** The settable attributes, defaults filled in (strings, as the API returns them). */
  attributes: Record<string, string>;
  redrive?: RedrivePolicy;
  messages: MessageRecord[];
  /** Every receipt handle issued → message id, so stale handles are told apart from made-up ones. */
  handles: Map<string, string>;
}

/** CreateQueue's defaults for a standard queue. */
const DEFAULT_ATTRIBUTES: Record<string, string> = {
  DelaySeconds: "0",
  MaximumMessageSize: "262144",
  MessageRetentionPeriod: "345600",
  ReceiveMessageWaitTimeSeconds: "0",
  VisibilityTimeout: "30",
  SqsManagedSseEnabled: "true",
};

/** Integer attributes and their ranges (SQS API reference, SetQueueAttributes). */
const RANGES: Record<string, [number, number]> = {
  DelaySeconds: [0, 900],
  MaximumMessageSize: [1024, 1_048_576],
  MessageRetentionPeriod: [60, 1_209_600],
  ReceiveMessageWaitTimeSeconds: [0, 20],
  VisibilityTimeout: [0, 43_200],
  KmsDataKeyReusePeriodSeconds: [60, 86_400],
};
const JSON_ATTRIBUTES = new Set(["Policy", "RedrivePolicy", "RedriveAllowPolicy"]);
const OTHER_ATTRIBUTES = new Set(["SqsManagedSseEnabled", "KmsMasterKeyId"]);
const FIFO_ATTRIBUTES = new Set(["FifoQueue", "ContentBasedDeduplication", "DeduplicationScope", "FifoThroughputLimit"]);
/** What GetQueueAttributes can return besides the settable attributes. */
const READ_ONLY_ATTRIBUTES = new Set([
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
  "CreatedTimestamp",
  "LastModifiedTimestamp",
  "QueueArn",
]);

function isSettable(name: string): boolean {
  return name in RANGES || JSON_ATTRIBUTES.has(name) || OTHER_ATTRIBUTES.has(name);
}

function isReadable(name: string): boolean {
  return isSettable(name) || READ_ONLY_ATTRIBUTES.has(name) || FIFO_ATTRIBUTES.has(name);
}

/** Validates CreateQueue/SetQueueAttributes attributes; FIFO queues are not modelled. */
function validateAttributes(attributes: Record<string, string>): void {
  for (const [name, value] of Object.entries(attributes)) {
    if (FIFO_ATTRIBUTES.has(name)) {
      if (name === "FifoQueue" && value === "false") continue;
      throw new SandboxUnsupportedOperationError(`the sandbox does not model FIFO queues (attribute ${name})`);
    }
    if (!isSettable(name)) throw invalidAttributeName(name);
    const range = RANGES[name];
    if (range) {
      const number = Number(value);
      if (!/^\d+$/.test(value) || number < range[0] || number > range[1]) throw invalidAttributeValue(name);
    } else if (name === "SqsManagedSseEnabled" && value !== "true" && value !== "false") {
      throw invalidAttributeValue(name);
    } else if (JSON_ATTRIBUTES.has(name)) {
      try {
        JSON.parse(value);
      } catch {
        throw invalidAttributeValue(name, "failed to parse JSON");
      }
    }
  }
}

/**
 * Parses a RedrivePolicy; `queueExists` tells whether the target ARN is a queue of this account. The wording is the
 * one AWS answers with for a missing target ("Dead letter target does not exist").
 */
function parseRedrivePolicy(value: string, queueExists: (arn: string) => boolean): RedrivePolicy {
  const invalid = (reason: string) => invalidParameterValue(`Value ${value} for parameter RedrivePolicy is invalid. Reason: ${reason}`);
  const policy = JSON.parse(value) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
  if (typeof policy.deadLetterTargetArn !== "string") throw invalid("Redrive policy does not contain mandatory attribute: deadLetterTargetArn.");
  const count = Number(policy.maxReceiveCount);
  if (policy.maxReceiveCount === undefined) throw invalid("Redrive policy does not contain mandatory attribute: maxReceiveCount.");
  if (!Number.isInteger(count) || count < 1 || count > 1000) throw invalid("Invalid value for maxReceiveCount: must be an integer from 1 to 1000.");
  if (!queueExists(policy.deadLetterTargetArn)) throw invalid("Dead letter target does not exist.");
  return { deadLetterTargetArn: policy.deadLetterTargetArn, maxReceiveCount: count };
}

function md5(data: string | Uint8Array): string {
  return createHash("md5").update(data).digest("hex");
}

/**
 * MD5OfMessageAttributes as SQS computes it: per attribute, sorted by name, the length-prefixed (4-byte big-endian)
 * name and data type, a transport byte (1 string, 2 binary) and the length-prefixed value.
 */
function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string {
  const parts: Buffer[] = [];
  const prefixed = (bytes: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    parts.push(length, bytes);
  };
  for (const name of Object.keys(attributes).sort()) {
    const attribute = attributes[name] as MessageAttributeValue;
    prefixed(Buffer.from(name, "utf8"));
    prefixed(Buffer.from(attribute.DataType ?? "", "utf8"));
    if (attribute.BinaryValue !== undefined) {
      parts.push(Buffer.from([2]));
      prefixed(Buffer.from(attribute.BinaryValue));
    } else {
      parts.push(Buffer.from([1]));
      prefixed(Buffer.from(attribute.StringValue ?? "", "utf8"));
    }
  }
  return md5(Buffer.concat(parts));
}

/** Whether `message` is delayed, in flight, visible — or gone with the retention period. */
function messageState(queue: QueueRecord, message: MessageRecord, now: number): "expired" | "delayed" | "in-flight" | "visible" {
  if (now >= message.sentAt + Number(queue.attributes.MessageRetentionPeriod) * 1000) return "expired";
  if (message.invisibleUntil > now) return message.receiveCount === 0 ? "delayed" : "in-flight";
  return "visible";
}

/** Drops the messages whose retention period has passed. */
function dropExpired(queue: QueueRecord, now: number): void {
  queue.messages = queue.messages.filter((message) => messageState(queue, message, now) !== "expired");
}

/** GetQueueAttributes' answer for the given names ("All" for every attribute). */
function queueAttributes(queue: QueueRecord, names: readonly string[], now: number): Record<string, string> {
  for (const name of names) if (name !== "All" && !isReadable(name)) throw invalidAttributeName(name);
  dropExpired(queue, now);
  const count = (state: ReturnType<typeof messageState>) => String(queue.messages.filter((m) => messageState(queue, m, now) === state).length);
  const all: Record<string, string> = {
    QueueArn: queue.arn,
    ApproximateNumberOfMessages: count("visible"),
    ApproximateNumberOfMessagesNotVisible: count("in-flight"),
    ApproximateNumberOfMessagesDelayed: count("delayed"),
    CreatedTimestamp: String(Math.floor(queue.createdAt / 1000)),
    LastModifiedTimestamp: String(Math.floor(queue.lastModifiedAt / 1000)),
    ...queue.attributes,
  };
  if (names.includes("All")) return all;
  return Object.fromEntries(names.filter((name) => all[name] !== undefined).map((name) => [name, all[name] as string]));
}

export { DEFAULT_ATTRIBUTES, dropExpired, md5, md5OfMessageAttributes, messageState, parseRedrivePolicy, queueAttributes, validateAttributes };
export type { MessageRecord, QueueRecord, RedrivePolicy };
