import type { MessageAttributeValue } from "@aws-sdk/client-sns";
import { CONTEXT_VALUE_MAX_CHARS } from "./constants";
import type { Report } from "./report";
import { clipLine, utf8Bytes } from "./text";

/**
 * Which of the two publishes of a report a message is. Sent as the `format` attribute so subscriptions can filter:
 * Chatbot `{"format":["chatbot"]}`, e-mail `{"format":["email"]}`.
 */
type MessageFormat = "chatbot" | "email";

/**
 * String attributes of every publish: `format`, `kind`, `severity`, `fingerprint`, and `cluster` only when the report
 * names one (SNS rejects empty attribute values). Only String attributes take part in filter policies.
 */
function buildMessageAttributes(report: Report, format: MessageFormat): Record<string, MessageAttributeValue> {
  const attributes: Record<string, MessageAttributeValue> = {
    format: stringAttribute(format),
    kind: stringAttribute(report.kind),
    severity: stringAttribute(report.severity),
    fingerprint: stringAttribute(report.fingerprint),
  };
  const cluster = clipLine(report.cluster ?? "", CONTEXT_VALUE_MAX_CHARS);
  if (cluster !== "") attributes.cluster = stringAttribute(cluster);
  return attributes;
}

function stringAttribute(value: string): MessageAttributeValue {
  return { DataType: "String", StringValue: value };
}

/**
 * Bytes the attributes occupy (names, data types and values). Reserved from the message budget: SQS counts attributes
 * towards its 256 KiB and large-payload SNS topics validate body plus attributes, so we do not bet on SNS leaving
 * them out. It costs a few dozen bytes.
 */
function messageAttributesBytes(attributes: Readonly<Record<string, MessageAttributeValue>>): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(attributes)) bytes += utf8Bytes(name) + utf8Bytes(value.DataType ?? "") + utf8Bytes(value.StringValue ?? "");
  return bytes;
}

export { buildMessageAttributes, messageAttributesBytes };
export type { MessageFormat };
