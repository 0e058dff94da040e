/**
 * Every attempt the routed SDK clients made, in order, like CloudTrail would list them (a call the SDK retried shows
 * once per attempt). Tests assert on counts ("CompleteLifecycleAction was called exactly once") and inputs.
 */
interface CallRecord {
  service: string;
  operation: string;
  /** The command input as the caller sent it (a copy). */
  input: unknown;
  /** Simulated epoch ms when the attempt started. */
  at: number;
  /** 1 for the first attempt, 2+ for SDK retries. */
  attempt: number;
  outcome: "ok" | "error";
  /** The error's `name` when the attempt failed. */
  error?: string;
}

/** "eks", "eks:DescribeCluster" or nothing (every call). */
function matchesTarget(record: CallRecord, target?: string): boolean {
  if (target === undefined || target === "*") return true;
  const [service, operation] = target.split(":");
  return record.service === service && (operation === undefined || record.operation === operation);
}

class CallLog {
  #records: CallRecord[] = [];

  record(entry: CallRecord): void {
    this.#records.push(entry);
  }

  /** All attempts, oldest first. */
  get entries(): readonly CallRecord[] {
    return this.#records;
  }

  /** Attempts matching the target ("sns", "sns:Publish"), optionally only those with the given outcome. */
  filter(target?: string, outcome?: CallRecord["outcome"]): CallRecord[] {
    return this.#records.filter((record) => matchesTarget(record, target) && (outcome === undefined || record.outcome === outcome));
  }

  count(target?: string, outcome?: CallRecord["outcome"]): number {
    return this.filter(target, outcome).length;
  }

  /** Attempt counts keyed "service:Operation", for a whole-run summary. */
  countByOperation(target?: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const record of this.filter(target)) {
      const key = `${record.service}:${record.operation}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.#records = [];
  }
}

export { CallLog };
export type { CallRecord };
