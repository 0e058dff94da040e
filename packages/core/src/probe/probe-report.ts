import { createHash } from "node:crypto";
import type { Report } from "../notify/report";
import type { ProbeResult } from "./probe-cluster";

/**
 * The notification for a probe run: a warning that lists every cluster Caretaker cannot use and why, or a success.
 * The fingerprint changes only when the set of failing clusters and reasons changes, so a re-sent identical alert is
 * recognisable as such.
 */
function probeReport(results: readonly ProbeResult[], context: { account?: string; region?: string; occurredAt?: Date } = {}): Report {
  const failed = results.filter((result) => !result.ok);
  const state = failed.map((result) => `${result.cluster}:${result.error?.reason}`).sort().join(",");
  const digest = createHash("sha256").update(state).digest("hex").slice(0, 16);
  const single = results.length === 1 ? results[0]?.cluster : undefined;
  return {
    kind: "probe",
    severity: failed.length > 0 ? "warning" : "success",
    title:
      failed.length > 0
        ? `Caretaker cannot use ${failed.length} of ${results.length} cluster(s)`
        : `Caretaker can reach all ${results.length} cluster(s)`,
    summary:
      failed.length > 0
        ? "Drains, image GC and drift checks will fail on these clusters until access is fixed."
        : "Every cluster is reachable and accepts Caretaker's identity.",
    ...(single ? { cluster: single } : {}),
    ...(context.account ? { account: context.account } : {}),
    ...(context.region ? { region: context.region } : {}),
    facts: results.map((result) => ({
      label: result.cluster,
      value: result.ok ? `reachable, ${result.version ?? "unknown version"}, as ${result.identity?.username ?? "unknown"}` : `${result.error?.reason}`,
    })),
    sections: failed.length > 0 ? [{ title: "Problems", items: failed.map((result) => `${result.cluster}: ${result.error?.message}`) }] : [],
    nextSteps: failed.length > 0 ? ["Run `caretaker probe --cluster NAME` from a machine with the same access to compare", "Follow the fix named in each problem"] : [],
    fingerprint: `probe/${digest}`,
    occurredAt: context.occurredAt ?? new Date(),
  };
}

export { probeReport };
