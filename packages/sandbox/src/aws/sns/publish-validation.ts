import type { MessageAttributeValue, PublishInput } from "@aws-sdk/client-sns";
import { invalidParameter, invalidParameterValue } from "./errors";

/**
 * Publish's request rules (notifications.md §1): Message required and ≤ 262,144 bytes together with the attributes;
 * Subject non-empty, < 100 characters, printable ASCII starting with a non-space (the older, stricter of the documented
 * rules); attributes typed String, String.Array, Number or Binary (optionally with a custom suffix) and non-empty;
 * MessageStructure "json" requires a JSON object with a "default" string.
 */
const MAX_MESSAGE_BYTES = 262_144;
const MAX_SUBJECT_CHARS = 99;

function attributeBytes(name: string, attribute: MessageAttributeValue): number {
  const value = attribute.BinaryValue ? attribute.BinaryValue.byteLength : Buffer.byteLength(attribute.StringValue ?? "");
  return Buffer.byteLength(name) + Buffer.byteLength(attribute.DataType ?? "") + value;
}

function validateAttribute(name: string, attribute: MessageAttributeValue): void {
  if (name.length === 0 || name.length > 256) throw invalidParameterValue("The request must contain non-empty message attribute name.");
  const type = attribute.DataType ?? "";
  if (!/^(String|Number|Binary)(\..+)?$/.test(type)) {
    throw invalidParameterValue(`The message attribute '${name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.`);
  }
  const isBinary = type.startsWith("Binary");
  const empty = isBinary ? !attribute.BinaryValue || attribute.BinaryValue.byteLength === 0 : !attribute.StringValue;
  if (empty) {
    throw invalidParameterValue(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${type}'.`);
  }
  if (type.startsWith("Number")) {
    const value = Number(attribute.StringValue);
    if (!Number.isFinite(value)) throw invalidParameterValue(`Could not cast message attribute '${name}' value to number.`);
    if (Math.abs(value) > 1e9) throw invalidParameterValue(`Value of message attribute '${name}' is outside the supported range of -10^9 to 10^9.`);
  }
  if (type === "String.Array") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(attribute.StringValue ?? "");
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) throw invalidParameterValue(`The message attribute '${name}' with type 'String.Array' must be a JSON array.`);
  }
}

function validateSubject(subject: string): void {
  const printableAscii = /^[\x21-\x7e][\x20-\x7e]*$/.test(subject);
  if (!printableAscii || subject.length > MAX_SUBJECT_CHARS) throw invalidParameter("Invalid parameter: Subject");
}

function validateJsonStructure(message: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    throw invalidParameter("Invalid parameter: Message Structure - JSON message body failed to parse");
  }
  const body = parsed as Record<string, unknown> | null;
  if (typeof body !== "object" || body === null || Array.isArray(body) || typeof body.default !== "string") {
    throw invalidParameter("Invalid parameter: Message Structure - No default entry in JSON message body");
  }
}

/** Throws SNS's error for an invalid Publish request (topic existence is checked by the caller). */
function validatePublish(input: PublishInput): void {
  if (!input.TopicArn && !input.TargetArn && !input.PhoneNumber) {
    throw invalidParameter("Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter");
  }
  const message = input.Message ?? "";
  if (message.length === 0) throw invalidParameter("Invalid parameter: Empty message");
  if (input.Subject !== undefined) validateSubject(input.Subject);
  if (input.MessageStructure !== undefined) {
    if (input.MessageStructure !== "json") throw invalidParameter("Invalid parameter: MessageStructure");
    validateJsonStructure(message);
  }
  const attributes = Object.entries(input.MessageAttributes ?? {});
  for (const [name, attribute] of attributes) validateAttribute(name, attribute);
  const bytes = Buffer.byteLength(message) + attributes.reduce((sum, [name, attribute]) => sum + attributeBytes(name, attribute), 0);
  if (bytes > MAX_MESSAGE_BYTES) throw invalidParameter("Invalid parameter: Message too long");
}

export { validatePublish };
