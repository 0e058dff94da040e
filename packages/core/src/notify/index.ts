/**
 * Public API of `@caretaker/core/notify`: build a Report, call `notify`. The formatters are exported for previews
 * (CLI, demos) and tests; the routing decision is documented at the top of notifier.ts.
 */
export { buildMessageAttributes } from "./attributes";
export type { MessageFormat } from "./attributes";
export { codeSpan, escapeMrkdwn, formatChatbotMessage } from "./chatbot";
export type { ChatbotFormatOptions, ChatbotNotification } from "./chatbot";
export { DEFAULT_CHAT_ITEMS_PER_SECTION, MESSAGE_MAX_BYTES, SUBJECT_MAX_CHARS } from "./constants";
export { formatEmailMessage } from "./email";
export type { EmailFormatOptions, EmailMessage } from "./email";
export { InvalidReportError, MessageBudgetError, NotificationPublishError, NotifierConfigError } from "./errors";
export type { PublishFailure, PublishSuccess } from "./errors";
export { createNotifier } from "./notifier";
export type { Notifier, NotifierLogger, NotifierOptions, NotifyResult } from "./notifier";
export { REPORT_KINDS, SEVERITIES, assertValidReport } from "./report";
export type { Fact, Report, ReportKind, Section, Severity } from "./report";
export { formatSubject, toSubjectText } from "./subject";
