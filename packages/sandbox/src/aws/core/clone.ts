/**
 * A deep copy of an SDK-shaped value without `undefined` members: what a deserialised AWS response looks like (absent
 * members are absent, not present-and-undefined), and a copy so callers cannot mutate a fake's state through it, nor a
 * fake keep a reference to a caller's input.
 */
function cloneShape<T>(value: T): T {
  return copy(value) as T;
}

function copy(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return value.map(copy);
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) out[key] = copy(member);
  }
  return out;
}

export { cloneShape };
