import { ECRClient } from "@aws-sdk/client-ecr";
import { EKSClient } from "@aws-sdk/client-eks";
import { SNSClient } from "@aws-sdk/client-sns";
import { READER_GROUP } from "@caretaker/core/access";
import { createClusterConnector } from "@caretaker/core/eks";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import { gcConfig, type GcConfigInput, runGc } from "@caretaker/core/image-gc/run";
import { createNotifier } from "@caretaker/core/notify";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it } from "vitest";
import { clockOf } from "../drain/harness";

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
});

const CARETAKER = "arn:aws:iam::111122223333:role/caretaker-functions";

/** The demo account, with the GC's reader access in prod-eu, and optionally in staging-eu too. */
async function start(options: { stagingReadable?: boolean } = {}) {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  const clusters = (spec.clusters ?? []).map((cluster) => ({
    ...cluster,
    eks: { ...cluster.eks, accessEntries: cluster.name === "prod-eu" || options.stagingReadable !== false ? [{ principalArn: CARETAKER, kubernetesGroups: [READER_GROUP] }] : [] },
    objects: [...(cluster.objects ?? []), ...(imageScannerRbac() as never[])],
  }));
  sandbox = await createSandboxAccount({ ...spec, clusters });
  restore = sandbox.useCaretakerCredentials();
  const clock = clockOf(sandbox.clock);
  const connector = createClusterConnector({ eks: new EKSClient({}), now: () => sandbox?.clock.now() as Date });
  const deps = {
    ecr: new ECRClient({}),
    eks: new EKSClient({}),
    connect: (name: string) => connector.connect(name),
    clock,
    notifier: createNotifier({ sns: new SNSClient({}), topicArn: "arn:aws:sns:eu-west-1:111122223333:caretaker-alerts" }),
  };
  return { sb: sandbox, deps };
}

/** Every digest the clusters' pods run, by repository (from their imageIDs). */
function runningDigests(sb: SandboxAccount): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const cluster of Object.values(sb.clusters)) {
    for (const pod of cluster.list("v1", "Pod")) {
      for (const status of ((pod.status as { containerStatuses?: Array<{ imageID: string }> }).containerStatuses ?? [])) {
        const match = /^111122223333\.dkr\.ecr\.eu-west-1\.amazonaws\.com\/([^@]+)@(sha256:[0-9a-f]{64})$/.exec(status.imageID);
        if (match && match[1]) pairs.push([match[1], match[2] as string]);
      }
    }
  }
  return pairs;
}

describe("image GC run on the sandbox", () => {
  it("selects nothing without a rule: the age guard alone is no reason to delete", async () => {
    const { deps } = await start();
    const report = await runGc(deps, gcConfig());
    expect(report.totals.scanned).toBeGreaterThan(0);
    expect(report.totals.candidates).toBe(0);
    const byAge = await runGc(deps, gcConfig({ rules: { keepNewest: 0, minAgeDays: 30 } }));
    expect(byAge.totals.candidates).toBeGreaterThan(0);
  });

  it("plans by default (deletion off): candidates reported, nothing deleted", async () => {
    const { sb, deps } = await start();
    const report = await runGc(deps, gcConfig({ rules: { keepNewest: 2, minAgeDays: 0 } }));
    expect(report.dryRun).toBe(true);
    expect(report.totals.candidates).toBeGreaterThan(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    expect(sb.aws.sns.published().find((message) => message.subject)?.subject).toMatch(/Image GC plan: would delete \d+ image/);
  });

  it("deletes only what no cluster uses, keeping every digest a pod runs and the multi-arch children of kept indexes", async () => {
    const { sb, deps } = await start();
    const before = runningDigests(sb);
    expect(before.length).toBeGreaterThan(5);
    const report = await runGc(deps, gcConfig({ enabled: true, rules: { keepNewest: 1, minAgeDays: 0 } }));
    expect(report.dryRun).toBe(false);
    expect(report.totals.deleted).toBeGreaterThan(0);
    expect(report.totals.failed).toBe(0);
    for (const [repository, digest] of before) expect(sb.aws.ecr.exists(repository, digest)).toBe(true);
    const web = report.plans.find((plan) => plan.repository === "shop/web");
    for (const decision of web?.decisions ?? []) {
      if (decision.action === "keep" && decision.kind === "index") {
        // Children of a kept index survive.
        const index = sb.aws.ecr.images("shop/web").find((image) => image.digest === decision.digest);
        for (const child of index?.children ?? []) expect(sb.aws.ecr.exists("shop/web", child)).toBe(true);
      }
    }
    expect(report.skippedRepositories).toContainEqual({ repository: "docker-hub/library/nginx", reason: "pull-through cache (docker-hub/)" });
  });

  it("deletes nothing when a cluster cannot be scanned, and says which", async () => {
    const { sb, deps } = await start({ stagingReadable: false });
    const report = await runGc(deps, gcConfig({ enabled: true, rules: { keepNewest: 1, minAgeDays: 0 } }));
    expect(report.clusters.find((cluster) => cluster.cluster === "staging-eu")?.complete).toBe(false);
    expect(report.totals.deleted).toBe(0);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    expect(report.repositories.every((repository) => repository.blocked?.includes("staging-eu"))).toBe(true);
    expect(sb.aws.sns.published().find((message) => message.subject)?.message).toContain("staging-eu");
  });

  describe("a registry larger than one run", () => {
    const MANAGED = ["payments/ledger", "shop/api", "shop/reports", "shop/web", "shop/worker"];
    const config = gcConfig({ enabled: true, rules: { keepNewest: 1, minAgeDays: 0 } });
    /** Time left for the first `groups` checks, then none: the run is over budget after that many groups. */
    const budgetFor = (groups: number) => {
      let asked = 0;
      return () => (asked++ < groups ? 60_000 : 0);
    };
    function memoryCursor(start?: string) {
      const saved: Array<string | undefined> = [];
      let position = start;
      return { saved, cursor: { load: async () => position, save: async (next: string | undefined) => void saved.push((position = next)) } };
    }

    it("stops starting repositories when time runs out, touching none of the rest, and says so", async () => {
      const { sb, deps } = await start();
      const before = Object.fromEntries(MANAGED.map((name) => [name, sb.aws.ecr.images(name).length]));
      const { saved, cursor } = memoryCursor();
      const report = await runGc(deps, config, { timeLeftMs: budgetFor(1), cursor });
      // One group of four repositories ran; the fifth was neither inventoried nor collected.
      expect(report.repositories.map((repository) => repository.repository)).toEqual(MANAGED.slice(0, 4));
      expect(report.notReached).toEqual(["shop/worker"]);
      expect(sb.aws.ecr.images("shop/worker")).toHaveLength(before["shop/worker"] as number);
      expect(sb.aws.calls.filter("ecr:DescribeImages").filter((call) => (call.input as { repositoryName?: string }).repositoryName === "shop/worker").length).toBe(0);
      expect(report.totals.deleted).toBeGreaterThan(0);
      expect(saved).toEqual(["shop/worker"]);
      const message = sb.aws.sns.published().find((published) => published.attributes.format === "email");
      expect(message?.attributes.severity).toBe("warning");
      expect(message?.message).toContain("Not reached before the run's time limit");
    });

    it("the next run starts where the last one stopped, so every repository is reached", async () => {
      const { deps } = await start();
      const { saved, cursor } = memoryCursor("shop/web");
      const report = await runGc(deps, config, { timeLeftMs: budgetFor(1), cursor });
      expect(report.repositories.map((repository) => repository.repository)).toEqual(["shop/web", "shop/worker", "payments/ledger", "shop/api"]);
      expect(report.notReached).toEqual(["shop/reports"]);
      const last = await runGc(deps, config, { timeLeftMs: budgetFor(5), cursor });
      expect(last.repositories.map((repository) => repository.repository)).toEqual(["shop/reports", "shop/web", "shop/worker", "payments/ledger", "shop/api"]);
      expect(last.notReached).toEqual([]);
      // A complete run starts the next from the beginning.
      expect(saved).toEqual(["shop/reports", undefined]);
    });

    it("with no time at all it deletes nothing and reports every repository as not reached", async () => {
      const { sb, deps } = await start();
      const report = await runGc(deps, config, { timeLeftMs: () => 0 });
      expect(report.notReached).toEqual(MANAGED);
      expect(report.totals.deleted).toBe(0);
      expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    });
  });
});

describe("image GC configuration", () => {
  it.each<[GcConfigInput, RegExp]>([
    [{ enabled: true, rules: { keepNewest: 1 }, caps: { perRun: 0 } }, /a cap of 0 with deletion enabled/],
    [{ enabled: true }, /no rule selects images/],
    [{ rules: { lifecyclePolicy: "{ not json" } }, /lifecyclePolicy/],
    [{ rules: { lifecyclePolicy: { rules: [{ rulePriority: 1, selection: { tagStatus: "tagged", tagPrefixList: ["v"], tagPatternList: ["v*"], countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } }] } } }, /tagPrefixList and tagPatternList/],
    [{ rules: { lifecyclePolicy: { rules: [{ rulePriority: 1, selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } }, { rulePriority: 2, selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } }] } } }, /any/],
    [{ surprise: true } as GcConfigInput, /surprise/],
  ])("refuses %j with a message naming the problem", (input, problem) => {
    expect(() => gcConfig(input)).toThrow(problem);
    expect(() => gcConfig(input)).toThrow(/Nothing was deleted\.$/);
  });
});
