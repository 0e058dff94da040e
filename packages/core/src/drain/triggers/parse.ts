import { parseEventBridgeEvent } from "./eventbridge";
import { invalidTrigger, unrecognisedTrigger } from "./invalid-trigger-error";
import { describeValue } from "./issues";
import { parseAsgMessage } from "./lifecycle";
import { MANUAL_FIELDS, parseManualRequest } from "./manual";
import type { DrainTrigger } from "./types";

type Fields = Record<string, unknown>;

const isFields = (value: unknown): value is Fields => typeof value === "object" && value !== null && !Array.isArray(value);

/** SNS's notification JSON, as SNS delivers it to SQS (SigningCertURL) or to Lambda as Records[].Sns (SigningCertUrl). */
const isSnsNotification = (value: Fields): boolean => typeof value.Message === "string" && (value.Type === "Notification" || value.Type === undefined);

/** Auto Scaling's own messages have no detail-type; their telling keys are these (test messages have only Event). */
const isAsgMessage = (value: Fields): boolean =>
  "LifecycleTransition" in value || "Event" in value || "LifecycleActionToken" in value || value.Service === "AWS Auto Scaling";

const isManualRequest = (value: Fields): boolean => Object.keys(value).length === 0 || MANUAL_FIELDS.some((key) => key in value);

/** Point a person who passed a whole Lambda batch at the per-record entry points. */
function describeBatch(records: unknown[]): string {
  const first: unknown = records[0];
  const source = isFields(first) ? (first.eventSource ?? first.EventSource) : undefined;
  if (source === "aws:sqs") return `an SQS batch of ${records.length} record(s); pass each record's body to parseSqsMessageBody`;
  if (source === "aws:sns") return `an SNS batch of ${records.length} record(s); pass each record's Sns to parseDrainTrigger`;
  return `an event with Records from ${typeof source === "string" ? source : "an unknown source"}`;
}

function describeNonObject(value: unknown): string {
  return typeof value === "string" ? "a string (for an SQS message body, use parseSqsMessageBody)" : describeValue(value);
}

/** EventBridge events and Auto Scaling's messages: what AWS puts on a queue or topic. Never a manual request. */
function parseAwsMessage(value: Fields, prefix: string): DrainTrigger | undefined {
  if ("detail-type" in value) return parseEventBridgeEvent(value, prefix);
  if (isAsgMessage(value)) return parseAsgMessage(value, prefix);
  return undefined;
}

/**
 * As aws-node-termination-handler does, one level of SNS wrapping: the notification's Message holds the EventBridge
 * event or the lifecycle message as a JSON string. A manual request inside one is refused: whoever can publish to the
 * topic must not be able to ask for drains.
 */
function parseSnsNotification(notification: Fields): DrainTrigger {
  let message: unknown;
  try {
    message = JSON.parse(notification.Message as string);
  } catch (error) {
    throw invalidTrigger("SNS notification", [`Message: is not JSON (${(error as Error).message})`]);
  }
  const trigger = isFields(message) ? parseAwsMessage(message, "Message") : undefined;
  if (trigger) return trigger;
  throw unrecognisedTrigger(`an SNS notification whose Message is ${isFields(message) ? "neither an EventBridge event nor an Auto Scaling message" : describeValue(message)}`);
}

/** One event, message or manual request, as a Lambda receives it (for SQS, see parseSqsMessageBody). */
function parseDrainTrigger(input: unknown): DrainTrigger {
  if (!isFields(input)) throw unrecognisedTrigger(describeNonObject(input));
  if (Array.isArray(input.Records)) throw unrecognisedTrigger(describeBatch(input.Records));
  const fromAws = parseAwsMessage(input, "");
  if (fromAws) return fromAws;
  if (isSnsNotification(input)) return parseSnsNotification(input);
  if (isManualRequest(input)) return parseManualRequest(input);
  throw unrecognisedTrigger(`an object with fields ${Object.keys(input).map((key) => JSON.stringify(key)).join(", ")}`);
}

/**
 * An SQS record body: an EventBridge event (rule → queue), the message a lifecycle hook sends to its queue, or an SNS
 * notification wrapping either. Manual requests are not taken from queues (see parseSnsNotification).
 */
function parseSqsMessageBody(body: string): DrainTrigger {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw unrecognisedTrigger(`an SQS message body that is not JSON (${(error as Error).message})`);
  }
  if (!isFields(value)) throw unrecognisedTrigger(`an SQS message body holding ${describeValue(value)}`);
  const fromAws = parseAwsMessage(value, "");
  if (fromAws) return fromAws;
  if (isSnsNotification(value)) return parseSnsNotification(value);
  const manual = isManualRequest(value) ? "; manual drain requests are accepted by direct invocation only, not from a queue" : "";
  throw unrecognisedTrigger(`an SQS message body with fields ${Object.keys(value).map((key) => JSON.stringify(key)).join(", ")}${manual}`);
}

export { parseDrainTrigger, parseSqsMessageBody };
