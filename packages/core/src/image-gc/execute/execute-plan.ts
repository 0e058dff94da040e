import type { ECRClient } from "@aws-sdk/client-ecr";
import type { RepositoryPlan } from "../plan/plan-repository";
import { chunks } from "./batches";
import type { CallCounter } from "./calls";
import { type Deletion, plannedDeletions } from "./deletions";
import { orderPhases } from "./phases";
import { DEFAULT_MAX_ATTEMPTS, type RetryPolicy } from "./retry";
import { runBatch } from "./run-batch";
import type { ExecuteOptions, ExecutionResult } from "./types";

/** An index child goes only once every index listing it is gone; otherwise ECR would refuse it anyway. */
function parentsStillThere(deletion: Deletion, gone: ReadonlySet<string>): string[] {
  return deletion.parents.filter((parent) => !gone.has(parent));
}

/**
 * Carries out one repository's plan: nothing when the plan is blocked; in a dry run only the report of what would be
 * requested; otherwise phase by phase (referrers, indexes, images, index children), each phase's batches answered
 * before the next phase starts, every batch re-checked right before it is deleted. Per-image outcomes come from
 * ECR's answers; a batch that keeps failing is reported and the run goes on, so this throws only on bad options.
 */
async function executePlan(ecr: ECRClient, plan: RepositoryPlan, options: ExecuteOptions): Promise<ExecutionResult> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError(`maxAttempts must be an integer ≥ 1 (got ${maxAttempts})`);
  const result: ExecutionResult = { repository: plan.repository, dryRun: options.dryRun, deleted: [], failed: [], skipped: [], alreadyGone: [], calls: 0 };
  if (plan.blocked) return { ...result, blocked: plan.blocked };

  const deletions = plannedDeletions(plan);
  const { phases, refused } = orderPhases(deletions);
  result.skipped.push(...refused);
  if (options.dryRun) {
    for (const phase of phases) for (const { digest, sizeBytes } of phase.deletions) result.deleted.push({ digest, bytes: sizeBytes });
    return result;
  }

  const policy: RetryPolicy = { clock: options.clock, random: options.random ?? Math.random, maxAttempts };
  const planned = new Map(deletions.map((deletion) => [deletion.digest, deletion]));
  const counter: CallCounter = { calls: 0 };
  const gone = new Set<string>();
  for (const phase of phases) {
    const ready: Deletion[] = [];
    for (const deletion of phase.deletions) {
      const blocking = parentsStillThere(deletion, gone);
      if (blocking.length > 0) result.skipped.push({ digest: deletion.digest, reason: `index ${blocking.join(", ")} was not deleted` });
      else ready.push(deletion);
    }
    // Sequential batches: bounded load on an API with no published rate, and a phase is whole before the next.
    for (const batch of chunks(ready)) {
      const freshUntil = options.inventoryTakenAt !== undefined ? options.inventoryTakenAt + (options.recheckAfterMs ?? 60_000) : 0;
      const outcome = await runBatch(ecr, plan.repository, batch, planned, policy, counter, freshUntil);
      result.deleted.push(...outcome.deleted);
      result.failed.push(...outcome.failed);
      result.skipped.push(...outcome.skipped);
      result.alreadyGone.push(...outcome.alreadyGone);
      for (const { digest } of outcome.deleted) gone.add(digest);
      for (const digest of outcome.alreadyGone) gone.add(digest);
    }
  }
  result.calls = counter.calls;
  return result;
}

export { executePlan };
