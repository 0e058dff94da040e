/**
 * The tag infra puts on every Auto Scaling group the stage manages, and the only thing the drain's IAM trusts for
 * "this group is ours": CompleteLifecycleAction and RecordLifecycleActionHeartbeat are allowed on any group of the
 * account and Region, but only with `autoscaling:ResourceTag/caretaker:drain` equal to `<app>-<stage>` (the Service
 * Authorization Reference lists that condition key for both actions, on the autoScalingGroup resource). Policy and
 * rule stay the same size however many groups there are.
 *
 * Tag rules (Amazon EC2 Auto Scaling user guide, "Tag naming and usage restrictions"): keys up to 128 and values up to
 * 256 Unicode characters, case-sensitive, and the `aws:` prefix is reserved; at most 50 tags per group.
 */

const DRAIN_GROUP_TAG_KEY = "caretaker:drain";
const MAX_TAG_VALUE_LENGTH = 256;

interface DrainGroupTag {
  key: string;
  value: string;
}

/** `caretaker:drain` = `<app>-<stage>`: one stage's groups, told apart from another stage's in the same account. */
function drainGroupTag(app: string, stage: string): DrainGroupTag {
  const value = `${app}-${stage}`;
  if (value.length > MAX_TAG_VALUE_LENGTH || /^aws:/i.test(value)) {
    throw new Error(`The drain's group tag value "${value}" is not a valid Auto Scaling tag value (at most ${MAX_TAG_VALUE_LENGTH} characters, not starting with aws:): use a shorter app or stage name`);
  }
  return { key: DRAIN_GROUP_TAG_KEY, value };
}

export { DRAIN_GROUP_TAG_KEY, drainGroupTag };
export type { DrainGroupTag };
