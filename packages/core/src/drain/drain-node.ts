import type { V1Pod } from "@kubernetes/client-node";
import type { Clock } from "../clock";
import { cordonNode } from "./cordon";
import { filterPods } from "./filters";
import type { DrainKube, EvictionOutcome } from "./kube";
import type { DrainOptions } from "./options";
import { PdbGate } from "./pdb-gate";
import { isCritical, isDoNotDisrupt, podGraceSeconds, podId } from "./pods";

type DrainOutcome =
  /** Every pod that had to go is gone. */
  | "drained"
  /** This run's time budget ended first; running again resumes from the cluster's state. */
  | "in-progress"
  /** The drain deadline passed with pods left (on-deadline "stop"). */
  | "timed-out"
  /** Some pods could not be evicted (an error other than a PDB refusal, e.g. RBAC): they are listed in `failed`. */
  | "failed"
  /** kubectl's filters found pods that may not be removed with these options: nothing was evicted. */
  | "refused"
  | "node-not-found"
  /** Dry run: what would be evicted, nothing changed. */
  | "dry-run";

type ProgressEvent =
  | { type: "cordoned"; node: string; changed: boolean }
  | { type: "evicting" | "evicted" | "deleted" | "gone" | "force-deleted"; pod: string }
  | { type: "blocked"; pod: string; message: string; retryAfterSeconds: number }
  | { type: "waiting-for-volumes"; volumes: string[] }
  /** Not attempted yet: the pod's PDB shows no disruption available (no request is sent until it does). */
  | { type: "waiting-for-pdb"; pod: string; budget: string; message: string }
  /** kubectl's filter results, before anything is evicted (warnings print here, as kubectl does). */
  | { type: "filtered"; toRemove: number; skipped: number; warnings: string[]; errors: string[] }
  | { type: "waiting"; pending: number };

interface PendingPod {
  pod: string;
  /** Why it is still there: "terminating", "pdb-blocked: …", "pdb-misconfigured: …", "do-not-disrupt", "not-yet-evicted". */
  reason: string;
}

interface DrainResult {
  cluster: string;
  node: string;
  outcome: DrainOutcome;
  /** Whether this run changed the node (cordon, label, taint). */
  cordonChanged: boolean;
  evicted: string[];
  /** Deleted without eviction (--disable-eviction, or eviction unsupported). */
  deleted: string[];
  /** Deleted at the deadline with a grace period of at least 1 s. */
  forceDeleted: string[];
  skipped: Array<{ pod: string; reason: string; message?: string }>;
  pending: PendingPod[];
  failed: Array<{ pod: string; error: string }>;
  /** Pods whose eviction the server refused because more than one PDB selects them. */
  pdbMisconfigured: string[];
  warnings: string[];
  errors: string[];
  startedAt: number;
  finishedAt: number;
}

interface DrainRequest {
  node: string;
  options: DrainOptions;
  /** Why (event id, "manual"): the taint value. */
  reason: string;
  /** Absolute time (clock ms) after which the deadline policy applies; default now + options.timeoutSeconds. */
  deadlineAt?: number;
  /** Absolute time at which this run must stop and report progress (Lambda budget); default: no limit. */
  budgetEndsAt?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Stops the drain (e.g. the caller is shutting down): in-flight work ends, nothing continues detached. */
  signal?: AbortSignal;
}

interface Tracked {
  pod: V1Pod;
  id: string;
  uid: string;
  reason: string;
  forceDeleted: boolean;
}

/** At most `limit` holders at once; waiting costs nothing but a queued promise. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];

  constructor(limit: number) {
    this.#free = limit;
  }

  async use<T>(work: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}

/**
 * Drains one node with kubectl's semantics and the protections users ask for: cordon (+ load-balancer exclusion
 * label + taint), kubectl's filter chain (any fatal → nothing evicted), policy/v1 evictions with a UID precondition
 * and a concurrency cap, PDB 429s retried after ≥ 5 s, the multi-PDB 500 reported as a misconfiguration, non-critical
 * pods before system-*-critical ones, do-not-disrupt pods waited for, UID-aware waiting until pods are really gone,
 * and a deadline policy. Resumable: each run starts from the cluster's state, so a run stopped by its time budget
 * (or killed) is continued by the next one.
 */
async function drainNode(kube: DrainKube, clock: Clock, request: DrainRequest): Promise<DrainResult> {
  const { node, options } = request;
  const startedAt = clock.now();
  const deadlineAt = request.deadlineAt ?? (options.timeoutSeconds > 0 ? startedAt + options.timeoutSeconds * 1000 : Number.POSITIVE_INFINITY);
  const budgetEndsAt = request.budgetEndsAt ?? Number.POSITIVE_INFINITY;
  // One failure (or the caller's signal) stops every concurrent pod task: no work continues after drainNode returns.
  const abort = new AbortController();
  request.signal?.addEventListener("abort", () => abort.abort(request.signal?.reason), { once: true });
  const emit = (event: ProgressEvent) => {
    try {
      request.onProgress?.(event);
    } catch (error) {
      abort.abort(error);
      throw error;
    }
  };
  const result: DrainResult = {
    cluster: kube.cluster,
    node,
    outcome: "drained",
    cordonChanged: false,
    evicted: [],
    deleted: [],
    forceDeleted: [],
    skipped: [],
    pending: [],
    failed: [],
    pdbMisconfigured: [],
    warnings: [],
    errors: [],
    startedAt,
    finishedAt: startedAt,
  };
  const finish = (outcome: DrainOutcome): DrainResult => ({ ...result, outcome, finishedAt: clock.now() });

  if (!(await kube.getNode(node))) return finish("node-not-found");
  const cordon = await cordonNode(kube, clock, node, { excludeFromLoadBalancers: options.excludeFromLoadBalancers, taint: options.taint, reason: request.reason, dryRun: options.dryRun });
  result.cordonChanged = cordon.changed;
  emit({ type: "cordoned", node, changed: cordon.changed });

  const pods = await kube.listPodsOnNode(node, { chunkSize: options.chunkSize, ...(options.podSelector ? { podSelector: options.podSelector } : {}) });
  const filtered = await filterPods(pods, options, kube, clock.now());
  result.warnings = filtered.warnings;
  result.errors = filtered.errors;
  result.skipped = filtered.decisions.filter((d) => !d.delete).map((d) => ({ pod: podId(d.pod), reason: d.reason, ...(d.message ? { message: d.message } : {}) }));
  const toRemove = filtered.decisions.filter((d) => d.delete).map((d) => d.pod);
  emit({ type: "filtered", toRemove: toRemove.length, skipped: result.skipped.length, warnings: filtered.warnings, errors: filtered.errors });
  if (filtered.errors.length > 0) return finish("refused");
  if (options.dryRun) {
    result.pending = toRemove.map((pod) => ({ pod: podId(pod), reason: isDoNotDisrupt(pod) ? "do-not-disrupt" : "would be evicted" }));
    return finish("dry-run");
  }

  const useEviction = !options.disableEviction && (await kube.evictionVersion()) !== undefined;
  const tracked: Tracked[] = toRemove.map((pod) => ({ pod, id: podId(pod), uid: pod.metadata?.uid ?? "", reason: "not-yet-evicted", forceDeleted: false }));
  const stopAt = Math.min(budgetEndsAt, options.onDeadline === "stop" ? deadlineAt : Number.POSITIVE_INFINITY);
  const gate = useEviction ? new PdbGate(kube, clock, options.pdbPollIntervalSeconds * 1000) : undefined;
  // The concurrency cap limits eviction requests in flight, not pods waiting for their budget: a pod waiting on one
  // Deployment's PDB must not hold up pods of other Deployments.
  const slots = new Slots(options.concurrency);
  const stopped = () => clock.now() >= stopAt || abort.signal.aborted;
  const sleepUntilStop = (ms: number) => clock.sleep(Math.max(0, Math.min(ms, stopAt - clock.now())), abort.signal);
  /** Karpenter's deadline rule: with force-delete, a pod is due once its own grace period no longer fits before the deadline. */
  const forceDueAt = (pod: V1Pod): number => (options.onDeadline === "force-delete" ? deadlineAt - podGraceSeconds(pod) * 1000 : Number.POSITIVE_INFINITY);

  /** One pod's eviction loop; resolves when the eviction (or delete) was accepted, the pod is gone, or time is up. */
  const remove = async (item: Tracked): Promise<void> => {
    if (item.pod.metadata?.deletionTimestamp) {
      item.reason = "terminating";
      return;
    }
    if (isDoNotDisrupt(item.pod)) {
      item.reason = "do-not-disrupt";
      return;
    }
    const grace = options.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: options.gracePeriodSeconds } : {};
    // With force-delete at the deadline, evicting stops once the pod is due to be force-deleted (its own grace period
    // no longer fits before the deadline): waitUntilGone deletes it then, instead of retrying until the budget ends.
    // Due time of the pod as first seen (a re-read pod keeps it).
    const dueAt = forceDueAt(item.pod);
    const done = () => stopped() || clock.now() >= dueAt;
    while (!done()) {
      // Wait for the pod's PDB to show a disruption no other eviction of ours is using (no 429 storms). deadlineAt is
      // redundant here only while the pod's grace period is ≥ 0 (the API server's rule, not the types'), so it stays.
      const release = gate
        ? await gate.acquire(item.pod, Math.min(stopAt, deadlineAt, dueAt), (budget, message) => {
            item.reason = `pdb-blocked: ${message}`;
            emit({ type: "waiting-for-pdb", pod: item.id, budget, message });
          }, abort.signal)
        : () => undefined;
      if (done()) {
        release();
        break;
      }
      emit({ type: "evicting", pod: item.id });
      let outcome: EvictionOutcome;
      try {
        outcome = await slots.use(() =>
          useEviction ? kube.evictPod(item.pod.metadata?.namespace ?? "", item.pod.metadata?.name ?? "", { uid: item.uid, ...grace }) : deleteAsOutcome(item, grace),
        );
      } catch (error) {
        result.failed.push({ pod: item.id, error: error instanceof Error ? error.message : String(error) });
        item.reason = "failed";
        return;
      } finally {
        release();
      }
      if (outcome.kind === "accepted") {
        (useEviction ? result.evicted : result.deleted).push(item.id);
        emit({ type: useEviction ? "evicted" : "deleted", pod: item.id });
        item.reason = "terminating";
        return;
      }
      if (outcome.kind === "gone" || outcome.kind === "replaced") {
        item.reason = "gone";
        return;
      }
      if (outcome.kind === "pdb-misconfigured" && !result.pdbMisconfigured.includes(item.id)) result.pdbMisconfigured.push(item.id);
      item.reason = `${outcome.kind}: ${outcome.message}`;
      const delaySeconds = Math.max(options.evictionRetryDelaySeconds, outcome.kind === "pdb-blocked" ? (outcome.retryAfterSeconds ?? 0) : 0);
      emit({ type: "blocked", pod: item.id, message: outcome.message, retryAfterSeconds: delaySeconds });
      await sleepUntilStop(Math.min(delaySeconds * 1000, dueAt - clock.now()));
      // kubectl re-reads the pod after a failed attempt: it may be gone, replaced, or already terminating.
      const fresh = await kube.getPod(item.pod.metadata?.namespace ?? "", item.pod.metadata?.name ?? "");
      if (!fresh || fresh.metadata?.uid !== item.uid) {
        item.reason = "gone";
        return;
      }
      if (fresh.metadata?.deletionTimestamp) {
        item.reason = "terminating";
        return;
      }
      item.pod = fresh;
    }
  };

  const deleteAsOutcome = async (item: Tracked, grace: { gracePeriodSeconds?: number }): Promise<EvictionOutcome> => {
    const outcome = await kube.deletePod(item.pod.metadata?.namespace ?? "", item.pod.metadata?.name ?? "", { uid: item.uid, ...grace });
    return outcome === "deleted" ? { kind: "accepted" } : { kind: outcome };
  };

  /** Deletes now each pod that is due (forceDueAt). */
  const forceDeleteDue = async (items: Tracked[]): Promise<void> => {
    if (options.onDeadline !== "force-delete") return;
    for (const item of items) {
      if (item.forceDeleted || clock.now() < forceDueAt(item.pod)) continue;
      const gracePeriodSeconds = Math.max(1, Math.floor((deadlineAt - clock.now()) / 1000));
      item.forceDeleted = true;
      let outcome: Awaited<ReturnType<DrainKube["deletePod"]>>;
      try {
        outcome = await kube.deletePod(item.pod.metadata?.namespace ?? "", item.pod.metadata?.name ?? "", { uid: item.uid, gracePeriodSeconds });
      } catch (error) {
        // e.g. the RBAC lacks `pods delete`: this pod cannot be forced; report it and stop waiting for it.
        result.failed.push({ pod: item.id, error: error instanceof Error ? error.message : String(error) });
        item.reason = "failed";
        continue;
      }
      if (outcome === "deleted") {
        result.forceDeleted.push(item.id);
        emit({ type: "force-deleted", pod: item.id });
      }
    }
  };

  /** Polls until every tracked pod is gone (absent, or its name taken by another UID), or time is up. */
  const waitUntilGone = async (items: Tracked[]): Promise<Tracked[]> => {
    let remaining = items.filter((item) => item.reason !== "gone" && item.reason !== "failed");
    while (remaining.length > 0) {
      const present = new Map((await kube.listPodsOnNode(node, { chunkSize: options.chunkSize })).map((pod) => [pod.metadata?.uid ?? "", pod]));
      remaining = remaining.filter((item) => {
        const current = present.get(item.uid);
        if (!current) {
          if (item.reason !== "gone") emit({ type: "gone", pod: item.id });
          item.reason = "gone";
          return false;
        }
        const deletion = current.metadata?.deletionTimestamp;
        if (deletion && options.skipWaitForDeleteTimeoutSeconds > 0 && clock.now() - new Date(deletion).getTime() > options.skipWaitForDeleteTimeoutSeconds * 1000) {
          result.skipped.push({ pod: item.id, reason: "deleted", message: `terminating for more than ${options.skipWaitForDeleteTimeoutSeconds}s` });
          item.reason = "gone";
          return false;
        }
        item.pod = current;
        return true;
      });
      if (remaining.length === 0 || stopped()) break;
      await forceDeleteDue(remaining);
      remaining = remaining.filter((item) => item.reason !== "failed");
      if (remaining.length === 0) break;
      // do-not-disrupt pods are re-checked: an opted-out pod that dropped its annotation is evicted now.
      for (const item of remaining) if (item.reason === "do-not-disrupt" && !isDoNotDisrupt(item.pod)) await remove(item);
      emit({ type: "waiting", pending: remaining.length });
      // Terminating pods announce when their grace period ends: look again right then if it is sooner than a poll.
      const nextDeletion = Math.min(...remaining.map((item) => (item.pod.metadata?.deletionTimestamp ? new Date(item.pod.metadata.deletionTimestamp).getTime() : Number.POSITIVE_INFINITY)));
      const untilDeletion = nextDeletion - clock.now() + 50;
      await sleepUntilStop(Math.max(100, Math.min(options.pollIntervalSeconds * 1000, untilDeletion)));
    }
    return remaining;
  };

  /** Karpenter's awaitVolumeDetachment: the drained pods' PVs must leave the node before the instance does. */
  const waitForVolumeDetach = async (items: Tracked[]): Promise<string[]> => {
    const claims = items.flatMap((item) => (item.pod.spec?.volumes ?? []).flatMap((volume) => (volume.persistentVolumeClaim ? [{ namespace: item.pod.metadata?.namespace ?? "", claim: volume.persistentVolumeClaim.claimName }] : [])));
    if (claims.length === 0) return [];
    const volumes = new Set((await Promise.all(claims.map(({ namespace, claim }) => kube.pvcVolume(namespace, claim)))).filter((volume): volume is string => Boolean(volume)));
    for (;;) {
      const attached = (await kube.listVolumeAttachments()).filter((attachment) => attachment.nodeName === node && attachment.persistentVolumeName && volumes.has(attachment.persistentVolumeName)).map((attachment) => attachment.persistentVolumeName as string);
      if (attached.length === 0 || stopped() || clock.now() >= deadlineAt) return attached;
      emit({ type: "waiting-for-volumes", volumes: attached });
      await sleepUntilStop(options.pollIntervalSeconds * 1000);
    }
  };

  const tiers = options.criticalPodsLast ? [tracked.filter((item) => !isCritical(item.pod)), tracked.filter((item) => isCritical(item.pod))] : [tracked];
  let left: Tracked[] = [];
  for (const tier of tiers) {
    if (tier.length === 0) continue;
    await Promise.allSettled(
      tier.map((item) =>
        remove(item).catch((error: unknown) => {
          abort.abort(error);
        }),
      ),
    );
    if (abort.signal.aborted) throw abort.signal.reason;
    left = await waitUntilGone(tier);
    if (left.length > 0) break;
  }
  const untouched = tiers.flat().filter((item) => item.reason === "not-yet-evicted");
  result.pending = [...left, ...untouched.filter((item) => !left.includes(item))].map((item) => ({ pod: item.id, reason: item.reason }));
  if (result.pending.length === 0 && options.waitForVolumeDetach) {
    const attached = await waitForVolumeDetach(tracked);
    result.pending.push(...attached.map((volume) => ({ pod: `volume/${volume}`, reason: `still attached to ${node}` })));
  }
  if (result.pending.length === 0) return finish(result.failed.length > 0 ? "failed" : "drained");
  return finish(clock.now() >= budgetEndsAt && budgetEndsAt < deadlineAt ? "in-progress" : "timed-out");
}

export { drainNode };
export type { DrainOutcome, DrainRequest, DrainResult, PendingPod, ProgressEvent };
