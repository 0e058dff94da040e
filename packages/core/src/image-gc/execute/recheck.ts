import type { ECRClient, ImageDetail } from "@aws-sdk/client-ecr";
import type { CallCounter } from "./calls";
import type { Deletion } from "./deletions";
import { describeExisting } from "./describe-existing";

interface Recheck {
  /** Unchanged since planning: may be deleted now. */
  unchanged: Deletion[];
  gone: string[];
  skipped: Array<{ digest: string; reason: string }>;
}

const sameTags = (planned: readonly string[], now: readonly string[] | undefined) => {
  const current = new Set(now ?? []);
  return current.size === new Set(planned).size && planned.every((tag) => current.has(tag));
};

/** Why the image must not be deleted now, or undefined when it is as planned. */
function changeOf(planned: Deletion, detail: ImageDetail): string | undefined {
  // Any change of tags means the plan judged a different image: a new tag may be a promotion (`prod`), a protected
  // pattern or what a deployment is about to pull. The next run plans it again from fresh facts.
  if (!sameTags(planned.tags, detail.imageTags)) return "re-tagged since planning";
  // The planner deletes ACTIVE images only; one archived (or being restored) since is no longer what it judged.
  if (detail.imageStatus !== undefined && detail.imageStatus !== "ACTIVE") return `status changed since planning: ${detail.imageStatus}`;
  return undefined;
}

/**
 * Re-reads a batch immediately before it is deleted (image-gc.md §13.19): gone images are already gone, changed ones
 * are skipped. A referrer is also skipped when its subject — deleted in a later phase — was re-tagged: deleting the
 * signature of an image someone just promoted would break signature checks on it, while the image itself stays.
 */
async function recheck(ecr: ECRClient, repository: string, batch: readonly Deletion[], planned: ReadonlyMap<string, Deletion>, counter: CallCounter): Promise<Recheck> {
  const subjects = batch.flatMap((deletion) => (deletion.subject && planned.has(deletion.subject) ? [deletion.subject] : []));
  const current = await describeExisting(ecr, repository, [...batch.map((deletion) => deletion.digest), ...subjects], counter);
  const result: Recheck = { unchanged: [], gone: [], skipped: [] };
  for (const deletion of batch) {
    const detail = current.get(deletion.digest);
    if (!detail) {
      result.gone.push(deletion.digest);
      continue;
    }
    const change = changeOf(deletion, detail);
    const subject = deletion.subject ? planned.get(deletion.subject) : undefined;
    const subjectDetail = subject ? current.get(subject.digest) : undefined;
    const subjectChange = subject && subjectDetail ? changeOf(subject, subjectDetail) : undefined;
    if (change) result.skipped.push({ digest: deletion.digest, reason: change });
    else if (subjectChange) result.skipped.push({ digest: deletion.digest, reason: `subject ${deletion.subject} ${subjectChange}` });
    else result.unchanged.push(deletion);
  }
  return result;
}

export { recheck };
export type { Recheck };
