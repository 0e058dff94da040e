import type { RankedImage } from "./image";
import type { LifecycleRule } from "./schema";

/**
 * What one rule would do to one image it selects, before priorities are applied: "mark" (expire or transition) or
 * keep, with the fact that decided it. Age limits are strict ([LP]: "older than"): an image exactly N days old stays.
 */

const DAY_MS = 86_400_000;

interface Judgement {
  readonly marked: boolean;
  /** The deciding fact, e.g. "pushed 10.0 days ago (limit 5)". */
  readonly detail: string;
}

/** Judges the image at `position` (0 = youngest) of the images this rule selects. */
type Judge = (candidate: RankedImage, position: number) => Judgement;

const days = (ms: number): string => `${(ms / DAY_MS).toFixed(1)} days`;
const dayCount = (count: number): string => `${count} ${count === 1 ? "day" : "days"}`;

/** "rule 2 (imageCountMoreThan 1)", "rule 1 (sinceImagePushed 14 days)". */
function ruleLabel(rule: LifecycleRule): string {
  const { countType, countNumber, countUnit } = rule.selection;
  return `rule ${rule.rulePriority} (${countType} ${countUnit ? dayCount(countNumber) : countNumber})`;
}

const wasRestored = (candidate: RankedImage): boolean => candidate.activeSince > candidate.image.pushedAt.getTime();

/** Which timestamp sinceImagePulled used ([LP] §2.11): the last pull, else the restore, else the push. */
function lastUseKind(candidate: RankedImage): string {
  if (candidate.image.lastPulledAt?.getTime() === candidate.lastUsed) return "last pulled";
  return wasRestored(candidate) ? "restored (not pulled since)" : "pushed (never pulled)";
}

function byAge(limitDays: number, ageMs: number, what: string): Judgement {
  return { marked: ageMs > limitDays * DAY_MS, detail: `${what} ${days(ageMs)} ago (limit ${dayCount(limitDays)})` };
}

function judgeFor(rule: LifecycleRule, nowMs: number): Judge {
  const limit = rule.selection.countNumber;
  switch (rule.selection.countType) {
    case "imageCountMoreThan":
      // [LP]: sorted youngest to oldest, "all images greater than the specified count" are marked. The position
      // counts every image the rule selects, including those a higher-priority rule already claimed (rule 5).
      return (_, position) => ({
        marked: position >= limit,
        detail: `newest #${position + 1} of the images it selects (keeps ${limit})`,
      });
    case "sinceImagePushed":
      return (candidate) => byAge(limit, nowMs - candidate.activeSince, wasRestored(candidate) ? "restored from archive" : "pushed");
    case "sinceImagePulled":
      return (candidate) => byAge(limit, nowMs - candidate.lastUsed, lastUseKind(candidate));
    case "sinceImageTransitioned":
      return (candidate) =>
        candidate.archivedAt === undefined
          ? { marked: false, detail: "archive time unknown (no lastArchivedAt), so its age in archive cannot be judged" }
          : byAge(limit, nowMs - candidate.archivedAt, "archived");
  }
}

export { judgeFor, ruleLabel };
export type { Judge, Judgement };
