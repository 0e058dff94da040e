/**
 * EventBridge event-pattern matching ("Content filtering in Amazon EventBridge event patterns"), for the forms
 * Caretaker's rules use, so tests can say which real events a rule takes:
 * - every field named in the pattern must be in the event; a missing field never matches;
 * - a leaf is a non-empty array of values, matched as OR; values compare exactly (case-sensitive strings, numbers,
 *   booleans, null);
 * - a nested object matches the event's object at that key;
 * - an event value that is an array matches when any of its elements does.
 * Operator objects in a leaf (prefix, anything-but, numeric, exists, …) are refused with an error, so a pattern that
 * starts using one fails its tests until this matcher learns it, instead of being judged by the wrong rules.
 */

type Pattern = { [key: string]: unknown };
type Scalar = string | number | boolean | null;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}

/** Throws when the pattern is not one EventBridge would accept in the subset above. */
function assertValidPattern(pattern: unknown, path = "pattern"): asserts pattern is Pattern {
  if (!isObject(pattern) || Object.keys(pattern).length === 0) throw new Error(`${path} must be a non-empty object`);
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${path}.${key}`;
    if (isObject(value)) {
      assertValidPattern(value, at);
    } else if (Array.isArray(value)) {
      if (value.length === 0) throw new Error(`${at} is an empty array, which EventBridge refuses`);
      for (const item of value) {
        if (isObject(item)) throw new Error(`${at} uses the operator ${JSON.stringify(item)}, which this matcher does not implement`);
        if (!isScalar(item)) throw new Error(`${at} contains ${JSON.stringify(item)}, which is not a value`);
      }
    } else {
      throw new Error(`${at} must be an array of values or an object, not ${JSON.stringify(value)}`);
    }
  }
}

function leafMatches(allowed: readonly Scalar[], value: unknown): boolean {
  if (Array.isArray(value)) return value.some((item) => leafMatches(allowed, item));
  return isScalar(value) && allowed.some((candidate) => candidate === value);
}

function objectMatches(pattern: Pattern, event: unknown): boolean {
  if (Array.isArray(event)) return event.some((item) => objectMatches(pattern, item));
  if (!isObject(event)) return false;
  return Object.entries(pattern).every(([key, expected]) => {
    if (!(key in event)) return false;
    const actual = event[key];
    return isObject(expected) ? objectMatches(expected, actual) : leafMatches(expected as Scalar[], actual);
  });
}

/** Whether EventBridge would deliver `event` to a rule with `pattern`. */
function matchesPattern(pattern: unknown, event: unknown): boolean {
  assertValidPattern(pattern);
  return objectMatches(pattern, event);
}

export { assertValidPattern, matchesPattern };
