import type { z } from "zod";

/**
 * Turns Zod issues into "rules[1].selection.countNumber: must be …" lines. Zod's own messages are written for
 * developers ("Invalid input: expected string, received undefined"); a team pasting its ECR policy needs to know
 * which field to fix and how.
 */

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "object" ? "an object" : typeof value;
}

// Every number in a lifecycle policy is an integer, so "number" is worded as such.
const EXPECTED: Record<string, string> = { object: "an object", array: "a list", int: "an integer", number: "an integer", string: "a string" };

const explainIssue: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${EXPECTED[issue.expected] ?? issue.expected}, not ${describeValue(issue.input)}`;
    case "too_small":
      return issue.origin === "string" ? "must not be empty" : undefined;
    case "invalid_value":
      if (issue.input === undefined) return "is required";
      return `must be ${issue.values.map((value) => JSON.stringify(value)).join(" or ")}, not ${describeValue(issue.input)}`;
    default:
      return undefined;
  }
};

/** JSONPath-style: rules[0].selection.tagPatternList[2] (array indexes are 0-based, as in the policy text). */
function joinPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === "number" ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), "");
}

/** One line per problem; each unknown field gets its own line naming the fields ECR allows there. */
function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[], allowedKeys: (path: readonly PropertyKey[]) => readonly string[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeys(issue.path).join(", ");
      return issue.keys.map((key) => `${joinPath(path) || "policy"}: unknown field "${key}" (allowed: ${allowed})`);
    }
    return [`${joinPath(path) || "policy"}: ${issue.message}`];
  });
}

/** Safe-parse with these messages; problems carry the path of the value inside the whole policy. */
function check<S extends z.ZodType>(
  schema: S,
  value: unknown,
  prefix: readonly PropertyKey[],
  allowedKeys: (path: readonly PropertyKey[]) => readonly string[],
): { ok: true; data: z.output<S> } | { ok: false; problems: string[] } {
  const parsed = schema.safeParse(value, { error: explainIssue });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, problems: formatIssues(parsed.error.issues, prefix, allowedKeys) };
}

export { check };
