import type { z } from "zod";

/** How a value looks to a person reading an error: "null", "an array", "a number". */
function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value;
  return type === "object" || type === "undefined" ? type : `a ${type}`;
}

const EXPECTED: Record<string, string> = { record: "an object", object: "an object", array: "a list", boolean: "true or false" };

/**
 * Zod's default messages are written for developers ("Invalid input: expected string, received undefined"); these
 * say what to do. Schema-level messages (patterns) still win, because Zod prefers them to the parse-level map.
 */
const explainIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? `a ${issue.expected}`}, not ${describeValue(issue.input)}`;
    case "too_small":
      return issue.origin === "string" && issue.minimum === 1 ? "must not be empty" : undefined;
    case "invalid_value":
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}, not ${JSON.stringify(issue.input) ?? "undefined"}`;
    default:
      return undefined;
  }
};

function joinPath(prefix: string, path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), prefix);
}

/**
 * One "field: problem" line per issue; an unknown field gets its own line, with the allowed ones, so a typo
 * ("instanceID") is obvious.
 */
function formatIssues(issues: readonly z.core.$ZodIssue[], options: { prefix?: string; allowedKeys?: readonly string[] } = {}): string[] {
  const prefix = options.prefix ?? "";
  return issues.flatMap((issue) => {
    if (issue.code === "unrecognized_keys") {
      const allowed = options.allowedKeys ? ` (allowed: ${options.allowedKeys.join(", ")})` : "";
      return issue.keys.map((key) => `${joinPath(prefix, [...issue.path, key])}: is not a recognised field${allowed}`);
    }
    return [`${joinPath(prefix, issue.path) || "(input)"}: ${issue.message}`];
  });
}

/** Safe-parse with Caretaker's messages; problems as "field: problem" lines, or the parsed value. */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: { prefix?: string; allowedKeys?: readonly string[] } = {},
): { ok: true; data: z.output<S> } | { ok: false; problems: string[] } {
  const parsed = schema.safeParse(value, { error: explainIssue });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problems: formatIssues(parsed.error.issues, options) };
}

export { check, describeValue, formatIssues, joinPath };
