import type { ECRClient } from "@aws-sdk/client-ecr";
import type { EKSClient } from "@aws-sdk/client-eks";
import type { Clock } from "../../clock";
import type { ClusterConnection } from "../../eks/connection";
import { clusterNames } from "../../eks/list-clusters";
import type { Notifier } from "../../notify/notifier";
import type { Report, Severity } from "../../notify/report";
import { executePlan } from "../execute";
import { InUseSet } from "../in-use/in-use-set";
import { type InUseScan, scanClusterImages, unscannedCluster } from "../in-use/scan";
import { inventoryRepository } from "../inventory/inventory";
import { selectRepositories } from "../inventory/repositories";
import { capPlan } from "../plan/caps";
import { type GcRules, planRepository, type RepositoryPlan } from "../plan/plan-repository";
import { parseLifecyclePolicy } from "../policy/parse";
import type { GcConfig } from "./config";
import type { Cursor } from "../../cursor";
import { resumeOrder } from "./resume";
import { type ExecutionOutcome, type RepositorySummary, summarise } from "./summary";

/** Repositories inventoried and planned at once (bounded load on ECR; deletions stay in repository order). */
const REPOSITORY_CONCURRENCY = 4;

interface GcDeps {
  ecr: ECRClient;
  eks: EKSClient;
  connect(cluster: string): Promise<ClusterConnection>;
  clock: Clock;
  notifier?: Notifier;
  /** Where a run that stopped early left off; scheduled runs pass one so a large registry is covered over several runs. */
  logger?: { info(message: string, ...extra: Array<Record<string, unknown>>): void; warn(message: string, ...extra: Array<Record<string, unknown>>): void };
}

interface GcRunReport {
  dryRun: boolean;
  startedAt: string;
  finishedAt: string;
  clusters: Array<{ cluster: string; complete: boolean; uses: number; failures: string[] }>;
  repositories: RepositorySummary[];
  skippedRepositories: Array<{ repository: string; reason: string }>;
  /** Managed repositories this run did not reach before its deadline (untouched; the next run starts with them). */
  notReached: string[];
  /** Every decision, per repository (the plan), for `--json` and the CLI table. */
  plans: RepositoryPlan[];
  totals: { scanned: number; candidates: number; deleted: number; failed: number; bytesReclaimed: number; blocked: number };
}

async function scanAll(deps: GcDeps, clusters: string[]): Promise<InUseScan[]> {
  return Promise.all(
    clusters.map(async (cluster) => {
      try {
        return await scanClusterImages(await deps.connect(cluster), { clock: deps.clock });
      } catch (error) {
        return unscannedCluster(cluster, error instanceof Error ? error.message : String(error), deps.clock);
      }
    }),
  );
}

/**
 * One image GC run: scan every cluster for the images it uses (fresh, fail closed), inventory the managed
 * repositories, plan per digest, apply the caps, then delete (unless this is a dry run: deletion is off by default)
 * and report per repository — scanned, protected by reason, candidates, deleted, failed, bytes reclaimed.
 */
interface GcRunOptions {
  dryRun?: boolean;
  /**
   * Time left for new work (ms), asked before each group of repositories; at 0 or less no further repository is
   * started. A Lambda run passes its remaining time minus a reserve, so it ends with a report (and its cursor saved)
   * rather than being cut off mid-way with neither. Repositories already started finish their batches.
   */
  timeLeftMs?: () => number;
  /**
   * Where the previous run stopped (the repository it did not reach), saved again at the end: `undefined` once every
   * repository was reached. A registry too large for one run is then collected over several runs; without it every
   * run would start and stop at the same repositories. Scheduled runs pass one; a manual run neither uses nor moves it.
   */
  cursor?: Cursor;
}

async function runGc(deps: GcDeps, config: GcConfig, options: GcRunOptions = {}): Promise<GcRunReport> {
  const { clock } = deps;
  const log = deps.logger ?? { info: () => undefined, warn: () => undefined };
  const startedAt = new Date(clock.now());
  const dryRun = options.dryRun === true || !config.enabled;
  const region = await deps.ecr.config.region();

  const scans = await scanAll(deps, await clusterNames(deps.eks, config.clusters));
  for (const scan of scans.filter((candidate) => !candidate.complete)) log.warn("cluster scan incomplete: nothing it may use will be deleted", { cluster: scan.cluster, failures: scan.failures });
  const inUse = InUseSet.fromScans(scans);

  const selection = await selectRepositories(deps.ecr, config.repositories);
  // Only a lifecycle policy or keepNewest selects images; the age and last-pull settings are guards on top of them
  // (keepNewest: 0 with minAgeDays selects by age alone). With neither, nothing is a candidate.
  const selects = config.rules.lifecyclePolicy !== undefined || config.rules.keepNewest !== undefined;
  const rules: GcRules = {
    ...(config.rules.lifecyclePolicy !== undefined ? { lifecyclePolicy: parseLifecyclePolicy(config.rules.lifecyclePolicy) } : {}),
    ...(config.rules.keepNewest !== undefined ? { keepNewest: config.rules.keepNewest } : {}),
    ...(selects ? { minAgeDays: config.rules.minAgeDays } : {}),
    ...(selects && config.rules.lastPullGuardDays !== undefined ? { lastPullGuardDays: config.rules.lastPullGuardDays } : {}),
    protectedTags: config.rules.protectedTags,
  };
  // Per repository, in a small pipeline: inventory, plan, cap (against what is left of the run's budget, in
  // repository order), then delete right away — the inventory read seconds earlier doubles as the re-check of the
  // first batches (later batches and retries re-read).
  const plans: RepositoryPlan[] = [];
  const summaries: RepositorySummary[] = [];
  let budget = config.caps.perRun;
  const names = resumeOrder(selection.managed, await options.cursor?.load());
  let notReached: string[] = [];
  for (let start = 0; start < names.length; start += REPOSITORY_CONCURRENCY) {
    if (options.timeLeftMs && options.timeLeftMs() <= 0) {
      notReached = names.slice(start);
      log.warn("time budget spent: the remaining repositories are left to the next run", { notReached: notReached.length, next: notReached[0] });
      break;
    }
    const chunk = names.slice(start, start + REPOSITORY_CONCURRENCY);
    const planned = await Promise.all(
      chunk.map(async (name) => {
        const inventory = await inventoryRepository(deps.ecr, name);
        const takenAt = clock.now();
        return { takenAt, plan: planRepository({ repository: { registryId: selection.registryIds[name] ?? "", region, name }, inventory, rules, inUse, now: new Date(takenAt) }) };
      }),
    );
    for (const { takenAt, plan: uncapped } of planned) {
      const { plan, used } = capPlan(uncapped, config.caps, budget);
      budget -= used;
      plans.push(plan);
      let outcome: ExecutionOutcome | undefined;
      if (!plan.blocked && !dryRun && used > 0) outcome = await executePlan(deps.ecr, plan, { clock, dryRun: false, inventoryTakenAt: takenAt });
      if (plan.blocked) log.warn("repository left alone this run", { repository: plan.repository, why: plan.blocked });
      summaries.push(summarise(plan, outcome));
    }
  }
  await options.cursor?.save(notReached[0]);
  const totals = summaries.reduce(
    (sum, summary) => ({
      scanned: sum.scanned + summary.scanned,
      candidates: sum.candidates + summary.candidates,
      deleted: sum.deleted + summary.deleted,
      failed: sum.failed + summary.failed,
      bytesReclaimed: sum.bytesReclaimed + summary.bytesReclaimed,
      blocked: sum.blocked + (summary.blocked ? 1 : 0),
    }),
    { scanned: 0, candidates: 0, deleted: 0, failed: 0, bytesReclaimed: 0, blocked: 0 },
  );
  const report: GcRunReport = {
    dryRun,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(clock.now()).toISOString(),
    clusters: scans.map((scan) => ({ cluster: scan.cluster, complete: scan.complete, uses: scan.uses.length, failures: scan.failures })),
    repositories: summaries,
    skippedRepositories: selection.skipped,
    notReached,
    plans,
    totals,
  };
  if (deps.notifier) await deps.notifier.notify(gcNotification(report, region));
  return report;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

/** The notification of a run: counts per repository, and what needs attention (scan failures, caps, failures). */
function gcNotification(report: GcRunReport, region: string): Report {
  const unscanned = report.clusters.filter((cluster) => !cluster.complete);
  const severity: Severity = report.totals.failed > 0 || unscanned.length > 0 ? "error" : report.totals.blocked > 0 || report.notReached.length > 0 ? "warning" : report.dryRun ? "info" : "success";
  const verb = report.dryRun ? "would delete" : "deleted";
  return {
    kind: "image-gc",
    severity,
    title: `Image GC ${report.dryRun ? "plan" : "run"}: ${verb} ${report.dryRun ? report.totals.candidates : report.totals.deleted} image(s)${report.dryRun ? "" : `, ${megabytes(report.totals.bytesReclaimed)} reclaimed`}`,
    summary: `${report.repositories.length} repositories, ${report.totals.scanned} images scanned across ${report.clusters.length} cluster(s)${report.dryRun ? " (dry run: deletion is not enabled)" : ""}.`,
    region,
    facts: [
      { label: "Mode", value: report.dryRun ? "dry run" : "delete" },
      { label: "Candidates", value: String(report.totals.candidates) },
      { label: "Deleted", value: String(report.totals.deleted) },
      { label: "Failed", value: String(report.totals.failed) },
      { label: "Blocked repositories", value: String(report.totals.blocked) },
    ],
    sections: [
      { title: "Clusters that could not be scanned (their repositories were left alone)", items: unscanned.map((cluster) => `${cluster.cluster}: ${cluster.failures.join("; ")}`) },
      { title: "Repositories left alone", items: report.repositories.filter((repository) => repository.blocked).map((repository) => `${repository.repository}: ${repository.blocked}`) },
      { title: "Not reached before the run's time limit (the next run starts with them)", items: report.notReached },
      {
        title: "Per repository",
        items: report.repositories.map((repository) => `${repository.repository}: ${repository.scanned} scanned, ${repository.candidates} candidates, ${repository.deleted} deleted, ${repository.failed} failed, protected ${Object.entries(repository.protectedByReason).map(([reason, count]) => `${reason} ${count}`).join(", ") || "none"}`),
      },
    ].filter((section) => section.items.length > 0),
    nextSteps: [
      ...(unscanned.length > 0 ? ["Give Caretaker's reader group list access in the clusters that could not be scanned (caretaker bootstrap --cluster NAME)"] : []),
      ...(report.notReached.length > 0 ? ["The registry takes longer than one run: schedule runs more often, or split it with gc.repositories.include"] : []),
    ],
    fingerprint: `image-gc/${region}/${report.startedAt}`,
    occurredAt: new Date(report.finishedAt),
  };
}

export { gcNotification, runGc };
export type { GcDeps, GcRunOptions, GcRunReport };
