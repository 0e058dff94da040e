import { z } from "zod";

/**
 * The tag infra puts on every Auto Scaling group a stage manages (`caretaker:drain` = `<app>-<stage>`). The drain's
 * IAM allows CompleteLifecycleAction and RecordLifecycleActionHeartbeat only on groups carrying it
 * (`autoscaling:ResourceTag/<key>`), and the EventBridge rule routes Caretaker's hook on any group: the tag, not the
 * rule, is what says a group is this stage's. The deployment descriptor's groupTag is the same shape, kept inline there:
 * its bundle must be that module and zod alone (test/infra/deployment.test.ts).
 */
const ManagedGroupTagSchema = z.strictObject({ key: z.string().min(1), value: z.string().min(1) });

type ManagedGroupTag = z.output<typeof ManagedGroupTagSchema>;

/** The tag from its JSON form (CARETAKER_DRAIN_GROUP_TAG); undefined stays undefined (no tag: every group is drained). */
function managedGroupTag(input?: unknown): ManagedGroupTag | undefined {
  if (input === undefined) return undefined;
  const parsed = ManagedGroupTagSchema.safeParse(input);
  if (!parsed.success) throw new Error(`must be {"key": "…", "value": "…"} with non-empty strings: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return parsed.data;
}

export { managedGroupTag, ManagedGroupTagSchema };
export type { ManagedGroupTag };
