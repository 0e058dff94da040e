import type { Clock } from "../../clock";
import type { Notifier } from "../../notify/notifier";
import type { Claims } from "../../state/claims";
import type { DriftFinding } from "../findings/drift-finding";
import { driftChangeReport, driftDigestReport } from "./change-report";
import { diffFindings, type FindingChanges, isNews, type RememberedFinding } from "./diff-findings";
import { type FindingStore, RETENTION_SECONDS } from "./finding-store";

const DAY_MS = 86_400_000;

/** One cluster's result of this run, as the tracker needs it. */
interface AssessedCluster {
  cluster: string;
  /** False when the cluster could not be assessed at all (unreachable, not ACTIVE/UPDATING): nothing of it changes. */
  assessed: boolean;
  /** The control plane was UPDATING when read. */
  updating: boolean;
  findings: readonly DriftFinding[];
  /** Remembered findings whose check could not run this time (they stay open). */
  unchecked?: (finding: RememberedFinding) => boolean;
}

type TrackStatus = "notified" | "unchanged" | "quiet-change" | "raced" | "not-assessed";

interface TrackedCluster {
  cluster: string;
  status: TrackStatus;
  changes: FindingChanges;
}

interface TrackResult {
  clusters: TrackedCluster[];
  digest: "sent" | "not-due" | "nothing-open" | "off";
}

interface TrackDeps {
  store: FindingStore;
  clock: Clock;
  notifier?: Notifier;
  /** At-most-once digests across overlapping runs. */
  claims?: Claims;
  logger?: { warn(message: string, ...extra: Array<Record<string, unknown>>): void };
}

interface TrackOptions {
  account: string;
  region: string;
  /** A digest of everything still open every this many days; 0 turns it off. */
  digestPeriodDays: number;
}

/**
 * Remembers each cluster's open findings and notifies only about news — a finding that opened, got worse or was
 * resolved — plus a periodic digest of what is still open. A cluster's memory is written before its notification is
 * sent, conditionally, so of two overlapping runs exactly one reports a change; if sending fails the memory is put
 * back so the next run reports it again.
 */
async function trackDriftChanges(deps: TrackDeps, results: readonly AssessedCluster[], options: TrackOptions): Promise<TrackResult> {
  const now = new Date(deps.clock.now());
  const memories = await deps.store.load(results.map((result) => result.cluster));
  const tracked: TrackedCluster[] = [];
  const openAfter = new Map<string, RememberedFinding[]>();
  const failures: Error[] = [];
  for (const result of results) {
    const memory = memories.get(result.cluster) ?? { cluster: result.cluster, revision: 0, open: [], updatedAtMs: 0 };
    if (memory.damaged) deps.logger?.warn("drift state unreadable; starting afresh", { cluster: result.cluster, problem: memory.damaged });
    const changes = diffFindings(memory.open, result.findings, {
      assessed: result.assessed,
      updating: result.updating,
      ...(result.unchecked ? { unchecked: result.unchecked } : {}),
      now,
    });
    openAfter.set(result.cluster, changes.open);
    if (!result.assessed) {
      tracked.push({ cluster: result.cluster, status: "not-assessed", changes });
      continue;
    }
    const news = isNews(changes);
    // Unchanged memory is rewritten only to keep it from expiring (the TTL forgets deleted clusters).
    const stale = memory.revision > 0 && now.getTime() - memory.updatedAtMs > (RETENTION_SECONDS * 1000) / 4;
    if (!news && !stale && JSON.stringify(memory.open) === JSON.stringify(changes.open)) {
      tracked.push({ cluster: result.cluster, status: "unchanged", changes });
      continue;
    }
    if (!(await deps.store.save(memory, changes.open, now.getTime()))) {
      tracked.push({ cluster: result.cluster, status: "raced", changes });
      continue;
    }
    if (!news || !deps.notifier) {
      tracked.push({ cluster: result.cluster, status: "quiet-change", changes });
      continue;
    }
    try {
      await deps.notifier.notify(driftChangeReport(result.cluster, changes, { account: options.account, region: options.region, now }));
      tracked.push({ cluster: result.cluster, status: "notified", changes });
    } catch (error) {
      // Put the old memory back (if nobody wrote since) so the change is reported by the next run, then fail the run.
      await deps.store.save({ ...memory, revision: memory.revision + 1 }, memory.open, now.getTime()).catch((restoreError: unknown) => {
        deps.logger?.warn("could not restore drift state after a failed notification; this change will not be re-sent", { cluster: result.cluster, error: String(restoreError) });
      });
      failures.push(new Error(`Drift notification for cluster ${result.cluster} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error }));
    }
  }
  if (failures.length > 0) throw new AggregateError(failures, failures.map((failure) => failure.message).join("; "));
  return { clusters: tracked, digest: await sendDigest(deps, openAfter, options, now) };
}

async function sendDigest(deps: TrackDeps, open: ReadonlyMap<string, readonly RememberedFinding[]>, options: TrackOptions, now: Date): Promise<TrackResult["digest"]> {
  if (options.digestPeriodDays <= 0 || !deps.notifier || !deps.claims) return "off";
  if (![...open.values()].some((findings) => findings.length > 0)) return "nothing-open";
  const periodMs = options.digestPeriodDays * DAY_MS;
  const period = Math.floor(now.getTime() / periodMs);
  if (!(await deps.claims.claim(`drift-digest/${options.account}/${options.region}/${options.digestPeriodDays}d/${period}`, Math.ceil((2 * periodMs) / 1000)))) return "not-due";
  await deps.notifier.notify(driftDigestReport(open, { account: options.account, region: options.region, now, periodDays: options.digestPeriodDays }));
  return "sent";
}

export { trackDriftChanges };
export type { AssessedCluster, TrackDeps, TrackedCluster, TrackOptions, TrackResult, TrackStatus };
