import type { RepositoryPlan } from "../plan/plan-repository";

/** One repository's line in the run report. */
interface RepositorySummary {
  repository: string;
  scanned: number;
  /** Kept images by the first word of their reason (`in-use`, `protected-tag`, `keep-n`, `too-young`, `child-of`, …). */
  protectedByReason: Record<string, number>;
  candidates: number;
  deleted: number;
  failed: number;
  skipped: number;
  bytesReclaimed: number;
  blocked?: string;
}

interface ExecutionOutcome {
  deleted: Array<{ digest: string; bytes: number }>;
  failed: Array<{ digest: string; code: string; reason: string }>;
  skipped: Array<{ digest: string; reason: string }>;
  alreadyGone: string[];
}

/** Counts for one repository from its plan and what executing it did (nothing, for blocked plans and dry runs). */
function summarise(plan: RepositoryPlan, outcome: ExecutionOutcome | undefined): RepositorySummary {
  const protectedByReason: Record<string, number> = {};
  for (const decision of plan.decisions) {
    if (decision.action !== "keep") continue;
    const reason = (decision.reasons[0] ?? "not-selected").split(":")[0] as string;
    protectedByReason[reason] = (protectedByReason[reason] ?? 0) + 1;
  }
  return {
    repository: plan.repository,
    scanned: plan.decisions.length,
    protectedByReason,
    candidates: plan.decisions.filter((decision) => decision.action === "delete").length,
    deleted: outcome?.deleted.length ?? 0,
    failed: outcome?.failed.length ?? 0,
    skipped: outcome?.skipped.length ?? 0,
    bytesReclaimed: (outcome?.deleted ?? []).reduce((sum, item) => sum + item.bytes, 0),
    ...(plan.blocked ? { blocked: plan.blocked } : {}),
  };
}

export { summarise };
export type { ExecutionOutcome, RepositorySummary };
