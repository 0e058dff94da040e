import { ParseError } from "@aws-lambda-powertools/parser";
import type { MiddlewareObj, Request } from "@middy/core";

/** A payload or event Caretaker will not act on; nothing has been changed when this is thrown. */
class InvalidInputError extends Error {
  override readonly name = "InvalidInputError";
  readonly problems: string[];

  constructor(handler: string, problems: string[], options?: ErrorOptions) {
    super(`Invalid input for ${handler}: ${problems.join("; ")}. Nothing was changed.`, options);
    this.problems = problems;
  }
}

type IssuePath = ReadonlyArray<PropertyKey | { key: PropertyKey }>;
interface Issue {
  message: string;
  path?: IssuePath;
}

function formatPath(path: IssuePath | undefined): string {
  if (!path || path.length === 0) return "(payload)";
  return path
    .map((segment) => (typeof segment === "object" ? segment.key : segment))
    .map((key, index) => (typeof key === "number" ? `[${key}]` : `${index === 0 ? "" : "."}${String(key)}`))
    .join("");
}

/** Standard-schema issues (the parser's cause) or a ZodError (envelopes) → "field: problem" lines. */
function describeIssues(cause: unknown): string[] {
  const issues: unknown = Array.isArray(cause) ? cause : (cause as { issues?: unknown } | undefined)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return [cause instanceof Error ? cause.message : "the payload does not match the schema"];
  return (issues as Issue[]).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
}

/**
 * Turns the Powertools parser's ParseError ("Failed to parse schema") into an InvalidInputError listing each bad
 * field, so a person invoking a function by hand sees what to fix. Must be `.use()`d before the parser: onError
 * hooks run in reverse order, so this one sees the parser's error.
 */
function explainInvalidInput(handlerName: string): MiddlewareObj {
  return {
    onError(request: Request) {
      if (request.error instanceof ParseError) {
        request.error = new InvalidInputError(handlerName, describeIssues(request.error.cause), { cause: request.error });
      }
    },
  };
}

export { InvalidInputError, describeIssues, explainInvalidInput };
