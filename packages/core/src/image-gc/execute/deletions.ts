import type { ImageDecision, RepositoryPlan } from "../plan/plan-repository";

/** One planned deletion, with what the planner said it depends on. */
interface Deletion {
  digest: string;
  tags: string[];
  kind: ImageDecision["kind"];
  sizeBytes: number;
  /** Indexes being deleted that list this image (the planner's `child-of-deleted:<index>` reasons). */
  parents: string[];
  /** The subject a referrer follows (the planner's `referrer-of-deleted:<subject>` reason). */
  subject?: string;
}

const PARENT_REASON = "child-of-deleted:";
const SUBJECT_REASON = "referrer-of-deleted:";

function deletionOf(decision: ImageDecision): Deletion {
  const parents = decision.reasons.filter((reason) => reason.startsWith(PARENT_REASON)).map((reason) => reason.slice(PARENT_REASON.length));
  const subject = decision.reasons.find((reason) => reason.startsWith(SUBJECT_REASON))?.slice(SUBJECT_REASON.length);
  return { digest: decision.digest, tags: [...decision.tags], kind: decision.kind, sizeBytes: decision.sizeBytes, parents, ...(subject ? { subject } : {}) };
}

/** The plan's deletions, once each (a digest listed twice is one image). */
function plannedDeletions(plan: RepositoryPlan): Deletion[] {
  const seen = new Set<string>();
  const deletions: Deletion[] = [];
  for (const decision of plan.decisions) {
    if (decision.action !== "delete" || seen.has(decision.digest)) continue;
    seen.add(decision.digest);
    deletions.push(deletionOf(decision));
  }
  return deletions;
}

export { plannedDeletions };
export type { Deletion };
