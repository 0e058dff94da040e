import { z } from "zod";
import { type CaretakerConfig, CaretakerConfigSchema } from "./schema";

/**
 * Turns the schema's issues into one line each: the JSON path of the value (`drain.lifecycle.deadlineSeconds`,
 * `notifications.emails[1]`), what is wrong, and what was given, so a whole configuration is fixed in one pass.
 */

type PathSegment = PropertyKey;

/** `a.b[0].c`; the top level is "CARETAKER_CONFIG" (or the given root name). */
function pathLabel(path: readonly PathSegment[], root: string): string {
  if (path.length === 0) return root;
  return path.map((segment, index) => (typeof segment === "number" ? `[${segment}]` : `${index === 0 ? "" : "."}${String(segment)}`)).join("");
}

function valueAt(input: unknown, path: readonly PathSegment[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode; anyOf?: JsonSchemaNode[] };

let inputJsonSchema: JsonSchemaNode | undefined;

/** The keys an object at `path` may have, read from the schema's JSON Schema (object branches of unions included). */
function knownKeys(path: readonly PathSegment[]): string[] {
  inputJsonSchema ??= z.toJSONSchema(CaretakerConfigSchema, { io: "input" }) as JsonSchemaNode;
  let nodes: JsonSchemaNode[] = [inputJsonSchema];
  for (const segment of path) {
    nodes = nodes
      .flatMap((node) => [node, ...(node.anyOf ?? [])])
      .map((node) => (typeof segment === "number" ? node.items : node.properties?.[String(segment)]))
      .filter((node): node is JsonSchemaNode => node !== undefined);
  }
  return [...new Set(nodes.flatMap((node) => [node, ...(node.anyOf ?? [])]).flatMap((node) => Object.keys(node.properties ?? {})))];
}

/** Edit distance, for "did you mean": a misspelt key is usually one or two edits (or only a case) away. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j] as number;
      row[j] = Math.min(current + 1, (row[j - 1] as number) + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length] as number;
}

function unknownKeyProblem(path: readonly PathSegment[], key: string, root: string): string {
  const known = knownKeys(path);
  const close = known.filter((candidate) => candidate.toLowerCase() === key.toLowerCase() || distance(candidate, key) <= 2);
  const hint = close.length > 0 ? `did you mean "${close[0]}"? ` : "";
  return `${pathLabel([...path, key], root)}: unknown key (${hint}known: ${known.join(", ")})`;
}

/** The issues of the one union branch the value was meant for (right type, wrong content), if there is exactly one. */
function meantBranch(issue: z.core.$ZodIssueInvalidUnion): z.core.$ZodIssue[] | undefined {
  const close = issue.errors.filter((branch) => !branch.every((inner) => inner.path.length === 0 && inner.code === "invalid_type"));
  return close.length === 1 ? (close[0] as z.core.$ZodIssue[]).map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })) : undefined;
}

function issueProblems(issue: z.core.$ZodIssue, input: unknown, root: string): string[] {
  const path = issue.path;
  if (issue.code === "unrecognized_keys") return issue.keys.map((key) => unknownKeyProblem(path, key, root));
  const branch = issue.code === "invalid_union" ? meantBranch(issue) : undefined;
  if (branch) return branch.flatMap((inner) => issueProblems(inner, input, root));
  const value = valueAt(input, path);
  const label = pathLabel(path, root);
  if (issue.code === "invalid_type" && value === undefined) return [`${label}: is required (${issue.message.replace(/^Invalid input: /, "")})`];
  // Custom (cross-field) messages already say what was given; the rest get the value, which is often the fix's clue.
  const given = issue.code === "custom" || value === undefined ? "" : `; got ${shown(value)}`;
  return [`${label}: ${issue.message}${given}`];
}

/** One line per problem, in the order of the configuration's keys. */
function configProblems(error: z.ZodError, input: unknown, root = "CARETAKER_CONFIG"): string[] {
  return error.issues.flatMap((issue) => issueProblems(issue, input, root));
}

class CaretakerConfigError extends Error {
  override readonly name = "CaretakerConfigError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[], heading = "Invalid Caretaker configuration") {
    super(`${heading}:\n${problems.map((problem) => `  - ${problem}`).join("\n")}\nEvery key, its type and default: docs/configuration.md.`);
    this.problems = problems;
  }
}

/** Parses a configuration (already read from JSON), filling every default; throws CaretakerConfigError naming every problem. */
function caretakerConfig(input: unknown, options: { root?: string; heading?: string } = {}): CaretakerConfig {
  const parsed = CaretakerConfigSchema.safeParse(input);
  if (!parsed.success) throw new CaretakerConfigError(configProblems(parsed.error, input, options.root), options.heading);
  return parsed.data;
}

export { caretakerConfig, CaretakerConfigError, configProblems };
