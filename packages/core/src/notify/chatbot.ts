import { CHAT_ITEM_MAX_CHARS, CHAT_RELATED_RESOURCES_MAX, DEFAULT_CHAT_ITEMS_PER_SECTION, MESSAGE_MAX_BYTES } from "./constants";
import { MessageBudgetError } from "./errors";
import { type PreparedReport, prepareReport } from "./prepare";
import type { Report, Section, Severity } from "./report";
import { clipLine, formatCount, jsonStringBytes, utf8Bytes } from "./text";
import { fitSections } from "./truncate";

/**
 * Amazon Q Developer in chat applications (AWS Chatbot) custom notification, as documented at
 * https://docs.aws.amazon.com/chatbot/latest/adminguide/custom-notifs.html. `version`, `source` and `textType` are
 * fixed by the service; everything else is optional.
 */
interface ChatbotNotification {
  version: "1.0";
  source: "custom";
  id: string;
  content: {
    textType: "client-markdown";
    title: string;
    description: string;
    nextSteps?: string[];
    keywords: string[];
  };
  metadata: {
    threadId: string;
    summary: string;
    eventType: string;
    relatedResources?: string[];
    additionalContext: Record<string, string>;
  };
}

interface ChatbotFormatOptions {
  /** Items shown per list before "… and N more"; default 10. */
  maxItemsPerSection?: number;
  /** Byte budget of the whole JSON message; default 262,144 (the notifier passes less, to leave room for attributes). */
  maxBytes?: number;
}

/** Slack emoji short codes; the Chatbot title "supports markdown content, including emojis". */
const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  info: ":information_source:",
  success: ":white_check_mark:",
  warning: ":warning:",
  error: ":rotating_light:",
};

/**
 * Slack mrkdwn has no escape for its formatting characters, so in free text they are replaced by look-alikes: a pod
 * name such as `web_1*` can then neither open nor close bold/italic/strike/code. Identifiers that people copy go into
 * code spans instead (see codeSpan), where only the backtick needs replacing.
 */
const MRKDWN_LOOKALIKES: Readonly<Record<string, string>> = { "*": "\u2217", _: "\u02cd", "~": "\u223c", "`": "\u02cb" };

/** Slack's documented escapes: `&`, `<` and `>` start entities, links and mentions (`<!channel>`), so user data must not carry them raw. */
function escapeEntities(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Plain text to Slack mrkdwn that renders literally: entities escaped, formatting characters neutralised, and a line
 * starting with ">" prefixed with a zero-width space so it does not become a block quote.
 */
function escapeMrkdwn(text: string): string {
  return escapeEntities(text)
    .replace(/[*_~`]/g, (char) => MRKDWN_LOOKALIKES[char] ?? char)
    .replace(/^&gt;/gm, "\u200b&gt;");
}

/** Inline code keeps `*`, `_` and `~` literal (and copyable); a backtick cannot be escaped inside it, so it is replaced. */
function codeSpan(text: string): string {
  if (text === "") return "\u2013";
  return `\`${escapeEntities(text.replace(/`/g, MRKDWN_LOOKALIKES["`"] ?? "'"))}\``;
}

/**
 * The Chatbot variant: a custom-notification JSON string of at most `maxBytes` UTF-8 bytes. Each list shows at most
 * `maxItemsPerSection` items (fewer if the byte budget requires it) followed by "… and N more"; sections that do not
 * fit at all are counted in one closing line. Always valid JSON, since the size is computed, not cut.
 */
function formatChatbotMessage(report: Report, options: ChatbotFormatOptions = {}): string {
  const maxItemsPerSection = options.maxItemsPerSection ?? DEFAULT_CHAT_ITEMS_PER_SECTION;
  const maxBytes = options.maxBytes ?? MESSAGE_MAX_BYTES;
  const prepared = prepareReport(report);
  const head = describeHead(prepared);
  const notification = buildNotification(prepared, head);
  const fixedBytes = utf8Bytes(JSON.stringify(notification));
  if (fixedBytes > maxBytes) throw new MessageBudgetError(`The chatbot message needs ${fixedBytes} bytes before any list item, over its ${maxBytes}-byte limit`);

  const { sections } = prepared;
  const separator = (index: number): string => (index === 0 && head === "" ? "" : "\n\n");
  const fit = fitSections(
    sections.map((section, index) => ({
      headerBytes: jsonStringBytes(sectionHeading(section, separator(index))),
      itemCount: section.items.length,
      itemBytes: (item) => jsonStringBytes(itemLine(section.items[item] ?? "")),
    })),
    {
      budget: maxBytes - fixedBytes,
      maxItemsPerSection,
      moreLineBytes: (hidden) => jsonStringBytes(moreLine(hidden)),
      // Measured with its leading blank line: an upper bound whatever precedes it.
      omittedSectionsLineBytes: (count, items) => jsonStringBytes(omittedSectionsLine(count, items, false)),
    },
  );

  let description = head;
  for (const [index, shown] of fit.shownItems.entries()) {
    const section = sections[index] as Section;
    description += sectionHeading(section, separator(index));
    for (let item = 0; item < shown; item += 1) description += itemLine(section.items[item] ?? "");
    if (shown < section.items.length) description += moreLine(section.items.length - shown);
  }
  if (fit.omittedSections > 0) description += omittedSectionsLine(fit.omittedSections, fit.omittedItems, head === "" && fit.shownItems.length === 0);
  notification.content.description = description;

  const message = JSON.stringify(notification);
  // The arithmetic above is exact; this guards the invariant rather than trusting it silently.
  if (utf8Bytes(message) > maxBytes) throw new MessageBudgetError(`The chatbot message came out at ${utf8Bytes(message)} bytes, over its ${maxBytes}-byte limit`);
  return message;
}

/** The part of the description that is always shown: summary, then facts as `*Label:* \`value\``. */
function describeHead(report: PreparedReport): string {
  const facts = report.facts.map((fact) => `*${escapeMrkdwn(fact.label)}:* ${codeSpan(fact.value)}`);
  if (report.hiddenFacts > 0) facts.push(`_… and ${formatCount(report.hiddenFacts)} more facts_`);
  return [escapeMrkdwn(report.summary), facts.join("\n")].filter((block) => block !== "").join("\n\n");
}

function buildNotification(report: PreparedReport, description: string): ChatbotNotification {
  const nextSteps = report.nextSteps.map(escapeMrkdwn);
  if (report.hiddenNextSteps > 0) nextSteps.push(`_… and ${formatCount(report.hiddenNextSteps)} more_`);
  const relatedResources = report.relatedResources.slice(0, CHAT_RELATED_RESOURCES_MAX).map(escapeEntities);
  const hiddenResources = report.relatedResources.length - relatedResources.length;

  const additionalContext: Record<string, string> = {
    kind: report.kind,
    severity: report.severity,
    fingerprint: report.fingerprint,
    occurredAt: report.occurredAt.toISOString(),
  };
  if (report.cluster) additionalContext.cluster = report.cluster;
  if (report.account) additionalContext.account = report.account;
  if (report.region) additionalContext.region = report.region;
  if (hiddenResources > 0) additionalContext.relatedResourcesNotShown = String(hiddenResources);

  const title = escapeMrkdwn(report.title);
  return {
    version: "1.0",
    source: "custom",
    id: report.fingerprint,
    content: {
      textType: "client-markdown",
      title: `${SEVERITY_EMOJI[report.severity]} ${title}`,
      description,
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      keywords: [report.kind, report.severity, ...(report.cluster ? [escapeMrkdwn(report.cluster)] : [])],
    },
    metadata: {
      threadId: threadId(report),
      summary: title,
      eventType: `caretaker.${report.kind}`,
      ...(relatedResources.length > 0 ? { relatedResources } : {}),
      additionalContext,
    },
  };
}

/** One Slack thread per cluster: `<account>/<region>/<cluster>` (with whichever of account and region is known); reports without a cluster thread per kind. */
function threadId(report: PreparedReport): string {
  if (!report.cluster) return report.kind;
  return [report.account, report.region, report.cluster].filter((part) => part !== undefined).join("/");
}

function sectionHeading(section: Section, separator: string): string {
  const heading = `${separator}*${escapeMrkdwn(section.title)}* (${formatCount(section.items.length)})`;
  return section.items.length === 0 ? `${heading}\n_none_` : heading;
}

function itemLine(item: string): string {
  return `\n• ${codeSpan(clipLine(item, CHAT_ITEM_MAX_CHARS))}`;
}

function moreLine(hidden: number): string {
  return `\n_… and ${formatCount(hidden)} more_`;
}

function omittedSectionsLine(sections: number, items: number, first: boolean): string {
  const noun = sections === 1 ? "list" : "lists";
  return `${first ? "" : "\n\n"}_… and ${formatCount(sections)} more ${noun} (${formatCount(items)} items) not shown_`;
}

export { codeSpan, escapeMrkdwn, formatChatbotMessage };
export type { ChatbotFormatOptions, ChatbotNotification };
