/**
 * Where the next image GC run starts. A registry too large for one run's time budget is collected over several
 * runs; without a cursor every run would start at the same repository and stop at the same one, and the
 * repositories past that point would never be collected.
 */
interface GcCursor {
  /** The repository the previous run did not reach, if it stopped early. */
  load(): Promise<string | undefined>;
  /** `undefined` when the run reached every repository: the next one starts from the beginning. */
  save(next: string | undefined): Promise<void>;
}

/**
 * The repositories in the order this run visits them: from `from` (or the first name after it, should that
 * repository be gone) to the end, then the ones before it, so each run continues where the last one stopped.
 */
function resumeOrder(names: readonly string[], from: string | undefined): string[] {
  const sorted = [...names].sort();
  if (from === undefined) return sorted;
  const start = sorted.findIndex((name) => name >= from);
  return start <= 0 ? sorted : [...sorted.slice(start), ...sorted.slice(0, start)];
}

export { resumeOrder };
export type { GcCursor };
