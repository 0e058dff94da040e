import { BatchDeleteImageCommand, type BatchDeleteImageRequest, ECRClient } from "@aws-sdk/client-ecr";
import type { Clock } from "@caretaker/core/clock";
import { executePlan } from "@caretaker/core/image-gc/execute";
import { InUseSet } from "@caretaker/core/image-gc/in-use";
import { inventoryRepository } from "@caretaker/core/image-gc/inventory";
import { type GcRules, planRepository, type RepositoryPlan } from "@caretaker/core/image-gc/plan";
import { createSandboxAccount, type SandboxAccount } from "@caretaker/sandbox";
import type { EcrImageSpec } from "@caretaker/sandbox/aws/ecr/spec";
import { afterEach, describe, expect, it } from "vitest";

const START = new Date("2026-11-21T00:00:00Z");
const DAY = 86_400_000;
const REPO = "shop/web";
const daysAgo = (days: number) => new Date(START.getTime() - days * DAY);

let sandbox: SandboxAccount | undefined;
afterEach(async () => {
  await sandbox?.stop();
  sandbox = undefined;
});

/** A sandbox registry with one repository, on a clock fast enough that backoff costs milliseconds. */
async function registry(images: EcrImageSpec[], rateLimits?: Record<string, { perSecond: number }>) {
  sandbox = await createSandboxAccount({ start: START, scale: 10_000, aws: { ecr: { repositories: [{ name: REPO, images }], ...(rateLimits ? { rateLimits } : {}) } } });
  return sandbox;
}

/** Core's Clock over the sandbox clock, recording every backoff the executor asks for. */
function clockOf(sb: SandboxAccount): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  return { sleeps, now: () => sb.clock.nowMs(), sleep: (ms, signal) => (sleeps.push(ms), sb.clock.sleep(ms, signal)) };
}

/** What the run would decide, through the real inventory and planner, with no cluster using anything. */
async function planFor(rules: GcRules): Promise<RepositoryPlan> {
  const inventory = await inventoryRepository(new ECRClient({}), REPO);
  return planRepository({ repository: { registryId: "111122223333", region: "eu-west-1", name: REPO }, inventory, rules, inUse: InUseSet.fromScans([]), now: START });
}

const toDelete = (plan: RepositoryPlan) => plan.decisions.filter((decision) => decision.action === "delete").map((decision) => decision.digest);
const sorted = (digests: string[]) => [...digests].sort();
const deleteRequests = (sb: SandboxAccount, outcome?: "ok" | "error") => sb.aws.calls.filter("ecr:BatchDeleteImage", outcome).map((call) => call.input as BatchDeleteImageRequest);
const images = (count: number, firstDay = 10): EcrImageSpec[] => Array.from({ length: count }, (_, i) => ({ tags: [`build-${i}`], pushedAt: daysAgo(firstDay + i), sizeBytes: 1_000 + i }));

/** A two-platform index with a signature, and a newer one that keepNewest: 1 keeps. */
const SIGNED_MULTI_ARCH: EcrImageSpec[] = [
  { ref: "old", kind: "index", tags: ["v1"], pushedAt: daysAgo(30), children: [{ sizeBytes: 100 }, { sizeBytes: 200 }] },
  { ref: "old-sig", kind: "artifact", subject: "old", pushedAt: daysAgo(30) },
  { ref: "new", kind: "index", tags: ["v2"], pushedAt: daysAgo(1), children: [{}, {}] },
  { kind: "artifact", subject: "new", pushedAt: daysAgo(1) },
];

describe("executePlan: batches and order", () => {
  it("deletes 250 images in three batches of at most 100 digests, never by tag", async () => {
    // Prepare
    const sb = await registry(images(260));
    const plan = await planFor({ keepNewest: 10 });
    const kept = plan.decisions.filter((decision) => decision.action === "keep").map((decision) => decision.digest);

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(sorted(result.deleted.map((entry) => entry.digest))).toEqual(sorted(toDelete(plan)));
    expect(result.deleted).toHaveLength(250);
    expect({ failed: result.failed, skipped: result.skipped, alreadyGone: result.alreadyGone }).toEqual({ failed: [], skipped: [], alreadyGone: [] });
    const requests = deleteRequests(sb);
    expect(requests.map((request) => request.imageIds?.length)).toEqual([100, 100, 50]);
    expect(requests.flatMap((request) => request.imageIds ?? []).every((id) => id.imageTag === undefined && id.imageDigest !== undefined)).toBe(true);
    expect(sb.aws.calls.count("ecr:DescribeImages")).toBe(3 + 1); // one re-check per batch, plus the inventory's page
    expect(result.calls).toBe(6);
    expect(kept.every((digest) => sb.aws.ecr.exists(REPO, digest))).toBe(true);
    const oldest = plan.decisions.find((decision) => decision.tags.includes("build-259"));
    expect(result.deleted.find((entry) => entry.digest === oldest?.digest)?.bytes).toBe(1_259);
  });

  it("deletes a signature, then its index, then the index's children, with no ImageReferencedByManifestList", async () => {
    // Prepare
    const sb = await registry(SIGNED_MULTI_ARCH);
    const plan = await planFor({ keepNewest: 1 });
    const [oldIndex, signature] = [sb.aws.ecr.digestOf(REPO, "old"), sb.aws.ecr.digestOf(REPO, "old-sig")];
    const children = sb.aws.ecr.images(REPO).find((image) => image.digest === oldIndex)?.children ?? [];

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(children).toHaveLength(2);
    expect(result.failed).toEqual([]);
    expect(sb.aws.ecr.deletedDigests(REPO)).toEqual([signature, oldIndex, ...children]);
    expect(deleteRequests(sb).map((request) => request.imageIds?.map((id) => id.imageDigest))).toEqual([[signature], [oldIndex], children]);
    expect(sb.aws.ecr.images(REPO)).toHaveLength(4); // the newer index, its two children and its signature
  });

  it("reports ECR's refusal when a plan wrongly includes a child that a kept index still lists", async () => {
    // Prepare
    const sb = await registry([
      { ref: "shared", pushedAt: daysAgo(30) },
      { ref: "old", kind: "index", tags: ["v1"], pushedAt: daysAgo(30), children: ["shared", {}] },
      { ref: "new", kind: "index", tags: ["v2"], pushedAt: daysAgo(1), children: ["shared", {}] },
    ]);
    const [shared, oldIndex] = [sb.aws.ecr.digestOf(REPO, "shared"), sb.aws.ecr.digestOf(REPO, "old")];
    const planned = await planFor({ keepNewest: 1 });
    const wrong: RepositoryPlan = { ...planned, decisions: planned.decisions.map((decision) => (decision.digest === shared ? { ...decision, action: "delete", reasons: [`child-of-deleted:${oldIndex}`] } : decision)) };

    // Act
    const result = await executePlan(new ECRClient({}), wrong, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(toDelete(planned)).not.toContain(shared); // the planner itself keeps it
    expect(result.failed).toEqual([{ digest: shared, code: "ImageReferencedByManifestList", reason: "kept: still referenced by an image index (manifest list)" }]);
    expect(result.deleted.map((entry) => entry.digest)).not.toContain(shared);
    expect(result.deleted.map((entry) => entry.digest)).toContain(oldIndex);
    expect(sb.aws.ecr.exists(REPO, shared)).toBe(true);
  });
  it("deletes nested indexes level by level: the outer index, then the inner one, then the inner one's children", async () => {
    // Prepare
    const sb = await registry([
      { ref: "outer", kind: "index", tags: ["v1"], pushedAt: daysAgo(30), children: [{ ref: "inner", kind: "index", children: [{ ref: "leaf-1" }, { ref: "leaf-2" }] }, { ref: "leaf-3" }] },
      { kind: "index", tags: ["v2"], pushedAt: daysAgo(1), children: [{}] },
    ]);
    const digests = new Map(["outer", "inner", "leaf-1", "leaf-2", "leaf-3"].map((ref) => [ref, sb.aws.ecr.digestOf(REPO, ref)]));
    const digest = (ref: string) => digests.get(ref) as string;
    const planned = await planFor({ keepNewest: 1 });
    // What a planner that follows the closure to the bottom decides (ours, today, keeps the leaves: see the report).
    const inner = digest("inner");
    const plan: RepositoryPlan = { ...planned, decisions: planned.decisions.map((decision) => ([digest("leaf-1"), digest("leaf-2")].includes(decision.digest) ? { ...decision, action: "delete", reasons: [`child-of-deleted:${inner}`] } : decision)) };

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(result.failed).toEqual([]);
    expect(deleteRequests(sb).map((request) => sorted(request.imageIds?.map((id) => id.imageDigest as string) ?? []))).toEqual([[digest("outer")], sorted([inner, digest("leaf-3")]), sorted([digest("leaf-1"), digest("leaf-2")])]);
    expect(result.deleted).toHaveLength(5);
  });
});

describe("executePlan: the repository changed since planning", () => {
  it("counts an image someone else deleted before the run as already gone, finding it among 100 in a few calls", async () => {
    // Prepare
    const sb = await registry(images(101));
    const plan = await planFor({ keepNewest: 1 });
    const victim = sb.aws.ecr.digestOf(REPO, "build-57");
    await new ECRClient({}).send(new BatchDeleteImageCommand({ repositoryName: REPO, imageIds: [{ imageDigest: victim }] }));
    const describesBefore = sb.aws.calls.count("ecr:DescribeImages");

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(result.alreadyGone).toEqual([victim]);
    expect(result.deleted).toHaveLength(99);
    expect(result.failed).toEqual([]);
    expect(deleteRequests(sb).at(-1)?.imageIds?.map((id) => id.imageDigest)).not.toContain(victim);
    // Halving isolates one missing id among 100 in ≤ 2·⌈log2 100⌉ + 1 calls, not 100.
    expect(sb.aws.calls.count("ecr:DescribeImages") - describesBefore).toBeLessThanOrEqual(15);
  });

  it("reads a partial failures[] answer: ImageNotFound for a digest deleted between re-check and delete is already gone", async () => {
    // Prepare
    const sb = await registry(images(5));
    const plan = await planFor({ keepNewest: 1 });
    const victim = sb.aws.ecr.digestOf(REPO, "build-3");
    const real = new ECRClient({});
    // Someone else's delete lands after our re-check, just before our BatchDeleteImage.
    let raced = false;
    const racing = {
      send: async (command: Parameters<ECRClient["send"]>[0]) => {
        if (command instanceof BatchDeleteImageCommand && !raced) {
          raced = true;
          await real.send(new BatchDeleteImageCommand({ repositoryName: REPO, imageIds: [{ imageDigest: victim }] }));
        }
        return real.send(command as never);
      },
    } as unknown as ECRClient;

    // Act
    const result = await executePlan(racing, plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(deleteRequests(sb).at(-1)?.imageIds).toHaveLength(4); // the victim was requested …
    expect(result.alreadyGone).toEqual([victim]); // … and ECR's ImageNotFound made it already gone, not deleted
    expect(sorted(result.deleted.map((entry) => entry.digest))).toEqual(sorted(toDelete(plan).filter((digest) => digest !== victim)));
    expect(result.failed).toEqual([]);
  });

  it("skips an image re-tagged between planning and execution, and deletes the rest", async () => {
    // Prepare
    const sb = await registry(images(4));
    const plan = await planFor({ keepNewest: 1 });
    const promoted = sb.aws.ecr.digestOf(REPO, "build-2");
    sb.aws.ecr.tag(REPO, promoted, "prod");

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(result.skipped).toEqual([{ digest: promoted, reason: "re-tagged since planning" }]);
    expect(sb.aws.ecr.exists(REPO, promoted)).toBe(true);
    expect(result.deleted).toHaveLength(2);
    expect(deleteRequests(sb).flatMap((request) => request.imageIds ?? []).map((id) => id.imageDigest)).not.toContain(promoted);
  });

  it("keeps the signature and the children of an index re-tagged since planning, without asking ECR to delete them", async () => {
    // Prepare
    const sb = await registry(SIGNED_MULTI_ARCH);
    const plan = await planFor({ keepNewest: 1 });
    const oldIndex = sb.aws.ecr.digestOf(REPO, "old");
    const children = sb.aws.ecr.images(REPO).find((image) => image.digest === oldIndex)?.children ?? [];
    sb.aws.ecr.tag(REPO, oldIndex, "rollback");

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(toDelete(plan)).toHaveLength(4);
    expect(result.skipped).toEqual([
      { digest: sb.aws.ecr.digestOf(REPO, "old-sig"), reason: `subject ${oldIndex} re-tagged since planning` },
      { digest: oldIndex, reason: "re-tagged since planning" },
      ...children.map((digest) => ({ digest, reason: `index ${oldIndex} was not deleted` })),
    ]);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    expect(sb.aws.ecr.deletedDigests(REPO)).toEqual([]);
  });
});

describe("executePlan: throttling and failures", () => {
  it("retries a throttled batch with exponential, jittered backoff on the clock, then deletes it", async () => {
    // Prepare
    const sb = await registry(images(3));
    const plan = await planFor({ keepNewest: 1 });
    sb.aws.faults.throttle("ecr:BatchDeleteImage", { times: 3 });
    const clock = clockOf(sb);

    // Act
    const result = await executePlan(new ECRClient({ maxAttempts: 1 }), plan, { clock, dryRun: false, random: () => 0.5 });

    // Assess
    expect(result.deleted).toHaveLength(2);
    expect(result.failed).toEqual([]);
    expect(sb.aws.calls.filter("ecr:BatchDeleteImage").map((call) => call.outcome)).toEqual(["error", "error", "error", "ok"]);
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]); // half of 1 s, 2 s, 4 s
    expect(sb.aws.calls.count("ecr:DescribeImages") - 1).toBe(4); // re-checked before every attempt
  });

  it("gives up on a batch throttled beyond maxAttempts, reports it failed with the code, and still deletes the other batch", async () => {
    // Prepare
    const sb = await registry(images(151));
    const plan = await planFor({ keepNewest: 1 });
    sb.aws.faults.throttle("ecr:BatchDeleteImage", { times: 3 });

    // Act
    const result = await executePlan(new ECRClient({ maxAttempts: 1 }), plan, { clock: clockOf(sb), dryRun: false, maxAttempts: 3, random: () => 0.1 });

    // Assess
    expect(result.failed).toHaveLength(100);
    expect(new Set(result.failed.map((entry) => entry.code))).toEqual(new Set(["ThrottlingException"]));
    expect(result.failed[0]?.reason).toBe("BatchDeleteImage failed: Rate exceeded (gave up after 3 attempts)");
    expect(result.failed.every((entry) => sb.aws.ecr.exists(REPO, entry.digest))).toBe(true);
    expect(result.deleted).toHaveLength(50);
    expect(result.deleted.every((entry) => !sb.aws.ecr.exists(REPO, entry.digest))).toBe(true);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage", "ok")).toBe(1);
  });

  it("does not retry an error retrying cannot fix, and reports every image of the batch with it", async () => {
    // Prepare
    const sb = await registry(images(3));
    const plan = await planFor({ keepNewest: 1 });
    sb.aws.faults.failNext("ecr:BatchDeleteImage", () => Object.assign(new Error("not authorized to perform ecr:BatchDeleteImage"), { name: "AccessDeniedException", $fault: "client", $metadata: { httpStatusCode: 400 } }));

    // Act
    const result = await executePlan(new ECRClient({ maxAttempts: 1 }), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(result.failed.map((entry) => entry.code)).toEqual(["AccessDeniedException", "AccessDeniedException"]);
    expect(result.failed[0]?.reason).toBe("BatchDeleteImage failed: not authorized to perform ecr:BatchDeleteImage");
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(1);
    expect(result.deleted).toEqual([]);
  });

  it("never reports as deleted an id BatchDeleteImage's answer neither lists nor refuses", async () => {
    // Prepare
    const sb = await registry(images(3));
    const plan = await planFor({ keepNewest: 1 });
    const real = new ECRClient({});
    const [first, second] = toDelete(plan) as [string, string];
    // An answer that drops one id entirely (cloudstructs #276: requested ≠ deleted).
    const lossy = {
      send: async (command: Parameters<ECRClient["send"]>[0]) => {
        if (!(command instanceof BatchDeleteImageCommand)) return real.send(command as never);
        await real.send(new BatchDeleteImageCommand({ repositoryName: REPO, imageIds: [{ imageDigest: first }] }));
        return { imageIds: [{ imageDigest: first }], failures: [], $metadata: {} };
      },
    } as unknown as ECRClient;

    // Act
    const result = await executePlan(lossy, plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(result.deleted.map((entry) => entry.digest)).toEqual([first]);
    expect(result.failed).toEqual([{ digest: second, code: "Unconfirmed", reason: "BatchDeleteImage reported neither a deletion nor a failure for it" }]);
  });
});

describe("executePlan: dry run and blocked plans", () => {
  it("makes no call in a dry run, and lists what would be deleted in the order it would be", async () => {
    // Prepare
    const sb = await registry(SIGNED_MULTI_ARCH);
    const plan = await planFor({ keepNewest: 1 });
    const callsBefore = sb.aws.calls.count("ecr");
    const oldIndex = sb.aws.ecr.digestOf(REPO, "old");
    const children = sb.aws.ecr.images(REPO).find((image) => image.digest === oldIndex)?.children ?? [];

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: true });

    // Assess
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
    expect(sb.aws.calls.count("ecr")).toBe(callsBefore);
    expect(result).toMatchObject({ dryRun: true, calls: 0, failed: [], skipped: [], alreadyGone: [] });
    expect(result.deleted).toEqual([
      { digest: sb.aws.ecr.digestOf(REPO, "old-sig"), bytes: expect.any(Number) },
      { digest: oldIndex, bytes: 200 },
      { digest: children[0], bytes: 100 },
      { digest: children[1], bytes: 200 },
    ]);
    expect(sb.aws.ecr.images(REPO)).toHaveLength(8);
  });

  it("does nothing for a blocked plan, and says why", async () => {
    // Prepare
    const sb = await registry(images(3));
    const plan: RepositoryPlan = { ...(await planFor({ keepNewest: 0 })), blocked: "cluster(s) prod could not be scanned, and may use this repository" };

    // Act
    const result = await executePlan(new ECRClient({}), plan, { clock: clockOf(sb), dryRun: false });

    // Assess
    expect(toDelete(plan)).toHaveLength(3);
    expect(result).toEqual({ repository: REPO, dryRun: false, blocked: plan.blocked, deleted: [], failed: [], skipped: [], alreadyGone: [], calls: 0 });
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });
});
