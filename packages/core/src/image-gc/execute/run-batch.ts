import type { BatchDeleteImageResponse, ECRClient } from "@aws-sdk/client-ecr";
import type { CallCounter } from "./calls";
import { interpretBatchDelete, sendBatchDelete } from "./delete-batch";
import type { Deletion } from "./deletions";
import { type Recheck, recheck } from "./recheck";
import { errorCode, errorMessage, type RetryPolicy, withBackoff } from "./retry";
import type { ExecutionResult } from "./types";

type BatchResult = Pick<ExecutionResult, "deleted" | "failed" | "skipped" | "alreadyGone">;

/**
 * One batch (≤ 100 digests): re-check, then delete what is unchanged. A throttled or 5xx attempt is retried whole —
 * re-check included, since the backoff can be long enough for someone to re-tag an image meanwhile. When the attempts
 * run out the batch is reported failed with the last error's code, and the run goes on with the next batch.
 */
async function runBatch(ecr: ECRClient, repository: string, batch: readonly Deletion[], planned: ReadonlyMap<string, Deletion>, policy: RetryPolicy, counter: CallCounter, freshUntil = 0): Promise<BatchResult> {
  let stage: "re-check" | "delete" = "re-check";
  let attempt = 0;
  const attempted = await withBackoff(policy, async (): Promise<{ check: Recheck; response?: BatchDeleteImageResponse }> => {
    stage = "re-check";
    attempt++;
    // The first attempt of a batch sent moments after the inventory trusts it; a retry (after a backoff) never does.
    const check = attempt === 1 && policy.clock.now() < freshUntil ? { unchanged: [...batch], gone: [], skipped: [] } : await recheck(ecr, repository, batch, planned, counter);
    if (check.unchanged.length === 0) return { check };
    stage = "delete";
    return { check, response: await sendBatchDelete(ecr, repository, check.unchanged, counter) };
  });

  if (!attempted.ok) {
    const cause = stage === "re-check" ? `not deleted: the re-check before deleting failed (DescribeImages): ${errorMessage(attempted.error)}` : `BatchDeleteImage failed: ${errorMessage(attempted.error)}`;
    const reason = attempted.attempts > 1 ? `${cause} (gave up after ${attempted.attempts} attempts)` : cause;
    return { deleted: [], failed: batch.map(({ digest }) => ({ digest, code: errorCode(attempted.error), reason })), skipped: [], alreadyGone: [] };
  }
  const { check, response } = attempted.value;
  const outcome = response ? interpretBatchDelete(check.unchanged, response) : { deleted: [], failed: [], alreadyGone: [] };
  return { deleted: outcome.deleted, failed: outcome.failed, skipped: check.skipped, alreadyGone: [...check.gone, ...outcome.alreadyGone] };
}

export { runBatch };
export type { BatchResult };
