import { READER_GROUP } from "@caretaker/core/access";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import type { GcRunReport } from "@caretaker/core/image-gc/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fitResponse, type GcResponse, handler, timeReserveMs } from "../../functions/image-gc";
import { clusters } from "../../functions/lib/clients";
import { resetGcDeps } from "../../functions/lib/gc-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { clockOf } from "../drain/harness";
import { lambdaContext } from "../helpers/lambda-context";

const CARETAKER = "arn:aws:iam::111122223333:role/caretaker-functions";
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts";
/** Keeps one image per repository and deletes the rest, whatever their age: plenty of candidates in the demo account. */
const AGGRESSIVE = { rules: { keepNewest: 1, minAgeDays: 0 } };

let sandbox: SandboxAccount | undefined;
let restoreCredentials: (() => void) | undefined;

afterEach(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
  sandbox = undefined;
  clusters.forget("prod-eu");
  clusters.forget("staging-eu");
  resetGcDeps();
});

/** The demo account with the GC role mapped to the reader group, whose image-scanner RBAC each cluster has. */
async function start(config: object | string | undefined) {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  sandbox = await createSandboxAccount({
    ...spec,
    clusters: (spec.clusters ?? []).map((cluster) => ({
      ...cluster,
      eks: { ...cluster.eks, accessEntries: [{ principalArn: CARETAKER, kubernetesGroups: [READER_GROUP] }] },
      objects: [...(cluster.objects ?? []), ...(imageScannerRbac() as never[])],
    })),
  });
  restoreCredentials = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_TOPIC_ARN", TOPIC);
  if (config !== undefined) vi.stubEnv("CARETAKER_GC_CONFIG", typeof config === "string" ? config : JSON.stringify(config));
  return sandbox;
}

/** Every (repository, digest) the clusters' pods run, from their containers' imageIDs. */
function runningDigests(sb: SandboxAccount): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const cluster of Object.values(sb.clusters)) {
    for (const pod of cluster.list("v1", "Pod")) {
      for (const status of (pod.status as { containerStatuses?: Array<{ imageID: string }> }).containerStatuses ?? []) {
        const match = /^111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/([^@]+)@(sha256:[0-9a-f]{64})$/.exec(status.imageID);
        if (match?.[1] && match[2]) pairs.push([match[1], match[2]]);
      }
    }
  }
  return pairs;
}

const invoke = (payload: unknown) => handler(payload, lambdaContext("caretaker-image-gc", 900_000)) as Promise<GcResponse>;
const subjectOf = (sb: SandboxAccount) => sb.aws.sns.published().find((message) => message.subject)?.subject;

describe("image GC function (schedule)", () => {
  it("only plans while the configuration leaves deletion off (the default)", async () => {
    // Prepare
    const sb = await start(AGGRESSIVE);
    // Act
    const report = await invoke({ source: "schedule" });
    // Assess
    expect(report.dryRun).toBe(true);
    expect(report.totals.candidates).toBeGreaterThan(0);
    expect(report.totals.deleted).toBe(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    expect(report.plans?.length).toBe(report.repositories.length);
    expect(subjectOf(sb)).toMatch(/Image GC plan: would delete \d+ image/);
  });

  it("only plans with no configuration at all", async () => {
    const sb = await start(undefined);
    const report = await invoke({ source: "schedule" });
    expect(report).toMatchObject({ dryRun: true, totals: { deleted: 0 } });
    expect(report.totals.scanned).toBeGreaterThan(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("deletes when the configuration enables it, keeping every digest a pod runs", async () => {
    // Prepare
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    const running = runningDigests(sb);
    expect(running.length).toBeGreaterThan(5);
    // Act
    const report = await invoke({ source: "schedule" });
    // Assess
    expect(report.dryRun).toBe(false);
    expect(report.totals.deleted).toBeGreaterThan(0);
    expect(report.totals.failed).toBe(0);
    for (const [repository, digest] of running) expect(sb.aws.ecr.exists(repository, digest)).toBe(true);
    const deletedInWeb = sb.aws.ecr.deletedDigests("shop/web");
    expect(deletedInWeb.length).toBe(report.repositories.find((repository) => repository.repository === "shop/web")?.deleted);
    expect(subjectOf(sb)).toMatch(/Image GC run: deleted \d+ image/);
  });
});

describe("image GC function (time limit)", () => {
  /** A Lambda context with 900 s left until four repositories have been inventoried, then 100 s. */
  const shortOfTime = (sb: SandboxAccount) => {
    const before = sb.aws.calls.count("ecr:DescribeImages");
    return { ...lambdaContext("caretaker-image-gc", 900_000), getRemainingTimeInMillis: () => (sb.aws.calls.count("ecr:DescribeImages") - before >= 4 ? 100_000 : 900_000) };
  };
  const repositoriesOf = (report: GcResponse) => report.repositories.map((repository) => repository.repository);

  it("stops starting repositories before the function times out, reports what it did not reach, and the next scheduled run starts there", async () => {
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    vi.stubEnv("CARETAKER_STATE_TABLE", "caretaker-state");
    // 900 s at the start keeps 180 s back; after the first group of four repositories only 100 s are left.
    const first = (await handler({ source: "schedule" }, shortOfTime(sb))) as GcResponse;
    expect(repositoriesOf(first)).toEqual(["payments/ledger", "shop/api", "shop/reports", "shop/web"]);
    expect(first.notReached).toEqual(["shop/worker"]);
    // A manual run neither uses nor moves the schedule's position…
    const manual = (await handler({ dryRun: true }, shortOfTime(sb))) as GcResponse;
    expect(repositoriesOf(manual)[0]).toBe("payments/ledger");
    // …so the next scheduled run begins with the repository the last one did not reach.
    const next = (await handler({ source: "schedule" }, lambdaContext("caretaker-image-gc", 900_000))) as GcResponse;
    expect(repositoriesOf(next)[0]).toBe("shop/worker");
    expect(next.notReached).toEqual([]);
  });

  it("keeps a fifth of the run, at least a minute, for the last group to finish and the report", () => {
    expect(timeReserveMs(900_000)).toBe(180_000);
    expect(timeReserveMs(120_000)).toBe(60_000);
  });
});

describe("image GC function (manual request)", () => {
  it("plans unless the request says dryRun: false, even with deletion enabled", async () => {
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    const report = await invoke({});
    expect(report.dryRun).toBe(true);
    expect(report.totals.candidates).toBeGreaterThan(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("deletes on dryRun: false when the configuration enables deletion", async () => {
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    const report = await invoke({ dryRun: false });
    expect(report.dryRun).toBe(false);
    expect(report.totals.deleted).toBeGreaterThan(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBeGreaterThan(0);
  });

  it("cannot turn deletion on with dryRun: false: the configuration's enabled switch wins", async () => {
    // Prepare
    const sb = await start(AGGRESSIVE);
    // Act
    const report = await invoke({ dryRun: false });
    // Assess
    expect(report.dryRun).toBe(true);
    expect(report.totals.candidates).toBeGreaterThan(0);
    expect(report.totals.deleted).toBe(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it.each([
    [{ dryRun: "no" }, /dryRun/],
    [{ dryrun: false }, /dryrun/],
    [{ source: "aws.events" }, /source/],
    [{ dryRun: false, force: true }, /force/],
    [[], /payload/],
  ])("refuses the payload %j with a clear error and contacts nothing", async (payload, problem) => {
    // Prepare
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    // Act
    const attempt = invoke(payload);
    // Assess
    await expect(attempt).rejects.toMatchObject({ name: "InvalidInputError", message: expect.stringMatching(problem) });
    expect(sb.aws.calls.entries).toEqual([]);
    for (const cluster of Object.values(sb.clusters)) expect(cluster.requests).toEqual([]);
  });
});

describe("image GC function (configuration)", () => {
  it.each([
    ["{ not json", /^CARETAKER_GC_CONFIG is not valid JSON: .*Nothing was deleted\.$/],
    [{ enabled: true }, /^CARETAKER_GC_CONFIG: Invalid image GC configuration: .*no rule selects images.*Nothing was deleted\.$/],
    [{ rules: { keepNewst: 1 } }, /^CARETAKER_GC_CONFIG: Invalid image GC configuration: .*keepNewst/],
    [{ caps: { maxFraction: 2 } }, /caps\.maxFraction/],
  ])("refuses CARETAKER_GC_CONFIG %j naming the problem, before contacting anything", async (config, problem) => {
    // Prepare
    const sb = await start(config);
    // Act
    const attempt = invoke({ source: "schedule" });
    // Assess
    await expect(attempt).rejects.toThrow(problem);
    expect(sb.aws.calls.entries).toEqual([]);
    expect(sb.aws.sns.published()).toEqual([]);
  });
});

describe("image GC function (response size)", () => {
  /** A real dry run's report, with its plans. */
  async function realReport(): Promise<GcRunReport> {
    await start(AGGRESSIVE);
    return (await invoke({})) as GcRunReport;
  }
  const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

  it("returns the whole report, per-image decisions included, when it fits", async () => {
    const report = await realReport();
    expect(fitResponse(report)).toBe(report);
    expect(report.plans.flatMap((plan) => plan.decisions).length).toBeGreaterThan(report.repositories.length);
  });

  it("leaves out the per-image decisions first, and says so", async () => {
    // Prepare
    const report = await realReport();
    const { plans, ...summary } = report;
    const limit = size(summary) + 1_000;
    // Act
    const fitted = fitResponse(report, limit);
    // Assess
    expect(size(fitted)).toBeLessThanOrEqual(limit);
    expect(fitted.plans).toBeUndefined();
    expect(fitted.repositories).toEqual(report.repositories);
    expect(fitted.totals).toEqual(report.totals);
    expect(fitted.omitted).toEqual([expect.stringMatching(new RegExp(`^plans: ${plans.flatMap((plan) => plan.decisions).length} per-image decisions .*caretaker gc plan --details`))]);
  });

  it("keeps totals, clusters and the repositories with something to report when even the summary is too big", async () => {
    // Prepare: room for the totals and about two repository lines.
    const report = await realReport();
    const notable = report.repositories.filter((repository) => repository.candidates > 0);
    const limit = size({ ...report, plans: undefined, repositories: [], skippedRepositories: [] }) + 600;
    // Act
    const fitted = fitResponse(report, limit);
    // Assess
    expect(size(fitted)).toBeLessThanOrEqual(limit);
    expect(fitted.totals).toEqual(report.totals);
    expect(fitted.clusters).toEqual(report.clusters);
    expect(fitted.repositories.length).toBeGreaterThan(0);
    expect(fitted.repositories).toEqual(notable.slice(0, fitted.repositories.length));
    expect(fitted.omitted).toContainEqual(`repositories: ${report.repositories.length - fitted.repositories.length} of ${report.repositories.length} (quiet ones first; the totals still count them)`);
  });
});
