import { errors } from "./status";

/**
 * Label selectors (equality- and set-based, as in `labels.Parse`) and field selectors (`fields.ParseSelector`:
 * `=`, `==`, `!=` on the fields each resource supports), plus `metav1.LabelSelector` objects (PDBs, workloads).
 */
type Labels = Record<string, string> | undefined;
type Requirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

type LabelMatcher = (labels: Labels) => boolean;

const KEY = /^([A-Za-z0-9][-A-Za-z0-9_.]*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** Splits on commas that are not inside `( … )`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of text) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter((part) => part.length > 0);
}

function parseRequirement(term: string): Requirement {
  const bad = (why: string) => errors.badRequest(`unable to parse requirement: ${why}: "${term}"`);
  let match = /^!\s*(\S+)$/.exec(term);
  if (match) return { key: checkKey(match[1] as string, bad), op: "!exists" };
  match = /^(\S+?)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term);
  if (match) {
    const values = (match[3] as string).split(",").map((value) => value.trim()).filter(Boolean);
    for (const value of values) if (!VALUE.test(value)) throw bad("invalid label value");
    return { key: checkKey(match[1] as string, bad), op: match[2] as "in" | "notin", values };
  }
  match = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(term);
  if (match) {
    const value = match[3] as string;
    if (!VALUE.test(value)) throw bad("invalid label value");
    return { key: checkKey(match[1] as string, bad), op: match[2] === "!=" ? "!=" : "=", value };
  }
  if (/^\S+$/.test(term)) return { key: checkKey(term, bad), op: "exists" };
  throw bad("unrecognised operator");
}

function checkKey(key: string, bad: (why: string) => Error): string {
  if (!KEY.test(key) || key.length > 317) throw bad("invalid label key");
  return key;
}

function matchesRequirement(requirement: Requirement, labels: Labels): boolean {
  const value = labels?.[requirement.key];
  switch (requirement.op) {
    case "=":
      return value === requirement.value;
    case "!=":
      return value !== requirement.value;
    case "in":
      return value !== undefined && requirement.values.includes(value);
    case "notin":
      return value === undefined || !requirement.values.includes(value);
    case "exists":
      return value !== undefined;
    case "!exists":
      return value === undefined;
  }
}

/** `?labelSelector=` → matcher; an empty selector matches everything. Throws 400 for malformed selectors. */
function parseLabelSelector(text: string | null | undefined): LabelMatcher {
  if (!text) return () => true;
  const requirements = splitTopLevel(text).map(parseRequirement);
  return (labels) => requirements.every((requirement) => matchesRequirement(requirement, labels));
}

interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }>;
}

/**
 * `metav1.LabelSelector` → matcher. `emptyMatchesNothing` follows the PDB rule ("a PDB with a nil or empty
 * selector matches nothing"); workloads treat an empty selector as invalid instead.
 */
function labelSelectorMatcher(selector: LabelSelectorObject | undefined, { emptyMatchesNothing = true } = {}): LabelMatcher {
  const requirements: Requirement[] = [
    ...Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, op: "=" as const, value })),
    ...(selector?.matchExpressions ?? []).map((expression): Requirement => {
      switch (expression.operator) {
        case "In":
          return { key: expression.key, op: "in", values: expression.values ?? [] };
        case "NotIn":
          return { key: expression.key, op: "notin", values: expression.values ?? [] };
        case "Exists":
          return { key: expression.key, op: "exists" };
        case "DoesNotExist":
          return { key: expression.key, op: "!exists" };
      }
    }),
  ];
  if (requirements.length === 0) return () => !emptyMatchesNothing;
  return (labels) => requirements.every((requirement) => matchesRequirement(requirement, labels));
}

type FieldMatcher = (object: Record<string, unknown>) => boolean;

function fieldValue(object: Record<string, unknown>, path: string): string {
  let current: unknown = object;
  for (const segment of path.split(".")) current = (current as Record<string, unknown> | undefined)?.[segment];
  if (current === undefined || current === null) return "";
  return String(current);
}

/**
 * `?fieldSelector=` → matcher, rejecting fields the resource does not index with the server's own message
 * (`field label not supported: …`).
 */
function parseFieldSelector(text: string | null | undefined, supported: readonly string[], kind: string): FieldMatcher {
  if (!text) return () => true;
  const allowed = new Set(["metadata.name", "metadata.namespace", ...supported]);
  const terms = splitTopLevel(text).map((term) => {
    const match = /^([^=!]+?)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw errors.badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const [, field = "", op, value = ""] = match;
    if (!allowed.has(field)) throw errors.badRequest(`Unable to find "${kind}" that match label selector "", field selector "${text}": field label not supported: ${field}`);
    return { field, negate: op === "!=", value };
  });
  return (object) => terms.every(({ field, negate, value }) => (fieldValue(object, field) === value) !== negate);
}

export { labelSelectorMatcher, parseFieldSelector, parseLabelSelector };
export type { FieldMatcher, LabelMatcher, LabelSelectorObject };
