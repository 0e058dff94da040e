import { z } from "zod";

/**
 * What the image GC function accepts: the event infra's schedule sends (`{ "source": "schedule" }`, EventBridge
 * Scheduler passes it through unchanged) or a manual request (`{ "dryRun": false }`, `caretaker invoke gc`,
 * `caretaker gc --remote`). Strict, so a misspelt `dryrun` is refused instead of silently planning. The function
 * parses with it, and the CLI checks a payload with it before invoking.
 */
const GcPayloadSchema = z.strictObject({
  /** Set by the schedule: the configuration alone decides whether this run deletes. */
  source: z.literal("schedule").optional(),
  /**
   * Manual runs only plan unless this is false. false cannot turn deletion on: when the configuration's `enabled`
   * is off, every run is a dry run whatever the payload says (deploy-time configuration always wins).
   */
  dryRun: z.boolean().optional(),
});
type GcPayload = z.infer<typeof GcPayloadSchema>;

/** A manual request plans unless it says `dryRun: false`; the schedule leaves it to the configuration. */
function requestedDryRun(input: GcPayload): boolean {
  return input.dryRun ?? input.source !== "schedule";
}

export { GcPayloadSchema, requestedDryRun };
export type { GcPayload };
