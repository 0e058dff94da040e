import type { DrainTrigger, EventFacts } from "./types";

/**
 * What a detail parser makes of an EventBridge `detail`: a trigger waiting for the envelope's identity, or the bad
 * fields. Keeping the two apart lets the envelope's and the detail's problems be reported together, in one error.
 */
type DetailOutcome = { ok: true; build: (facts: EventFacts) => DrainTrigger } | { ok: false; problems: string[] };

const built = (build: (facts: EventFacts) => DrainTrigger): DetailOutcome => ({ ok: true, build });
const failed = (problems: string[]): DetailOutcome => ({ ok: false, problems });

export { built, failed };
export type { DetailOutcome };
