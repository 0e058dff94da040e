import type { V1Pod, V1PodDisruptionBudget } from "@kubernetes/client-node";
import type { Clock } from "../clock";
import type { DrainKube } from "./kube";

/** Whether a PDB's selector (matchLabels + matchExpressions) selects these labels; an empty selector selects nothing. */
function selects(pdb: V1PodDisruptionBudget, labels: Record<string, string>): boolean {
  const selector = pdb.spec?.selector;
  const matchLabels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  return (
    matchLabels.every(([key, value]) => labels[key] === value) &&
    expressions.every(({ key, operator, values = [] }) => {
      const value = labels[key];
      if (operator === "In") return value !== undefined && values.includes(value);
      if (operator === "NotIn") return value === undefined || !values.includes(value);
      if (operator === "Exists") return value !== undefined;
      return value === undefined;
    })
  );
}

const keyOf = (pdb: V1PodDisruptionBudget) => `${pdb.metadata?.namespace}/${pdb.metadata?.name}`;

/**
 * Times evictions to their PodDisruptionBudget: a pod waits (reading the PDB's status at the poll interval) until its
 * budget shows a disruption available that no other eviction of this drain is already using, instead of firing
 * evictions that the server can only refuse with 429 (after which kubectl's rule is to wait ≥ 5 s — too long when a
 * replacement is ready in 6). Pods covered by no PDB, or by several (the server refuses those anyway), pass at once;
 * so does everything when the RBAC does not allow reading PDBs.
 */
class PdbGate {
  readonly #kube: DrainKube;
  readonly #clock: Clock;
  readonly #pollMs: number;
  readonly #cache = new Map<string, { pdbs: V1PodDisruptionBudget[] | undefined; fetchedAt: number; pending?: Promise<V1PodDisruptionBudget[] | undefined> }>();
  readonly #inFlight = new Map<string, number>();

  constructor(kube: DrainKube, clock: Clock, pollMs: number) {
    this.#kube = kube;
    this.#clock = clock;
    this.#pollMs = pollMs;
  }

  /** The namespace's PDBs, read at most once per poll interval however many pods wait (concurrent reads share one). */
  async #pdbs(namespace: string): Promise<V1PodDisruptionBudget[] | undefined> {
    const cached = this.#cache.get(namespace);
    if (cached?.pending) return cached.pending;
    if (cached && this.#clock.now() - cached.fetchedAt < this.#pollMs) return cached.pdbs;
    const pending = this.#kube.listPdbs(namespace);
    this.#cache.set(namespace, { pdbs: cached?.pdbs, fetchedAt: cached?.fetchedAt ?? 0, pending });
    const pdbs = await pending;
    this.#cache.set(namespace, { pdbs, fetchedAt: this.#clock.now() });
    return pdbs;
  }

  /** The single PDB an eviction of this pod is decided by, if exactly one selects it. */
  async #budgetOf(pod: V1Pod): Promise<V1PodDisruptionBudget | undefined> {
    const pdbs = await this.#pdbs(pod.metadata?.namespace ?? "");
    const matching = (pdbs ?? []).filter((pdb) => selects(pdb, pod.metadata?.labels ?? {}));
    return matching.length === 1 ? matching[0] : undefined;
  }

  /**
   * Resolves with a release function once an eviction of `pod` stands a chance (or `stopAt` comes): call it when
   * the eviction request has been answered.
   */
  async acquire(pod: V1Pod, stopAt: number, onWait?: (budget: string, message: string) => void, signal?: AbortSignal): Promise<() => void> {
    let announced = false;
    for (;;) {
      const budget = await this.#budgetOf(pod);
      if (!budget) return () => undefined;
      const key = keyOf(budget);
      const inFlight = this.#inFlight.get(key) ?? 0;
      if ((budget.status?.disruptionsAllowed ?? 0) - inFlight > 0 || this.#clock.now() >= stopAt || signal?.aborted) {
        this.#inFlight.set(key, inFlight + 1);
        return () => {
          this.#inFlight.set(key, (this.#inFlight.get(key) ?? 1) - 1);
          // The answer changed the budget (accepted: one disruption used); the next reader must see it.
          this.#cache.delete(pod.metadata?.namespace ?? "");
        };
      }
      if (!announced) {
        const status = budget.status;
        onWait?.(
          key,
          (status?.disruptionsAllowed ?? 0) > 0
            ? `PodDisruptionBudget ${key}: the disruptions it allows are in use by this drain's other evictions`
            : `PodDisruptionBudget ${key} allows no disruption now (needs ${status?.desiredHealthy ?? "?"} healthy pods, has ${status?.currentHealthy ?? "?"})`,
        );
        announced = true;
      }
      await this.#clock.sleep(Math.max(1, Math.min(this.#pollMs, stopAt - this.#clock.now())), signal);
    }
  }
}

export { PdbGate, selects };
