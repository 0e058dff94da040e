/**
 * Things a correct drainer must never cause, counted by the simulator as they happen so tests can assert they stay
 * at zero (and other tests can prove the counters work by provoking them).
 */
interface InvariantViolation {
  kind: "pdb-violated" | "daemonset-pod-evicted" | "mirror-pod-evicted" | "grace-zero-deletion";
  pod: string;
  detail: string;
  at: string;
}

class InvariantCounters {
  /** A healthy pod was removed (eviction or DELETE) while a PDB covering it allowed no disruption. */
  pdbViolations = 0;
  /** A client evicted or deleted a DaemonSet-managed pod. */
  daemonSetPodsEvicted = 0;
  /** A client evicted or deleted a mirror (static) pod. */
  mirrorPodsEvicted = 0;
  /** A client deleted a pod with gracePeriodSeconds 0 (no chance to shut down). */
  gracePeriodZeroDeletions = 0;
  /** Successful evictions and client deletions of pods, for context. */
  evictions = 0;
  podDeletions = 0;
  readonly violations: InvariantViolation[] = [];

  record(kind: InvariantViolation["kind"], pod: string, detail: string, at: string): void {
    if (kind === "pdb-violated") this.pdbViolations++;
    if (kind === "daemonset-pod-evicted") this.daemonSetPodsEvicted++;
    if (kind === "mirror-pod-evicted") this.mirrorPodsEvicted++;
    if (kind === "grace-zero-deletion") this.gracePeriodZeroDeletions++;
    this.violations.push({ kind, pod, detail, at });
  }

  /** Total of the four "must never happen" counters. */
  get total(): number {
    return this.pdbViolations + this.daemonSetPodsEvicted + this.mirrorPodsEvicted + this.gracePeriodZeroDeletions;
  }
}

export { InvariantCounters };
export type { InvariantViolation };
