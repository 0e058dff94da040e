import { type InUseScan, InUseSet, unscannedCluster } from "@caretaker/core/image-gc/in-use";
import type { InventoryImage, RepositoryInventory } from "@caretaker/core/image-gc/inventory";
import { applyCaps, type GcCaps, type GcRules, planRepository, type RepositoryPlan } from "@caretaker/core/image-gc/plan";
import { parseLifecyclePolicy } from "@caretaker/core/image-gc/policy";
import { parseImageReference } from "@caretaker/core/image-gc/references";
import { SeededRandom } from "@caretaker/sandbox";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";

const REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const NOW = new Date("2026-11-21T00:00:00Z");
const DAY = 86_400_000;
const repoOf = (name: string) => ({ registryId: "111122223333", region: "eu-west-1", name });
/** A real-looking digest for a readable name (references must carry 64 hex digits to parse). */
const d = (name: string) => `sha256:${createHash("sha256").update(name).digest("hex")}`;

function image(digest: string, days: number, extra: Partial<InventoryImage> = {}): InventoryImage {
  return { digest, tags: [], pushedAt: new Date(NOW.getTime() - days * DAY), sizeBytes: 1000, status: "ACTIVE", kind: "image", children: [], parents: [], referrers: [], ...extra };
}

function inventory(name: string, images: InventoryImage[], complete = true): RepositoryInventory {
  const byDigest = new Map(images.map((i) => [i.digest, i]));
  for (const i of images) for (const child of i.children) byDigest.get(child)?.parents.push(i.digest);
  for (const i of images) if (i.subject) byDigest.get(i.subject)?.referrers.push(i.digest);
  return { repository: name, images, complete, problems: complete ? [] : ["cannot read index"], calls: 1 };
}

/** A cluster scan that uses the given references (`repo:tag` or `repo@digest`). */
function scan(cluster: string, refs: string[], complete = true): InUseScan {
  return {
    cluster,
    startedAt: NOW.toISOString(),
    uses: refs.map((ref, i) => ({ ref: parseImageReference(`${REGISTRY}/${ref}`) as NonNullable<ReturnType<typeof parseImageReference>>, raw: ref, source: `${cluster}/default/Pod/p${i}`, field: "spec" as const })),
    unreadable: [],
    counts: { Pod: refs.length, Deployment: 0, ReplicaSet: 0, StatefulSet: 0, ControllerRevision: 0, DaemonSet: 0, Job: 0, CronJob: 0 },
    complete,
    failures: complete ? [] : ["denied"],
  };
}

const deleted = (plan: RepositoryPlan) => plan.decisions.filter((d) => d.action === "delete").map((d) => d.digest).sort();
const reasonOf = (plan: RepositoryPlan, digest: string) => plan.decisions.find((d) => d.digest === digest)?.reasons;

describe("planRepository", () => {
  it("keeps the N newest, deletes the rest, and never an image a cluster uses by digest", async () => {
    const inv = inventory("app", [image(d("a"), 1), image(d("b"), 2), image(d("c"), 3), image(d("d"), 4)]);
    const plan = planRepository({ repository: repoOf("app"), inventory: inv, rules: { keepNewest: 1 }, inUse: InUseSet.fromScans([scan("prod", [`app@${d("c")}`])]), now: NOW });
    expect(deleted(plan)).toEqual([d("b"), d("d")].sort());
    expect(reasonOf(plan, d("a"))).toEqual(["keep-n"]);
    expect(reasonOf(plan, d("c"))).toEqual(["in-use:prod/default/Pod/p0"]);
  });

  it("deletes nothing when there are fewer images than keep-N", () => {
    const plan = planRepository({ repository: repoOf("app"), inventory: inventory("app", [image(d("a"), 10), image(d("b"), 20)]), rules: { keepNewest: 5 }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([]);
  });

  it("decides per digest: an image tagged latest and v1 is protected by either tag", () => {
    const inv = inventory("app", [image(d("new"), 1, { tags: ["v2"] }), image(d("old"), 30, { tags: ["latest", "v1"] })]);
    const plan = planRepository({ repository: repoOf("app"), inventory: inv, rules: { keepNewest: 1, protectedTags: ["latest"] }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([]);
    expect(reasonOf(plan, d("old"))).toEqual(["protected-tag:latest"]);
  });

  it("protects the digest a tag points to now, and pods still running an old digest by imageID", () => {
    const inv = inventory("app", [image(d("moved-to"), 1, { tags: ["stable"] }), image(d("was-stable"), 10), image(d("unused"), 20)]);
    const plan = planRepository({ repository: repoOf("app"), inventory: inv, rules: { keepNewest: 0 }, inUse: InUseSet.fromScans([scan("prod", ["app:stable", `app@${d("was-stable")}`])]), now: NOW });
    expect(deleted(plan)).toEqual([d("unused")]);
  });

  it("deletes an index with its children, keeps children a kept index shares, and follows subjects with referrers", () => {
    const inv = inventory("app", [
      image(d("idx-old"), 30, { kind: "index", children: [d("c1"), d("shared")] }),
      image(d("idx-new"), 1, { kind: "index", children: [d("c2"), d("shared")], tags: ["v2"] }),
      image(d("c1"), 30),
      image(d("c2"), 1),
      image(d("shared"), 30),
      image(d("sig-old"), 30, { kind: "artifact", subject: d("idx-old") }),
      image(d("sig-new"), 1, { kind: "artifact", subject: d("idx-new") }),
    ]);
    const plan = planRepository({ repository: repoOf("app"), inventory: inv, rules: { keepNewest: 1 }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([d("c1"), d("idx-old"), d("sig-old")].sort());
    expect(reasonOf(plan, d("shared"))).toEqual([`child-of:${d("idx-new")}`]);
    expect(reasonOf(plan, d("sig-new"))).toEqual([`referrer-of:${d("idx-new")}`]);
  });

  it("applies an ECR lifecycle policy, under Caretaker's guards", () => {
    const policy = parseLifecyclePolicy({ rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }, action: { type: "expire" } }] });
    const inv = inventory("app", [image(d("tagged"), 30, { tags: ["v1"] }), image(d("untagged-old"), 30), image(d("untagged-new"), 3), image(d("pulled"), 30, { lastPulledAt: new Date(NOW.getTime() - DAY) })]);
    const plan = planRepository({ repository: repoOf("app"), inventory: inv, rules: { lifecyclePolicy: policy, lastPullGuardDays: 14 }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([d("untagged-old")]);
    expect(reasonOf(plan, d("untagged-old"))).toEqual(["lifecycle-rule:1"]);
    expect(reasonOf(plan, d("pulled"))).toEqual(["recently-pulled"]);
  });

  it("blocks the repository when a cluster could not be scanned, or the inventory is incomplete", () => {
    const images = [image(d("a"), 30), image(d("b"), 40)];
    const unscanned = planRepository({ repository: repoOf("app"), inventory: inventory("app", images), rules: { keepNewest: 0 }, inUse: InUseSet.fromScans([scan("prod", []), unscannedCluster("staging", "unreachable")]), now: NOW });
    expect(unscanned.blocked).toBe("cluster(s) staging could not be scanned, and may use this repository");
    const incomplete = planRepository({ repository: repoOf("app"), inventory: inventory("app", images, false), rules: { keepNewest: 0 }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(incomplete.blocked).toMatch(/^the inventory is incomplete/);
  });

  it("deletes nothing without rules", () => {
    const plan = planRepository({ repository: repoOf("app"), inventory: inventory("app", [image(d("a"), 999)]), rules: {}, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([]);
  });
});

describe("applyCaps", () => {
  const plan = (name: string, deletions: number, total: number): RepositoryPlan => ({
    repository: name,
    decisions: Array.from({ length: total }, (_, i) => ({ digest: `sha256:${i}`, tags: [], kind: "image", sizeBytes: 1, action: i < deletions ? "delete" : "keep", reasons: [] })),
  });

  it("blocks a whole repository over a cap instead of deleting part of it", () => {
    const [a, b, c, d] = applyCaps([plan("a", 150, 400), plan("b", 30, 40), plan("c", 50, 200), plan("d", 60, 200)], { perRun: 100, perRepository: 120, maxFraction: 0.5 });
    expect(a?.blocked).toBe("cap exceeded: 150 deletions planned, at most 120 per repository");
    expect(b?.blocked).toBe("cap exceeded: 30 of 40 images (75 %) planned, at most 50 % of a repository");
    expect(c?.blocked).toBeUndefined();
    expect(d?.blocked).toBe("run cap reached: 60 deletions planned, 50 left of 100 for this run");
  });
});

describe("safety property (seeded, 1000 generated registries)", () => {
  it("never deletes an in-use digest, a child of a kept index, a referrer of a kept subject, nor beyond a cap", () => {
    const random = new SeededRandom(20261121);
    // The property must be exercised, not vacuous: count deletions and in-use protections seen.
    let totalDeleted = 0;
    let inUseProtected = 0;
    for (let registry = 0; registry < 1000; registry++) {
      const plans: RepositoryPlan[] = [];
      const inventories = new Map<string, RepositoryInventory>();
      const scans: InUseScan[] = [scan("prod", []), scan("staging", [])];
      for (let r = 0; r < random.int(1, 3); r++) {
        const name = `repo-${r}`;
        const images: InventoryImage[] = [];
        const count = random.int(0, 25);
        for (let i = 0; i < count; i++) images.push(image(d(`${name}-${i}`), random.int(0, 120), { tags: random.chance(0.5) ? [`v${random.int(0, 6)}`] : [] }));
        // Indexes over random (possibly shared) children, and referrers on random subjects.
        const singles = images.filter((i) => i.tags.length === 0);
        for (let x = 0; x < random.int(0, 3) && singles.length > 1; x++) {
          const children = [random.pick(singles).digest, random.pick(singles).digest].filter((d, i, all) => all.indexOf(d) === i);
          images.push(image(d(`${name}-idx${x}`), random.int(0, 120), { kind: "index", children, tags: random.chance(0.5) ? [`v${random.int(0, 6)}`] : [] }));
        }
        for (let s = 0; s < random.int(0, 3) && images.length > 0; s++) images.push(image(d(`${name}-sig${s}`), random.int(0, 120), { kind: "artifact", subject: random.pick(images).digest }));
        // Tags moved between digests: the same tag may sit on several generated images; keep it on one only.
        const seen = new Set<string>();
        for (const i of images) i.tags = i.tags.filter((tag) => (seen.has(tag) ? false : (seen.add(tag), true)));
        const inv = inventory(name, images, random.chance(0.95));
        inventories.set(name, inv);
        for (const s of scans) for (const i of images) if (random.chance(0.1)) s.uses.push(...scan(s.cluster, [random.chance(0.5) || i.tags.length === 0 ? `${name}@${i.digest}` : `${name}:${i.tags[0]}`]).uses);
      }
      if (random.chance(0.05)) scans.push(unscannedCluster("dev", "timeout"));
      const inUse = InUseSet.fromScans(scans);
      const rules: GcRules = { keepNewest: random.int(0, 5), ...(random.chance(0.5) ? { minAgeDays: random.int(0, 60) } : {}), ...(random.chance(0.3) ? { protectedTags: ["v1"] } : {}) };
      for (const [name, inv] of inventories) plans.push(planRepository({ repository: repoOf(name), inventory: inv, rules, inUse, now: NOW }));
      const caps: GcCaps = { perRun: random.int(0, 40), perRepository: random.int(0, 30), maxFraction: random.next() };
      const capped = applyCaps(plans, caps);
      let runTotal = 0;
      for (const plan of capped) {
        const inv = inventories.get(plan.repository) as RepositoryInventory;
        const byDigest = new Map(inv.images.map((i) => [i.digest, i]));
        const effective = plan.blocked ? [] : plan.decisions.filter((d) => d.action === "delete");
        const gone = new Set(effective.map((d) => d.digest));
        runTotal += effective.length;
        totalDeleted += effective.length;
        inUseProtected += plan.decisions.filter((decision) => decision.reasons.some((reason) => reason.startsWith("in-use:"))).length;
        expect(effective.length).toBeLessThanOrEqual(caps.perRepository);
        expect(effective.length).toBeLessThanOrEqual(caps.maxFraction * plan.decisions.length);
        for (const decision of effective) {
          const img = byDigest.get(decision.digest) as InventoryImage;
          expect(inUse.protects(repoOf(plan.repository), { digest: img.digest, tags: img.tags })).toEqual([]);
          for (const parent of img.parents) expect(gone.has(parent)).toBe(true);
          if (img.subject && byDigest.has(img.subject)) expect(gone.has(img.subject)).toBe(true);
        }
        if (inUse.unknownFor(repoOf(plan.repository)).length > 0 || !inv.complete) expect(effective).toEqual([]);
      }
      expect(runTotal).toBeLessThanOrEqual(caps.perRun);
    }
    expect(totalDeleted).toBeGreaterThan(500);
    expect(inUseProtected).toBeGreaterThan(500);
  });
});

describe("nested indexes", () => {
  it("deletes the children of a deleted inner index, whatever the digest order", () => {
    const outer = image(d("a-outer"), 30, { kind: "index", children: [d("z-inner")] });
    const inner = image(d("z-inner"), 30, { kind: "index", children: [d("0-leaf")] });
    const leaf = image(d("0-leaf"), 30);
    const plan = planRepository({ repository: repoOf("app"), inventory: inventory("app", [leaf, inner, outer]), rules: { keepNewest: 0, minAgeDays: 0 }, inUse: InUseSet.fromScans([]), now: NOW });
    expect(deleted(plan)).toEqual([d("a-outer"), d("z-inner"), d("0-leaf")].sort());
  });
});
