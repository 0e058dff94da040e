/**
 * The notifier: one `notify(report)` for every capability (drain, image-gc, drift, probe) and alarm, publishing to one SNS topic.
 *
 * Routing decision
 * ----------------
 * Each report is published twice, concurrently, as two String-structured `Publish` calls:
 *
 * - `format=chatbot`: an Amazon Q Developer / AWS Chatbot custom notification (JSON, `client-markdown`, rendered as
 *   Slack mrkdwn), at most 10 items per list by default;
 * - `format=email`: a plain-text body with a `Subject`, showing as many list items as fit.
 *
 * Subscriptions pick their variant with a filter policy on the `format` message attribute: the Chatbot subscription
 * uses `{"format":["chatbot"]}`, e-mail subscriptions `{"format":["email"]}`. We do not use `MessageStructure=json`
 * (one publish with per-protocol bodies): SNS sends message attributes only for String-structured messages, so no
 * filter policy could match, and whether Chatbot honours an `https` key is unconfirmed. A subscription without a
 * filter policy receives both variants.
 *
 * Every publish also carries String attributes `kind` (drain|image-gc|drift|probe|alarm), `severity`
 * (info|success|warning|error), `fingerprint` (stable de-duplication key, also the Chatbot `id`) and `cluster` (only
 * when the report names one: SNS rejects empty attribute values), so subscriptions can add e.g.
 * `{"format":["email"],"severity":["warning","error"]}`. Chat threads per cluster: `metadata.threadId` is
 * `<account>/<region>/<cluster>` when the cluster is known, else the report kind.
 *
 * Limits: every message fits in 262,144 UTF-8 bytes minus the bytes of its attributes (and, for e-mail, its subject);
 * long lists end in "… and N more" instead of being cut. The subject is ASCII, one line, at most 99 characters.
 *
 * Failures are never swallowed: if either publish fails, `notify` rejects with a NotificationPublishError that names
 * the failed variant(s) and the topic, after both calls have settled (so it can also say which variant did go out).
 */
import { PublishCommand, type PublishCommandOutput, type SNSClient } from "@aws-sdk/client-sns";
import { type MessageFormat, buildMessageAttributes, messageAttributesBytes } from "./attributes";
import { formatChatbotMessage } from "./chatbot";
import { DEFAULT_CHAT_ITEMS_PER_SECTION, MESSAGE_MAX_BYTES, SUBJECT_MAX_CHARS } from "./constants";
import { formatEmailMessage } from "./email";
import { NotificationPublishError, NotifierConfigError, type PublishFailure, type PublishSuccess } from "./errors";
import { type Report, assertValidReport } from "./report";
import { utf8Bytes } from "./text";

/**
 * Only what the notifier uses of a logger. Typed as a rest parameter of plain records (not `extra?: object`) so that
 * Powertools' Logger, whose `info` takes `...extraInput: [Error | string] | LogAttributes[]`, fits as well as console.
 */
interface NotifierLogger {
  info(message: string, ...extra: Array<Record<string, unknown>>): void;
}

interface NotifierOptions {
  /** A client built once per Lambda container; only `send(PublishCommand)` is used. */
  sns: Pick<SNSClient, "send">;
  /** Standard (not FIFO) topic, e.g. `Resource.Notifications.arn`. */
  topicArn: string;
  /** Items per list in chat before "… and N more"; default 10. */
  chatItemsPerSection?: number;
  logger?: NotifierLogger;
}

interface NotifyResult {
  /** SNS message ids, chatbot variant first, then e-mail. */
  messageIds: string[];
}

interface Notifier {
  notify(report: Report): Promise<NotifyResult>;
}

/**
 * `arn:<partition>:sns:<region>:<account>:<name>`. FIFO topics (`.fifo`) are refused: they need a MessageGroupId and
 * deliver only to SQS, never to Chatbot or e-mail.
 */
const TOPIC_ARN = /^arn:aws(?:-[a-z]+)*:sns:[a-z]{2,}(?:-[a-z]+)+-\d+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

function createNotifier(options: NotifierOptions): Notifier {
  const { sns, topicArn, logger } = options;
  const chatItemsPerSection = options.chatItemsPerSection ?? DEFAULT_CHAT_ITEMS_PER_SECTION;
  validateTopicArn(topicArn);
  if (!Number.isInteger(chatItemsPerSection) || chatItemsPerSection < 0) {
    throw new NotifierConfigError(`chatItemsPerSection must be a whole number of at least 0 (got ${String(chatItemsPerSection)})`);
  }

  async function publish(report: Report, format: MessageFormat): Promise<string> {
    const attributes = buildMessageAttributes(report, format);
    const budget = MESSAGE_MAX_BYTES - messageAttributesBytes(attributes);
    let command: PublishCommand;
    if (format === "chatbot") {
      command = new PublishCommand({ TopicArn: topicArn, Message: formatChatbotMessage(report, { maxItemsPerSection: chatItemsPerSection, maxBytes: budget }), MessageAttributes: attributes });
    } else {
      // The subject is reserved from the budget too: the limit is documented for the message, we do not bet on the rest.
      const { subject, body } = formatEmailMessage(report, { maxBytes: budget - SUBJECT_MAX_CHARS });
      command = new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: body, MessageAttributes: attributes });
    }
    const output: PublishCommandOutput = await sns.send(command);
    const messageId = output.MessageId ?? "";
    logger?.info("Published notification", { format, topicArn, kind: report.kind, severity: report.severity, fingerprint: report.fingerprint, messageId, bytes: utf8Bytes(command.input.Message ?? "") });
    return messageId;
  }

  async function notify(report: Report): Promise<NotifyResult> {
    assertValidReport(report);
    const formats: MessageFormat[] = ["chatbot", "email"];
    // allSettled, not all: wait for both, so the error can say which variant failed and which one went out.
    const outcomes = await Promise.allSettled(formats.map((format) => publish(report, format)));
    const failures: PublishFailure[] = [];
    const published: PublishSuccess[] = [];
    for (const [index, outcome] of outcomes.entries()) {
      const format = formats[index] as MessageFormat;
      if (outcome.status === "fulfilled") published.push({ format, messageId: outcome.value });
      else failures.push({ format, error: outcome.reason });
    }
    if (failures.length > 0) throw new NotificationPublishError({ topicArn, report, failures, published });
    return { messageIds: published.map((entry) => entry.messageId) };
  }

  return { notify };
}

function validateTopicArn(topicArn: unknown): void {
  if (typeof topicArn !== "string" || topicArn.trim() === "") {
    throw new NotifierConfigError("The notifier needs the ARN of its SNS topic (topicArn), e.g. arn:aws:sns:eu-west-1:123456789012:caretaker-notifications");
  }
  if (topicArn.endsWith(".fifo")) {
    throw new NotifierConfigError(`The notifier needs a standard SNS topic, not the FIFO topic ${topicArn}: FIFO topics cannot deliver to Amazon Q Developer (Chatbot) or e-mail`);
  }
  if (!TOPIC_ARN.test(topicArn)) {
    throw new NotifierConfigError(`"${topicArn}" is not an SNS topic ARN (expected arn:<partition>:sns:<region>:<account-id>:<topic-name>)`);
  }
}

export { createNotifier };
export type { Notifier, NotifierLogger, NotifierOptions, NotifyResult };
