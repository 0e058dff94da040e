import { GcPayloadSchema, type GcRunReport, requestedDryRun, runGc } from "@caretaker/core/image-gc/run";
import { gcDeps } from "./lib/gc-deps";
import { createHandler } from "./lib/handler";
import { logger } from "./lib/powertools";

/**
 * Time kept back from the function's timeout once no further repository may start: the last group of repositories
 * finishes its deletions, the report is notified and returned. A fifth of the run, at least a minute.
 */
function timeReserveMs(remainingAtStartMs: number): number {
  return Math.max(60_000, Math.floor(remainingAtStartMs / 5));
}

/** Lambda's limit for a synchronous (RequestResponse) invocation's response: 6 MB. */
const MAX_RESPONSE_BYTES = 6 * 1024 * 1024;

/** The run report as returned: `plans` and parts of `repositories` may be left out to fit, and `omitted` says what. */
type GcResponse = Omit<GcRunReport, "plans"> & { plans?: GcRunReport["plans"]; omitted?: string[] };

const sizeOf = (value: unknown) => Buffer.byteLength(JSON.stringify(value), "utf8");
const megabytes = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/**
 * The report, small enough to be returned. Per-image decisions grow with the registry, so they go first; only an
 * account with tens of thousands of repositories also loses the skipped list and its quiet repositories (nothing
 * planned, deleted, failed or blocked), then whatever else does not fit. Totals and clusters always stay.
 */
function fitResponse(report: GcRunReport, limit = MAX_RESPONSE_BYTES): GcResponse {
  const full = sizeOf(report);
  if (full <= limit) return report;
  const { plans, ...summary } = report;
  const decisions = plans.reduce((sum, plan) => sum + plan.decisions.length, 0);
  const omitted = [`plans: ${decisions} per-image decisions (the report would be ${megabytes(full)}, above Lambda's 6 MB response limit); run \`caretaker gc plan --details\` locally to see them`];
  const withoutPlans: GcResponse = { ...summary, omitted };
  if (sizeOf(withoutPlans) <= limit) return withoutPlans;

  // Tens of thousands of repositories: the ones with something to report, in order, as many as fit.
  const notable = summary.repositories.filter((repository) => repository.blocked || repository.candidates > 0 || repository.deleted > 0 || repository.failed > 0);
  const note = (kept: number) => [...omitted, `skippedRepositories: all ${summary.skippedRepositories.length}`, `notReached: ${summary.notReached.length} (the first: ${summary.notReached[0] ?? "none"})`, `repositories: ${summary.repositories.length - kept} of ${summary.repositories.length} (quiet ones first; the totals still count them)`];
  let room = limit - sizeOf({ ...summary, repositories: [], skippedRepositories: [], notReached: summary.notReached.slice(0, 1), omitted: note(0) });
  const kept: GcRunReport["repositories"] = [];
  for (const repository of notable) {
    room -= sizeOf(repository) + 1;
    if (room < 0) break;
    kept.push(repository);
  }
  return { ...summary, repositories: kept, skippedRepositories: [], notReached: summary.notReached.slice(0, 1), omitted: note(kept.length) };
}

/**
 * The image GC function: on its schedule (EventBridge Scheduler, no retries: the next run starts from scratch) or on
 * request, scans every cluster for the images it uses, plans per digest, and deletes only when the configuration
 * enables it. Returns the run report (see fitResponse for its size) and notifies the alerts topic.
 */
const handler = createHandler({
  name: "imageGc",
  schema: GcPayloadSchema,
  async handle(input, context): Promise<GcResponse> {
    const { deps, config, scheduleCursor } = gcDeps();
    const dryRun = requestedDryRun(input);
    logger.appendKeys({ trigger: input.source ?? "manual" });
    if (!dryRun && !config.enabled) logger.warn("deletion requested but not enabled in CARETAKER_GC_CONFIG: this run only plans");
    const reserve = timeReserveMs(context.getRemainingTimeInMillis());
    // Scheduled runs continue where the previous one stopped; a manual run neither uses nor moves that position.
    const cursor = input.source === "schedule" ? scheduleCursor : undefined;
    const report = await runGc(deps, config, { dryRun, timeLeftMs: () => context.getRemainingTimeInMillis() - reserve, ...(cursor ? { cursor } : {}) });
    logger.info("image GC run finished", { dryRun: report.dryRun, totals: report.totals, notReached: report.notReached.length, unscanned: report.clusters.filter((cluster) => !cluster.complete).map((cluster) => cluster.cluster) });
    return fitResponse(report);
  },
});

// GcPayload: the schedule's event or a manual request (core's schema, which the CLI checks payloads with too).
export { fitResponse, GcPayloadSchema as GcPayload, handler, MAX_RESPONSE_BYTES, timeReserveMs };
export type { GcResponse };
