import { BatchDeleteImageCommand, type BatchDeleteImageResponse, type ECRClient } from "@aws-sdk/client-ecr";
import type { CallCounter } from "./calls";
import type { Deletion } from "./deletions";
import type { ExecutionResult } from "./types";

type BatchOutcome = Pick<ExecutionResult, "deleted" | "failed" | "alreadyGone">;

/** By digest only: a tag id only untags (unless it is the image's last tag), image-gc.md §13.22. */
async function sendBatchDelete(ecr: ECRClient, repository: string, batch: readonly Deletion[], counter: CallCounter): Promise<BatchDeleteImageResponse> {
  counter.calls++;
  return ecr.send(new BatchDeleteImageCommand({ repositoryName: repository, imageIds: batch.map((deletion) => ({ imageDigest: deletion.digest })) }));
}

/**
 * Reads BatchDeleteImage's answer, never the request (image-gc.md §8, cloudstructs #276): deleted only when the
 * response lists the digest and no failure names it. ImageNotFound means someone else was first (idempotent);
 * ImageReferencedByManifestList means an index still lists it, so ECR kept it — reported, never hidden.
 */
function interpretBatchDelete(batch: readonly Deletion[], response: BatchDeleteImageResponse): BatchOutcome {
  const failures = new Map((response.failures ?? []).flatMap((failure) => (failure.imageId?.imageDigest ? [[failure.imageId.imageDigest, failure] as const] : [])));
  const confirmed = new Set((response.imageIds ?? []).flatMap((id) => (id.imageDigest ? [id.imageDigest] : [])));
  const outcome: BatchOutcome = { deleted: [], failed: [], alreadyGone: [] };
  for (const { digest, sizeBytes } of batch) {
    const failure = failures.get(digest);
    const code = failure?.failureCode;
    if (code === "ImageNotFound") outcome.alreadyGone.push(digest);
    else if (code === "ImageReferencedByManifestList") outcome.failed.push({ digest, code, reason: "kept: still referenced by an image index (manifest list)" });
    else if (failure) outcome.failed.push({ digest, code: code ?? "Unknown", reason: failure.failureReason ?? "BatchDeleteImage refused it" });
    else if (confirmed.has(digest)) outcome.deleted.push({ digest, bytes: sizeBytes });
    else outcome.failed.push({ digest, code: "Unconfirmed", reason: "BatchDeleteImage reported neither a deletion nor a failure for it" });
  }
  return outcome;
}

export { interpretBatchDelete, sendBatchDelete };
export type { BatchOutcome };
