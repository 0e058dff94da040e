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
