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
 * Caps one repository's plan given what is left of the run's budget: over its own caps, or over the budget left, it
 * is blocked whole (no repository is ever half-cleaned by a cap). Returns the plan and the deletions it uses.
 */
function capPlan(plan: RepositoryPlan, caps: GcCaps, budgetLeft: number): { plan: RepositoryPlan; used: number } {
  if (plan.blocked) return { plan, used: 0 };
  const deletions = plan.decisions.filter((decision) => decision.action === "delete").length;
  const total = plan.decisions.length;
  const block = (why: string) => ({ plan: { ...plan, blocked: why }, used: 0 });
  if (deletions === 0) return { plan, used: 0 };
  if (deletions > caps.perRepository) return block(`cap exceeded: ${deletions} deletions planned, at most ${caps.perRepository} per repository`);
  if (deletions > caps.maxFraction * total) return block(`cap exceeded: ${deletions} of ${total} images (${Math.round((deletions / total) * 100)} %) planned, at most ${Math.round(caps.maxFraction * 100)} % of a repository`);
  if (deletions > budgetLeft) return block(`run cap reached: ${deletions} deletions planned, ${budgetLeft} left of ${caps.perRun} for this run`);
  return { plan, used: deletions };
}

/** Applies the caps to plans in repository order (see capPlan). */
function applyCaps(plans: RepositoryPlan[], caps: GcCaps): RepositoryPlan[] {
  let budget = caps.perRun;
  return plans.map((plan) => {
    const capped = capPlan(plan, caps, budget);
    budget -= capped.used;
    return capped.plan;
  });
}

export { applyCaps, capPlan };
export type { GcCaps };
