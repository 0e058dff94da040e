import type { MessageFormat } from "./attributes";

/** A report is missing a required field or has one of the wrong type; `problems` lists every finding, not only the first. */
class InvalidReportError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Cannot notify about an invalid report: ${problems.join("; ")}`);
    this.name = "InvalidReportError";
    this.problems = problems;
  }
}

/** The notifier was created with options it cannot work with (e.g. a missing or malformed topic ARN); raised at creation, not at the first publish. */
class NotifierConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotifierConfigError";
  }
}

/** A formatted message would exceed its byte budget even without any list item; only reachable with a tiny custom `maxBytes`. */
class MessageBudgetError extends RangeError {
  constructor(message: string) {
    super(message);
    this.name = "MessageBudgetError";
  }
}

interface PublishFailure {
  format: MessageFormat;
  error: unknown;
}

interface PublishSuccess {
  format: MessageFormat;
  messageId: string;
}

/**
 * One or both publishes of a report failed. The message names the failed variant(s) and the topic; `failures` keeps the
 * original errors (the first is also the `cause`) and `published` says which variant did go out, so a caller can decide
 * whether a retry would duplicate the other variant.
 */
class NotificationPublishError extends Error {
  readonly topicArn: string;
  readonly failures: readonly PublishFailure[];
  readonly published: readonly PublishSuccess[];

  constructor({ topicArn, report, failures, published }: { topicArn: string; report: { kind: string; fingerprint: string }; failures: readonly PublishFailure[]; published: readonly PublishSuccess[] }) {
    const variants = failures.map((failure) => failure.format).join(" and ");
    const noun = failures.length === 1 ? "variant" : "variants";
    const reasons = failures.map((failure) => `${failure.format}: ${describeError(failure.error)}`).join("; ");
    super(`Publishing the ${variants} ${noun} of the ${report.kind} report "${report.fingerprint}" to ${topicArn} failed (${reasons})`, {
      cause: failures[0]?.error,
    });
    this.name = "NotificationPublishError";
    this.topicArn = topicArn;
    this.failures = failures;
    this.published = published;
  }
}

/** In JavaScript any value can be thrown; keep the SDK's error name (e.g. AuthorizationErrorException) when there is one. */
function describeError(error: unknown): string {
  if (error instanceof Error) return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

export { InvalidReportError, MessageBudgetError, NotificationPublishError, NotifierConfigError };
export type { PublishFailure, PublishSuccess };
