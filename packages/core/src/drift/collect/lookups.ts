/**
 * Answers that are the same for every cluster of a run — a Kubernetes version's support dates, an add-on's
 * compatible versions, a public SSM parameter — fetched once per run instead of once per cluster. A failed lookup is
 * forgotten, so the next cluster tries again. Create one per run: the answers change over days, not within a run.
 */
interface DriftLookups {
  /** The cached promise for `key`, or the one `load` starts (and whose requests the caller counts). */
  get<T>(key: string, load: () => Promise<T>): Promise<T>;
}

function createDriftLookups(): DriftLookups {
  const cache = new Map<string, Promise<unknown>>();
  return {
    get<T>(key: string, load: () => Promise<T>): Promise<T> {
      const cached = cache.get(key);
      if (cached) return cached as Promise<T>;
      const loading = load();
      cache.set(key, loading);
      loading.catch(() => cache.delete(key));
      return loading;
    },
  };
}

export { createDriftLookups };
export type { DriftLookups };
