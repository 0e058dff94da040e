import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { READER_GROUP } from "@caretaker/core/access";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import type { GcRunReport } from "@caretaker/core/image-gc/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf } from "../../../test/drain/harness";
import { type CliRun, runCliWithClock } from "./drain-sandbox";

const CARETAKER = "arn:aws:iam::111122223333:role/caretaker-functions";
/** Keeps one image per repository and deletes the rest, whatever their age: plenty of candidates in the demo account. */
const AGGRESSIVE = { rules: { keepNewest: 1, minAgeDays: 0 } };

let sandbox: SandboxAccount | undefined;
let restoreCredentials: (() => void) | undefined;
afterEach(async () => {
  restoreCredentials?.();
  await sandbox?.stop();
  sandbox = undefined;
});

/** The demo account (two clusters, ECR history), with the caller mapped to the reader group and its scanner RBAC. */
async function start(options: { stagingReadable?: boolean } = {}) {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  sandbox = await createSandboxAccount({
    ...spec,
    clusters: (spec.clusters ?? []).map((cluster) => ({
      ...cluster,
      eks: { ...cluster.eks, accessEntries: cluster.name === "staging-eu" && options.stagingReadable === false ? [] : [{ principalArn: CARETAKER, kubernetesGroups: [READER_GROUP] }] },
      objects: [...(cluster.objects ?? []), ...(imageScannerRbac() as never[])],
    })),
  });
  restoreCredentials = sandbox.useCaretakerCredentials();
  return sandbox;
}

/** A --config file with these contents (text as is, anything else as JSON). */
function configFile(contents: unknown): string {
  const file = join(mkdtempSync(join(tmpdir(), "caretaker-gc-")), "gc.json");
  writeFileSync(file, typeof contents === "string" ? contents : JSON.stringify(contents));
  return file;
}

const run = (sb: SandboxAccount, argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> => runCliWithClock(argv, { env, clock: clockOf(sb.clock) });

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

/** The table row of one repository, split on the column gaps. */
function row(stdout: string, repository: string): string[] | undefined {
  return stdout
    .split("\n")
    .find((line) => line.startsWith(`${repository} `))
    ?.split(/ {3,}/);
}

describe("caretaker gc plan", () => {
  it("prints one row per managed repository with why images are kept, and deletes nothing", async () => {
    // Prepare
    const sb = await start();
    // Act
    const { code, stdout, stderr } = await run(sb, ["gc", "plan", "--config", configFile(AGGRESSIVE)]);
    // Assess
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toMatch(/^REPOSITORY\s+SCANNED\s+PROTECTED\s+CANDIDATES\s+DELETED\s+FAILED\s+RECLAIMED\s+NOTE$/);
    const web = row(stdout, "shop/web");
    expect(web?.[2]).toMatch(/in-use \d+/);
    expect(Number(web?.[3])).toBeGreaterThan(0);
    expect(web?.[4]).toBe("0");
    expect(web?.[6]).toMatch(/^\(\d+\.\d MB\)$/);
    expect(stdout).toMatch(/^TOTAL\s+\d+\s+\d+\s+0\s+0\s+\(/m);
    expect(stderr).toMatch(/plan only: \d+ image\(s\) would be deleted; nothing was deleted \(gc plan never deletes; gc run --apply does\)/);
    expect(stderr).toContain("not managed: docker-hub/library/nginx (pull-through cache (docker-hub/))");
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("lists every image with its decision and reason with --details", async () => {
    // Prepare
    const sb = await start();
    const [repository, digest] = runningDigests(sb).find(([name]) => name === "shop/web") as [string, string];
    // Act
    const { code, stdout } = await run(sb, ["gc", "plan", "--config", configFile(AGGRESSIVE), "--details"]);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^REPOSITORY\s+DIGEST\s+TAGS\s+KIND\s+SIZE\s+DECISION\s+REASON$/m);
    expect(stdout).toMatch(new RegExp(`^${repository}\\s+${digest.slice(0, 19)}\\s+\\S+\\s+\\S+\\s+.+?\\s+keep\\s+in-use:prod-eu/shop/`, "m"));
    expect(stdout).toMatch(/^shop\/web\s+sha256:[0-9a-f]{12}\s+<untagged>\s+image\s+45\.0 MB\s+delete\s+beyond-keep-n:1$/m);
  });

  it("prints the whole run report with --json", async () => {
    const sb = await start();
    const { code, stdout } = await run(sb, ["gc", "plan", "--config", configFile(AGGRESSIVE), "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as GcRunReport;
    expect(report.dryRun).toBe(true);
    expect(report.totals.candidates).toBeGreaterThan(0);
    expect(report.plans.map((plan) => plan.repository)).toEqual(report.repositories.map((repository) => repository.repository));
  });

  it("plans with the settings' own deletion switch on: only gc run --apply deletes", async () => {
    const sb = await start();
    const { code } = await run(sb, ["gc", "plan", "--config", configFile({ ...AGGRESSIVE, enabled: true })]);
    expect(code).toBe(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });
});

describe("caretaker gc run", () => {
  it("deletes with --apply what no cluster uses, keeping every digest a pod runs", async () => {
    // Prepare
    const sb = await start();
    const running = runningDigests(sb);
    // Act
    const { code, stdout, stderr } = await run(sb, ["gc", "run", "--apply", "--config", configFile(AGGRESSIVE)]);
    // Assess
    expect(code).toBe(0);
    expect(stderr).toMatch(/deleted \d+ image\(s\), [\d.]+ [kMG]B reclaimed/);
    const web = row(stdout, "shop/web");
    expect(Number(web?.[4])).toBe(sb.aws.ecr.deletedDigests("shop/web").length);
    expect(Number(web?.[4])).toBeGreaterThan(0);
    expect(web?.[6]).toMatch(/^\d+\.\d MB$/);
    for (const [repository, digest] of running) expect(sb.aws.ecr.exists(repository, digest)).toBe(true);
  });

  it("only plans without --apply, and says how to delete", async () => {
    const sb = await start();
    const { code, stderr } = await run(sb, ["gc", "run", "--config", configFile(AGGRESSIVE)]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/plan only: \d+ image\(s\) would be deleted; nothing was deleted \(pass --apply to delete\)/);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("exits 1 and names the cluster it could not scan, deleting nothing", async () => {
    // Prepare
    const sb = await start({ stagingReadable: false });
    // Act
    const { code, stdout, stderr } = await run(sb, ["gc", "run", "--apply", "--config", configFile(AGGRESSIVE)]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toMatch(/^cluster staging-eu could not be scanned, so nothing it may use was deleted: Cluster "staging-eu" rejected Caretaker's credentials .+ \(and \d+ more failure\(s\), see --json\)$/m);
    expect(row(stdout, "shop/web")?.[7]).toMatch(/^left alone: cluster\(s\) staging-eu could not be scanned/);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("scans only the clusters named with --cluster, and warns that others no longer protect their images", async () => {
    // Prepare: staging-eu would refuse the scan; it is not asked.
    const sb = await start({ stagingReadable: false });
    // Act
    const { code, stdout, stderr } = await run(sb, ["gc", "run", "--apply", "--config", configFile(AGGRESSIVE), "--cluster", "prod-eu", "--json"]);
    // Assess
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as GcRunReport).clusters.map((cluster) => cluster.cluster)).toEqual(["prod-eu"]);
    expect(stderr).toContain("only cluster(s) prod-eu protect images in this run: an image that only another cluster uses may be deleted");
    expect(sb.aws.calls.count("eks:ListClusters")).toBe(0);
    expect(sb.cluster("staging-eu").requests).toEqual([]);
  });

  it("exits 1 when a cap leaves repositories alone, and says why in NOTE", async () => {
    const sb = await start();
    const { code, stdout, stderr } = await run(sb, ["gc", "run", "--apply", "--config", configFile({ ...AGGRESSIVE, caps: { perRepository: 1 } })]);
    expect(code).toBe(1);
    expect(row(stdout, "shop/web")?.[7]).toMatch(/^left alone: cap exceeded: \d+ deletions planned, at most 1 per repository$/);
    expect(stderr).toMatch(/\d+ repositories were left alone this run \(see NOTE\)/);
  });

  it("exits 3 when AWS refuses before there is a report", async () => {
    const sb = await start();
    sb.aws.faults.failNext("ecr:DescribeRepositories", () => Object.assign(new Error("User is not authorized to perform: ecr:DescribeRepositories"), { name: "AccessDeniedException", $fault: "client" }));
    const { code, stderr } = await run(sb, ["gc", "plan", "--config", configFile(AGGRESSIVE)]);
    expect(code).toBe(3);
    expect(stderr).toContain("not authorized to perform: ecr:DescribeRepositories");
  });
});

describe("caretaker gc usage errors", () => {
  it.each<[string, (file: (contents: unknown) => string) => string[], RegExp]>([
    ["a missing --config file", () => ["gc", "plan", "--config", "/nonexistent/gc.json"], /cannot read --config \/nonexistent\/gc\.json: no such file/],
    ["a --config file that is not JSON", (file) => ["gc", "plan", "--config", file("{ rules:")], /is not valid JSON/],
    ["an unknown setting", (file) => ["gc", "plan", "--config", file({ rules: { keepNewst: 1 } })], /Invalid image GC configuration: .*keepNewst/],
    ["--apply with no rule that selects images", (file) => ["gc", "run", "--apply", "--config", file({ rules: { minAgeDays: 3 } })], /no rule selects images/],
    ["a bad cluster name", () => ["gc", "plan", "--cluster", "not a cluster"], /--cluster "not a cluster" is not an EKS cluster name/],
    ["--remote with a local configuration", (file) => ["gc", "plan", "--remote", "--function", "f", "--config", file(AGGRESSIVE)], /--remote runs with the deployed configuration/],
    ["--function without --remote", () => ["gc", "plan", "--function", "f"], /--function names the deployed function for --remote/],
    ["--apply on gc plan", () => ["gc", "plan", "--apply"], /unknown option '--apply'/],
  ])("refuses %s with exit 2, contacting nothing", async (_, argv, problem) => {
    // Prepare
    const sb = await start();
    // Act
    const { code, stderr } = await run(sb, argv(configFile));
    // Assess
    expect(code).toBe(2);
    expect(stderr).toMatch(problem);
    expect(sb.aws.calls.entries).toEqual([]);
  });
});
