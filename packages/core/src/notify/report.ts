import { FINGERPRINT_MAX_CHARS } from "./constants";
import { InvalidReportError } from "./errors";

/** Every capability reports with one of these; `severity` drives the emoji in chat and the subject prefix in e-mail. */
const SEVERITIES = ["info", "success", "warning", "error"] as const;
/** `alarm`: one of Caretaker's own CloudWatch alarms (dead letters, function errors, …) changed state. */
const REPORT_KINDS = ["drain", "image-gc", "drift", "probe", "alarm"] as const;

type Severity = (typeof SEVERITIES)[number];
type ReportKind = (typeof REPORT_KINDS)[number];

/** A labelled value shown in an aligned block (node, instance, trigger, duration, …); values are single-line. */
interface Fact {
  label: string;
  value: string;
}

/** A list that may be long (evicted pods, skipped pods with their reason, findings, deleted images, …). */
interface Section {
  title: string;
  items: readonly string[];
}

/**
 * What a capability hands to `notify()`. All text is plain text: the formatters escape it for Slack mrkdwn in chat and
 * keep it as is in e-mail, so capabilities never need to know about either format.
 */
interface Report {
  kind: ReportKind;
  severity: Severity;
  /** One line, e.g. "Drained ip-10-0-1-5.ec2.internal"; becomes the chat title and the e-mail subject. */
  title: string;
  /** A short paragraph; line breaks are kept. */
  summary: string;
  cluster?: string;
  account?: string;
  region?: string;
  facts?: readonly Fact[];
  sections?: readonly Section[];
  nextSteps?: readonly string[];
  /** Instance ids, ARNs; listed in Chatbot metadata and in the e-mail. */
  relatedResources?: readonly string[];
  /** Stable de-duplication key (e.g. `account/region/cluster/code/subject`); also the Chatbot `id` and a message attribute. */
  fingerprint: string;
  occurredAt: Date;
}

/**
 * Checks the fields the notifier relies on and reports every problem at once. Reports can arrive from outside the
 * type system (EventBridge, a queue, JSON), where `occurredAt` is a string and arrays may be missing; failing here
 * gives a readable error instead of a half-rendered message or an SNS `InvalidParameter`.
 */
function assertValidReport(value: unknown): asserts value is Report {
  const problems: string[] = [];
  if (typeof value !== "object" || value === null) throw new InvalidReportError(["the report must be an object"]);
  const report = value as Record<string, unknown>;

  if (!isOneOf(report.kind, REPORT_KINDS)) problems.push(`kind must be one of ${REPORT_KINDS.join(", ")} (got ${JSON.stringify(report.kind)})`);
  if (!isOneOf(report.severity, SEVERITIES)) problems.push(`severity must be one of ${SEVERITIES.join(", ")} (got ${JSON.stringify(report.severity)})`);
  if (typeof report.title !== "string") problems.push("title must be a string");
  if (typeof report.summary !== "string") problems.push("summary must be a string");
  checkFingerprint(report.fingerprint, problems);
  if (!(report.occurredAt instanceof Date) || Number.isNaN(report.occurredAt.getTime())) problems.push("occurredAt must be a valid Date");
  for (const key of ["cluster", "account", "region"] as const) {
    if (report[key] !== undefined && typeof report[key] !== "string") problems.push(`${key} must be a string when present`);
  }
  checkList(report.facts, "facts", (fact) => isRecord(fact) && typeof fact.label === "string" && typeof fact.value === "string", "{ label: string, value: string }", problems);
  checkList(report.sections, "sections", isSection, "{ title: string, items: string[] }", problems);
  checkList(report.nextSteps, "nextSteps", (step) => typeof step === "string", "a string", problems);
  checkList(report.relatedResources, "relatedResources", (resource) => typeof resource === "string", "a string", problems);

  if (problems.length > 0) throw new InvalidReportError(problems);
}

/** SNS rejects empty attribute values, and the fingerprint is sent as one; control characters would not survive mail headers or logs. */
function checkFingerprint(fingerprint: unknown, problems: string[]): void {
  if (typeof fingerprint !== "string" || fingerprint.trim() === "") problems.push("fingerprint must be a non-empty string");
  else if (fingerprint.length > FINGERPRINT_MAX_CHARS) problems.push(`fingerprint must be at most ${FINGERPRINT_MAX_CHARS} characters (got ${fingerprint.length})`);
  else if (/[\u0000-\u001f\u007f-\u009f]/.test(fingerprint)) problems.push("fingerprint must not contain control characters");
}

function checkList(value: unknown, name: string, isValid: (entry: unknown) => boolean, shape: string, problems: string[]): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) {
    problems.push(`${name} must be an array when present`);
    return;
  }
  const index = value.findIndex((entry) => !isValid(entry));
  if (index !== -1) problems.push(`${name}[${index}] must be ${shape}`);
}

function isSection(value: unknown): boolean {
  return isRecord(value) && typeof value.title === "string" && Array.isArray(value.items) && value.items.every((item) => typeof item === "string");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === "string" && (allowed as readonly string[]).includes(value);
}

export { REPORT_KINDS, SEVERITIES, assertValidReport };
export type { Fact, Report, ReportKind, Section, Severity };
