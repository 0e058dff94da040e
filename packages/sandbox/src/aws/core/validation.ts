/**
 * The message AWS's request validation layer (Coral) returns for a constraint violation, e.g.
 * "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value
 * greater than or equal to 1".
 */
function constraintMessage(value: unknown, member: string, constraint: string): string {
  return `1 validation error detected: Value '${String(value)}' at '${member}' failed to satisfy constraint: ${constraint}`;
}

/** The constraint violated by `value` for an integer range, or undefined when it is within range. */
function rangeViolation(value: number, min: number, max: number): string | undefined {
  if (value < min) return `Member must have value greater than or equal to ${min}`;
  if (value > max) return `Member must have value less than or equal to ${max}`;
  return undefined;
}

export { constraintMessage, rangeViolation };
