/**
 * SNS subscription filter policies (notifications.md §2; AWS "subscription filter policy" docs): validation when a
 * subscription gets one, and matching against a message's attributes (scope MessageAttributes, the default) or its
 * JSON body (scope MessageBody).
 *
 * Semantics: keys are AND-ed, the conditions of a key OR-ed, `$or` takes any of its branches. Conditions: exact string,
 * exact number, `prefix`, `suffix`, `equals-ignore-case`, `anything-but` (values, or a prefix/suffix), `numeric`
 * ranges, `exists`, `cidr`. String conditions only match String values and numeric ones only Number values; a
 * String.Array attribute (or a JSON array in the body) matches when any element does. Binary attributes are never
 * compared. Error messages are best effort (AWS's exact wording is not confirmed).
 */
type FilterPolicyScope = "MessageAttributes" | "MessageBody";
type Scalar = string | number | boolean | null;

interface CompiledPolicy {
  scope: FilterPolicyScope;
  policy: Record<string, unknown>;
}

/** A message attribute reduced to what filtering compares. */
type AttributeValues = { present: false } | { present: true; values: Scalar[] };

const MAX_KEYS = 5;
const MAX_COMBINATIONS = 150;
const NUMERIC_OPERATORS = new Set(["=", "<", "<=", ">", ">="]);

class FilterPolicyError extends Error {}

function fail(detail: string): never {
  throw new FilterPolicyError(`Invalid parameter: FilterPolicy: ${detail}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function validateNumeric(spec: unknown): void {
  if (!Array.isArray(spec) || spec.length === 0 || spec.length % 2 !== 0 || spec.length > 4) fail("Value of numeric must be an array of operator/value pairs");
  for (let i = 0; i < spec.length; i += 2) {
    if (!NUMERIC_OPERATORS.has(String(spec[i]))) fail(`Unrecognized numeric range operator: ${String(spec[i])}`);
    if (typeof spec[i + 1] !== "number") fail(`Value of ${String(spec[i])} must be numeric`);
  }
  if (spec.length === 4 && !(String(spec[0]).startsWith(">") && String(spec[2]).startsWith("<"))) {
    fail("Bad numeric range operator: a range must be a lower bound followed by an upper bound");
  }
}

function validateCondition(condition: unknown): void {
  if (condition === null || ["string", "number", "boolean"].includes(typeof condition)) return;
  if (!isObject(condition)) fail("Match value must be String, number, true, false, or null");
  const entries = Object.entries(condition);
  if (entries.length !== 1) fail("Only one key allowed in match expression");
  const [operator, operand] = entries[0] as [string, unknown];
  switch (operator) {
    case "prefix":
    case "suffix":
    case "equals-ignore-case":
      if (typeof operand !== "string") fail(`${operator} match pattern must be a string`);
      return;
    case "exists":
      if (typeof operand !== "boolean") fail("exists match pattern must be either true or false.");
      return;
    case "numeric":
      validateNumeric(operand);
      return;
    case "cidr":
      if (typeof operand !== "string" || !/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(operand)) fail("Malformed CIDR, one '/' required");
      return;
    case "anything-but": {
      if (isObject(operand)) {
        const [inner] = Object.keys(operand);
        if (inner !== "prefix" && inner !== "suffix" && inner !== "equals-ignore-case") fail(`Unsupported anything-but pattern: ${inner ?? ""}`);
        return;
      }
      const values = Array.isArray(operand) ? operand : [operand];
      if (values.length === 0 || values.some((v) => typeof v !== "string" && typeof v !== "number")) {
        fail("Inside anything but list, start|null|boolean is not supported.");
      }
      return;
    }
    default:
      fail(`Unrecognized match type ${operator}`);
  }
}

/** Returns [leaf keys, combinations] of a (sub-)policy, validating it on the way. */
function measure(policy: Record<string, unknown>, scope: FilterPolicyScope, depth: number): [number, number] {
  let keys = 0;
  let combinations = 1;
  for (const [key, value] of Object.entries(policy)) {
    if (key === "$or") {
      if (!Array.isArray(value) || value.length < 2 || !value.every(isObject)) fail("$or must be an array of at least two objects");
      const branches = (value as Record<string, unknown>[]).map((branch) => measure(branch, scope, depth));
      keys += branches.reduce((sum, [k]) => sum + k, 0);
      combinations *= branches.reduce((sum, [, c]) => sum + c, 0);
    } else if (Array.isArray(value)) {
      if (value.length === 0) fail("Empty arrays are not allowed");
      value.forEach(validateCondition);
      keys += 1;
      combinations *= value.length;
    } else if (isObject(value)) {
      if (scope === "MessageAttributes") {
        throw new FilterPolicyError("Invalid parameter: Filter policy scope MessageAttributes does not support nested filter policy");
      }
      const [k, c] = measure(value, scope, depth + 1);
      keys += k;
      combinations *= c;
    } else {
      fail(`"${key}" must be an object or an array`);
    }
  }
  return [keys, combinations];
}

/** Parses and validates a policy; throws FilterPolicyError with the message for InvalidParameterException. */
function compileFilterPolicy(json: string, scope: FilterPolicyScope = "MessageAttributes"): CompiledPolicy {
  let policy: unknown;
  try {
    policy = JSON.parse(json);
  } catch {
    fail("failed to parse JSON.");
  }
  if (!isObject(policy)) fail("Filter policy must be a JSON object");
  const [keys, combinations] = measure(policy, scope, 0);
  if (keys > MAX_KEYS) fail(`Filter policy can not have more than ${MAX_KEYS} keys`);
  if (combinations > MAX_COMBINATIONS) fail("Filter policy is too complex");
  return { scope, policy };
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split(".").map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256 + p, 0);
}

function inCidr(value: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const ip = ipv4ToNumber(value);
  const network = ipv4ToNumber(base ?? "");
  if (ip === undefined || network === undefined) return false;
  const size = 2 ** (32 - Number(bits));
  return Math.floor(ip / size) === Math.floor(network / size);
}

function numericMatches(spec: unknown[], value: number): boolean {
  for (let i = 0; i < spec.length; i += 2) {
    const bound = spec[i + 1] as number;
    const ok = { "=": value === bound, "<": value < bound, "<=": value <= bound, ">": value > bound, ">=": value >= bound }[String(spec[i])];
    if (!ok) return false;
  }
  return true;
}

function stringTest(operator: string, operand: string, value: Scalar): boolean {
  if (typeof value !== "string") return false;
  if (operator === "prefix") return value.startsWith(operand);
  if (operator === "suffix") return value.endsWith(operand);
  return value.toLowerCase() === operand.toLowerCase();
}

function conditionMatches(condition: unknown, value: Scalar): boolean {
  if (!isObject(condition)) return typeof condition === typeof value && condition === value;
  const [operator, operand] = Object.entries(condition)[0] as [string, unknown];
  switch (operator) {
    case "prefix":
    case "suffix":
    case "equals-ignore-case":
      return stringTest(operator, operand as string, value);
    case "numeric":
      return typeof value === "number" && numericMatches(operand as unknown[], value);
    case "cidr":
      return typeof value === "string" && inCidr(value, operand as string);
    case "anything-but": {
      if (isObject(operand)) {
        const [inner, text] = Object.entries(operand)[0] as [string, string];
        return typeof value === "string" && !stringTest(inner, text, value);
      }
      const excluded = Array.isArray(operand) ? operand : [operand];
      return value !== null && typeof value !== "boolean" && !excluded.some((e) => e === value);
    }
    default:
      return false;
  }
}

/** Whether one key's conditions accept the value(s) found for it. */
function keyMatches(conditions: unknown[], found: AttributeValues): boolean {
  return conditions.some((condition) => {
    if (isObject(condition) && "exists" in condition) return condition.exists === found.present;
    return found.present && found.values.some((value) => conditionMatches(condition, value));
  });
}

type Lookup = (path: string[]) => AttributeValues;

function policyMatches(policy: Record<string, unknown>, lookup: Lookup, path: string[]): boolean {
  return Object.entries(policy).every(([key, value]) => {
    if (key === "$or") return (value as Record<string, unknown>[]).some((branch) => policyMatches(branch, lookup, path));
    if (Array.isArray(value)) return keyMatches(value, lookup([...path, key]));
    return policyMatches(value as Record<string, unknown>, lookup, [...path, key]);
  });
}

interface MessageAttribute {
  DataType?: string | undefined;
  StringValue?: string | undefined;
  BinaryValue?: Uint8Array | undefined;
}

function attributeValues(attribute: MessageAttribute | undefined): AttributeValues {
  if (!attribute) return { present: false };
  const type = attribute.DataType ?? "";
  if (type.startsWith("Binary")) return { present: true, values: [] };
  if (type.startsWith("Number")) return { present: true, values: [Number(attribute.StringValue)] };
  if (type === "String.Array") {
    try {
      const parsed: unknown = JSON.parse(attribute.StringValue ?? "[]");
      return { present: true, values: Array.isArray(parsed) ? (parsed as Scalar[]) : [] };
    } catch {
      return { present: true, values: [] };
    }
  }
  return { present: true, values: [attribute.StringValue ?? ""] };
}

function bodyValues(body: unknown, path: string[]): AttributeValues {
  let nodes: unknown[] = [body];
  for (const key of path) {
    nodes = nodes.flatMap((node) => (Array.isArray(node) ? node : [node])).filter(isObject).filter((node) => key in node).map((node) => node[key]);
    if (nodes.length === 0) return { present: false };
  }
  const values = nodes.flatMap((node) => (Array.isArray(node) ? node : [node])).filter((v): v is Scalar => v === null || typeof v !== "object");
  return { present: true, values };
}

/** Whether a message with these attributes and body would be delivered to a subscription with `compiled`. */
function filterPolicyMatches(compiled: CompiledPolicy, message: { attributes: Record<string, MessageAttribute>; body: string }): boolean {
  if (compiled.scope === "MessageAttributes") {
    return policyMatches(compiled.policy, (path) => attributeValues(message.attributes[path[0] ?? ""]), []);
  }
  let body: unknown;
  try {
    body = JSON.parse(message.body);
  } catch {
    return false;
  }
  return policyMatches(compiled.policy, (path) => bodyValues(body, path), []);
}

export { compileFilterPolicy, FilterPolicyError, filterPolicyMatches };
export type { CompiledPolicy, FilterPolicyScope, MessageAttribute };
