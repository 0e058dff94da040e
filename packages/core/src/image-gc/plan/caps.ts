import type { RepositoryPlan } from "./plan-repository";

/** Limits on one run; exceeding one in a repository means deleting nothing there (and saying so), never a part. */
interface GcCaps {
  /** Deletions in the whole run. */
  perRun: number;
  /** Deletions in one repository. */
  perRepository: number;
  /** Largest share of a repository's images one run may delete (0..1). */
  maxFraction: number;
}

/**
 * Applies the caps in repository order: a repository over its own caps is blocked; once the run's budget cannot
 * take a repository's whole plan, that repository is blocked too (so no repository is ever half-cleaned by a cap).
 */
function applyCaps(plans: RepositoryPlan[], caps: GcCaps): RepositoryPlan[] {
  let budget = caps.perRun;
  return plans.map((plan) => {
    if (plan.blocked) return plan;
    const deletions = plan.decisions.filter((decision) => decision.action === "delete").length;
    const total = plan.decisions.length;
    const block = (why: string): RepositoryPlan => ({ ...plan, blocked: why });
    if (deletions === 0) return plan;
    if (deletions > caps.perRepository) return block(`cap exceeded: ${deletions} deletions planned, at most ${caps.perRepository} per repository`);
    if (deletions > caps.maxFraction * total) return block(`cap exceeded: ${deletions} of ${total} images (${Math.round((deletions / total) * 100)} %) planned, at most ${Math.round(caps.maxFraction * 100)} % of a repository`);
    if (deletions > budget) return block(`run cap reached: ${deletions} deletions planned, ${budget} left of ${caps.perRun} for this run`);
    budget -= deletions;
    return plan;
  });
}

export { applyCaps };
export type { GcCaps };
