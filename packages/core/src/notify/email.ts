import { EMAIL_ITEM_MAX_CHARS, MESSAGE_MAX_BYTES } from "./constants";
import { MessageBudgetError } from "./errors";
import { type PreparedReport, prepareReport } from "./prepare";
import type { Fact, Report, Section } from "./report";
import { formatSubject } from "./subject";
import { clipLine, displayLength, formatCount, utf8Bytes } from "./text";
import { fitSections } from "./truncate";

interface EmailMessage {
  /** Valid SNS subject: ASCII, one line, at most 99 characters. */
  subject: string;
  /** Plain text, at most `maxBytes` UTF-8 bytes. */
  body: string;
}

interface EmailFormatOptions {
  /** Items shown per list; default: as many as fit in the byte budget. */
  maxItemsPerSection?: number;
  /** Byte budget of the body; default 262,144 (the notifier passes less, to leave room for attributes and subject). */
  maxBytes?: number;
}

/** Underlines longer than this look like separators, not headings. */
const UNDERLINE_MAX = 80;

/**
 * The e-mail variant: subject plus a plain-text body laid out for reading in any mail client: title, summary, aligned
 * facts, numbered next steps, then the lists (as many items as fit in the byte budget, then "… and N more") and the
 * related resources, and a footer with the fingerprint for de-duplication questions.
 */
function formatEmailMessage(report: Report, options: EmailFormatOptions = {}): EmailMessage {
  const maxItemsPerSection = options.maxItemsPerSection ?? Number.POSITIVE_INFINITY;
  const maxBytes = options.maxBytes ?? MESSAGE_MAX_BYTES;
  const prepared = prepareReport(report);
  const sections: Section[] = [...prepared.sections];
  if (prepared.relatedResources.length > 0) sections.push({ title: "Related resources", items: prepared.relatedResources });

  const head = renderHead(prepared);
  const footer = renderFooter(prepared);
  const fixedBytes = utf8Bytes(head) + utf8Bytes(footer);
  if (fixedBytes > maxBytes) throw new MessageBudgetError(`The email message needs ${fixedBytes} bytes before any list item, over its ${maxBytes}-byte limit`);

  const fit = fitSections(
    sections.map((section) => ({
      headerBytes: utf8Bytes(sectionHeading(section)),
      itemCount: section.items.length,
      itemBytes: (item) => utf8Bytes(itemLine(section.items[item] ?? "")),
    })),
    {
      budget: maxBytes - fixedBytes,
      maxItemsPerSection,
      moreLineBytes: (hidden) => utf8Bytes(moreLine(hidden)),
      omittedSectionsLineBytes: (count, items) => utf8Bytes(omittedSectionsLine(count, items)),
    },
  );

  const parts = [head];
  for (const [index, shown] of fit.shownItems.entries()) {
    const section = sections[index] as Section;
    parts.push(sectionHeading(section));
    for (let item = 0; item < shown; item += 1) parts.push(itemLine(section.items[item] ?? ""));
    if (shown < section.items.length) parts.push(moreLine(section.items.length - shown));
  }
  if (fit.omittedSections > 0) parts.push(omittedSectionsLine(fit.omittedSections, fit.omittedItems));
  parts.push(footer);
  const body = parts.join("");
  // The arithmetic above is exact; this guards the invariant rather than trusting it silently.
  if (utf8Bytes(body) > maxBytes) throw new MessageBudgetError(`The email message came out at ${utf8Bytes(body)} bytes, over its ${maxBytes}-byte limit`);
  return { subject: formatSubject(report), body };
}

function renderHead(report: PreparedReport): string {
  const blocks = [`${report.title}\n${"=".repeat(Math.min(displayLength(report.title), UNDERLINE_MAX))}`];
  if (report.summary !== "") blocks.push(report.summary);
  const facts: Fact[] = [{ label: "Severity", value: report.severity.toUpperCase() }, { label: "Occurred", value: formatTime(report.occurredAt) }, ...report.facts];
  const factLines = alignFacts(facts);
  if (report.hiddenFacts > 0) factLines.push(`… and ${formatCount(report.hiddenFacts)} more facts`);
  blocks.push(factLines.join("\n"));
  if (report.nextSteps.length > 0) {
    const steps = report.nextSteps.map((step, index) => `${index + 1}. ${step}`);
    if (report.hiddenNextSteps > 0) steps.push(`… and ${formatCount(report.hiddenNextSteps)} more`);
    blocks.push(heading("Next steps") + steps.join("\n"));
  }
  return blocks.join("\n\n");
}

/** "Label:" padded to the longest label, so values line up in a column. */
function alignFacts(facts: readonly Fact[]): string[] {
  const width = facts.reduce((max, fact) => Math.max(max, displayLength(fact.label)), 0) + 1;
  return facts.map((fact) => `${fact.label}:${" ".repeat(width - displayLength(fact.label))}${fact.value}`.trimEnd());
}

function renderFooter(report: PreparedReport): string {
  return `\n\n-- \nCaretaker ${report.kind} report, fingerprint ${report.fingerprint}\n`;
}

/** "2025-03-01 10:00:00 UTC": unambiguous for readers in any time zone. */
function formatTime(date: Date): string {
  return date.toISOString().replace("T", " ").replace(/\.\d{3}Z$/, " UTC");
}

function heading(title: string): string {
  return `${title}\n${"-".repeat(Math.min(displayLength(title), UNDERLINE_MAX))}\n`;
}

function sectionHeading(section: Section): string {
  const text = `\n\n${heading(`${section.title} (${formatCount(section.items.length)})`).trimEnd()}`;
  return section.items.length === 0 ? `${text}\n(none)` : text;
}

function itemLine(item: string): string {
  return `\n- ${clipLine(item, EMAIL_ITEM_MAX_CHARS)}`;
}

function moreLine(hidden: number): string {
  return `\n… and ${formatCount(hidden)} more`;
}

function omittedSectionsLine(sections: number, items: number): string {
  const noun = sections === 1 ? "list" : "lists";
  return `\n\n… and ${formatCount(sections)} more ${noun} (${formatCount(items)} items) not shown`;
}

export { formatEmailMessage };
export type { EmailFormatOptions, EmailMessage };
