import { type DrainOutcome, type DrainResult, MESSAGES, type ProgressEvent } from "@caretaker/core/drain";
import { ExitCode } from "./io";
import { formatDuration } from "./kubectl-flags";
import { renderTable } from "./table";

/** `namespace/name` → its parts (kubectl names pods by name alone in some lines and with `-n` in others). */
function splitPodId(id: string): { namespace: string; name: string } {
  const slash = id.indexOf("/");
  return { namespace: id.slice(0, slash), name: id.slice(slash + 1) };
}

interface ProgressSettings {
  dryRun: boolean;
  /** --disable-eviction: pods are deleted, and the lines say so. */
  deleting: boolean;
}

/**
 * Turns the drain's progress events into kubectl drain's lines ("evicting pod ns/name", "pod/name evicted", …), so
 * an operator sees the same story kubectl tells, live, whatever stdout is.
 */
function progressPrinter(write: (line: string) => void, settings: ProgressSettings): (event: ProgressEvent) => void {
  const suffix = settings.dryRun ? " (dry run)" : "";
  const removedAs = new Map<string, string>();
  let lastPending: number | undefined;
  return (event) => {
    switch (event.type) {
      case "cordoned":
        write(`node/${event.node} ${event.changed ? "cordoned" : "already cordoned"}${suffix}`);
        return;
      case "evicting":
        write(`${settings.deleting ? "deleting" : "evicting"} pod ${event.pod}`);
        return;
      case "evicted":
      case "deleted":
        removedAs.set(event.pod, event.type);
        return;
      case "force-deleted":
        removedAs.set(event.pod, "deleted");
        write(`deadline reached: deleting pod ${event.pod} (PodDisruptionBudgets bypassed, grace period at least 1s)`);
        return;
      case "gone":
        write(`pod/${splitPodId(event.pod).name} ${removedAs.get(event.pod) ?? "gone"}`);
        return;
      case "blocked": {
        const { namespace, name } = splitPodId(event.pod);
        write(`error when evicting pods/"${name}" -n "${namespace}" (will retry after ${formatDuration(event.retryAfterSeconds)}): ${event.message}`);
        return;
      }
      case "waiting-for-pdb":
        write(`waiting to evict pod ${event.pod}: ${event.message}`);
        return;
      case "filtered":
        // kubectl prints its warnings before it evicts anything.
        for (const warning of event.warnings) write(`Warning: ${warning}`);
        return;
      case "waiting":
        // Polls happen every second; only a change in what is left is news.
        if (event.pending !== lastPending) write(`waiting for ${event.pending} pod(s) to terminate`);
        lastPending = event.pending;
        return;
    }
  };
}

const FATAL_MESSAGES = new Set<string>([MESSAGES.daemonSetFatal, MESSAGES.localStorageFatal, MESSAGES.unmanagedFatal]);
const SKIP_DETAILS: Record<string, string> = {
  daemonset: "DaemonSet-managed",
  mirror: "mirror pod (the kubelet's static pod)",
  deleted: "already terminating",
};

type Action = "evicted" | "deleted" | "skipped" | "pending" | "failed";

/** One row per pod, in its final state: later facts (pending, failed) override earlier ones (evicted). */
function podRows(result: DrainResult): Array<{ pod: string; action: Action; detail: string }> {
  const rows = new Map<string, { pod: string; action: Action; detail: string }>();
  const set = (pod: string, action: Action, detail: string) => rows.set(pod, { pod, action, detail });
  for (const pod of result.evicted) set(pod, "evicted", "");
  for (const pod of result.deleted) set(pod, "deleted", "DELETE without eviction: PodDisruptionBudgets not consulted");
  for (const skip of result.skipped) {
    if (skip.message && FATAL_MESSAGES.has(skip.message)) set(skip.pod, "failed", `refused: cannot delete ${skip.message}`);
    else set(skip.pod, "skipped", skip.message ?? SKIP_DETAILS[skip.reason] ?? skip.reason);
  }
  for (const pod of result.forceDeleted) set(pod, "deleted", "force-deleted at the deadline: PodDisruptionBudgets bypassed");
  for (const pending of result.pending) {
    const before = rows.get(pending.pod);
    set(pending.pod, "pending", before ? `${before.action}, then ${pending.reason}` : pending.reason);
  }
  for (const failed of result.failed) set(failed.pod, "failed", failed.error);
  return [...rows.values()];
}

/** The final table: what happened to each pod on the node. */
function renderDrainTable(result: DrainResult): string {
  const rows = podRows(result);
  if (rows.length === 0) return `No pods to evict on node/${result.node}.`;
  return renderTable(
    ["pod", "namespace", "action", "detail"],
    rows.map((row) => {
      const { namespace, name } = splitPodId(row.pod);
      return [name, namespace, row.action, row.detail || "-"];
    }),
  );
}

/** kubectl's aggregate error text: one error as is, several in brackets. */
function aggregate(errors: string[]): string {
  return errors.length === 1 ? (errors[0] as string) : `[${errors.join(", ")}]`;
}

/**
 * Exit codes of `caretaker drain`:
 * 0 drained (or dry run), 1 the drain finished with pods left (timed out, failed, or refused by kubectl's filters),
 * 2 usage (nothing contacted), 3 could not run (connection, node not found).
 */
const EXIT_CODES: Record<DrainOutcome, number> = {
  drained: ExitCode.Ok,
  "dry-run": ExitCode.Ok,
  refused: ExitCode.Problems,
  "timed-out": ExitCode.Problems,
  failed: ExitCode.Problems,
  "in-progress": ExitCode.Problems,
  "node-not-found": ExitCode.Failure,
};

/**
 * What is printed on stderr once the drain returns: kubectl's warning, error and "pending" lines verbatim (operators
 * grep for them), then one sentence saying which way it ended and what to do next.
 */
function conclusionLines(result: DrainResult, { timeoutSeconds }: { timeoutSeconds: number }): string[] {
  const { node } = result;
  // Warnings were printed live (the "filtered" progress event), before anything was evicted, as kubectl does.
  const lines: string[] = [];
  const undo = `node/${node} stays cordoned: run the drain again to continue, or \`caretaker uncordon ${node}\` to undo`;
  const unableToDrain = (error: string) => [`error: unable to drain node "${node}" due to error: ${error}, continuing command...`, "There are pending nodes to be drained:", ` ${node}`];
  switch (result.outcome) {
    case "drained":
      return [...lines, `node/${node} drained`];
    case "dry-run":
      for (const pending of result.pending) {
        lines.push(pending.reason === "do-not-disrupt" ? `pod ${pending.pod} would be waited for, not evicted (do-not-disrupt) (dry run)` : `evicting pod ${pending.pod} (dry run)`);
      }
      return [...lines, `node/${node} drained (dry run)`];
    case "refused":
      return [
        ...lines,
        ...unableToDrain(aggregate(result.errors)),
        ...result.errors.map((error) => `error: ${error}`),
        `caretaker: node/${node} not drained: refused by kubectl's filters, nothing was evicted (change the flags named above if those pods may go); ${undo}.`,
      ];
    case "timed-out":
    case "in-progress": {
      const reason = result.outcome === "timed-out" ? `global timeout reached: ${formatDuration(timeoutSeconds)}` : "stopped before the drain finished";
      return [
        ...lines,
        `There are pending pods in node "${node}" when an error occurred: ${reason}`,
        ...result.pending.map((pending) => `pod/${splitPodId(pending.pod).name}`),
        ...unableToDrain(reason),
        `caretaker: node/${node} not drained: ${result.outcome === "timed-out" ? `timed out after ${formatDuration(timeoutSeconds)}` : "stopped"} with ${result.pending.length} pod(s) left (see the table for why); ${undo}.`,
      ];
    }
    case "failed": {
      const errors = result.failed.map((failed) => {
        const { namespace, name } = splitPodId(failed.pod);
        return `error when evicting pods/"${name}" -n "${namespace}": ${failed.error}`;
      });
      return [...lines, ...unableToDrain(aggregate(errors)), `caretaker: node/${node} not drained: ${result.failed.length} pod(s) could not be evicted (see the table); ${undo}.`];
    }
    case "node-not-found":
      return [...lines, `caretaker: node "${node}" not found in cluster "${result.cluster}"`];
  }
}

export { conclusionLines, EXIT_CODES, progressPrinter, renderDrainTable, splitPodId };
