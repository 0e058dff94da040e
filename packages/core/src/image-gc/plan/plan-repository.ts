import type { InUseSet } from "../in-use/in-use-set";
import type { InventoryImage, RepositoryInventory } from "../inventory/inventory";
import { evaluateLifecyclePolicy } from "../policy/evaluate";
import type { PolicyImage } from "../policy/image";
import type { LifecyclePolicy } from "../policy/schema";
import { wildcardMatcher } from "../policy/tag-match";
import type { EcrRepository } from "../references/ecr";

/** Caretaker's selection rules; with none set (and no lifecycle policy), nothing is a candidate. */
interface GcRules {
  /** An ECR lifecycle policy: images it expires become candidates (Caretaker's guards still apply). */
  lifecyclePolicy?: LifecyclePolicy;
  /** Keep the N most recently pushed images (indexes count once; children and referrers do not count). */
  keepNewest?: number;
  /** Never delete an image pushed less than this many days ago. */
  minAgeDays?: number;
  /** Never delete an image pulled less than this many days ago (ECR records pulls with ~24 h granularity). */
  lastPullGuardDays?: number;
  /** Tag globs (`*`) that protect every image carrying a matching tag. */
  protectedTags?: string[];
}

type Action = "delete" | "keep";

interface ImageDecision {
  digest: string;
  tags: string[];
  kind: InventoryImage["kind"];
  sizeBytes: number;
  action: Action;
  /** Why: `in-use:<cluster>/<ns>/<Kind>/<name>`, `protected-tag:<glob>`, `keep-n`, `too-young`, `recently-pulled`, `child-of:<index>`, `referrer-of:<subject>`, `lifecycle-rule:<priority>`, … */
  reasons: string[];
}

interface RepositoryPlan {
  repository: string;
  decisions: ImageDecision[];
  /** Set when nothing may be deleted in this repository this run, and why. */
  blocked?: string;
}

const DAY_MS = 86_400_000;
const isTopLevel = (image: InventoryImage) => (image.kind === "image" || image.kind === "index") && image.parents.length === 0;

/** Which top-level images the rules would delete, each with its rule reason; everything else with why not. */
function selectByRules(images: InventoryImage[], rules: GcRules, now: Date): Map<string, { delete: boolean; reason: string }> {
  const verdicts = new Map<string, { delete: boolean; reason: string }>();
  const topLevel = images.filter(isTopLevel).sort((a, b) => b.pushedAt.getTime() - a.pushedAt.getTime() || (a.digest < b.digest ? -1 : 1));
  if (rules.lifecyclePolicy) {
    const policyImages: PolicyImage[] = topLevel.map((image) => ({
      digest: image.digest,
      tags: image.tags,
      pushedAt: image.pushedAt,
      ...(image.lastPulledAt ? { lastPulledAt: image.lastPulledAt } : {}),
      status: image.status as PolicyImage["status"],
      kind: image.kind === "index" ? "index" : "image",
    }));
    const evaluation = evaluateLifecyclePolicy(rules.lifecyclePolicy, policyImages, now);
    for (const expired of evaluation.expired) verdicts.set(expired.digest, { delete: true, reason: `lifecycle-rule:${expired.rulePriority}` });
    for (const kept of [...evaluation.kept, ...evaluation.transitioned]) verdicts.set(kept.digest, { delete: false, reason: "kept-by-lifecycle-policy" });
  } else if (rules.keepNewest !== undefined || rules.minAgeDays !== undefined || rules.lastPullGuardDays !== undefined) {
    topLevel.forEach((image, rank) => {
      if (rules.keepNewest !== undefined && rank < rules.keepNewest) verdicts.set(image.digest, { delete: false, reason: "keep-n" });
      else verdicts.set(image.digest, { delete: true, reason: rules.keepNewest !== undefined ? `beyond-keep-n:${rules.keepNewest}` : "older-than-guards" });
    });
  }
  for (const image of topLevel) {
    if (!verdicts.get(image.digest)?.delete) continue;
    if (rules.minAgeDays !== undefined && now.getTime() - image.pushedAt.getTime() < rules.minAgeDays * DAY_MS) verdicts.set(image.digest, { delete: false, reason: "too-young" });
    else if (rules.lastPullGuardDays !== undefined && image.lastPulledAt && now.getTime() - image.lastPulledAt.getTime() < rules.lastPullGuardDays * DAY_MS) verdicts.set(image.digest, { delete: false, reason: "recently-pulled" });
  }
  return verdicts;
}

/**
 * Decides every image of one repository, per digest. Protection always wins over rules: in use by any scanned
 * cluster, a protected tag, an archived or unknown image. Closures: an index decides its children (a child shared
 * by several indexes goes only when all of them go, and is kept if it is protected itself), a referrer follows its
 * subject. A repository whose inventory is incomplete, or that a cluster we could not scan may use, is blocked.
 */
function planRepository(input: { repository: EcrRepository; inventory: RepositoryInventory; rules: GcRules; inUse: InUseSet; now: Date }): RepositoryPlan {
  const { repository, inventory, rules, inUse, now } = input;
  const images = inventory.images;
  const byDigest = new Map(images.map((image) => [image.digest, image]));
  const protectedTag = (rules.protectedTags ?? []).map((pattern) => ({ pattern, matches: wildcardMatcher(pattern) }));
  const ruleVerdicts = selectByRules(images, rules, now);

  const protections = new Map<string, string[]>();
  for (const image of images) {
    const reasons = [...inUse.protects(repository, { digest: image.digest, tags: image.tags })];
    for (const { pattern, matches } of protectedTag) if (image.tags.some((tag) => matches(tag))) reasons.push(`protected-tag:${pattern}`);
    if (image.status !== "ACTIVE") reasons.push(`status:${image.status.toLowerCase()}`);
    if (image.kind === "unknown") reasons.push("unknown-media-type");
    protections.set(image.digest, reasons);
  }

  // Top level first, then what follows from it.
  const deleting = new Set<string>();
  const reasons = new Map<string, string[]>();
  for (const image of images.filter(isTopLevel)) {
    const protection = protections.get(image.digest) ?? [];
    const verdict = ruleVerdicts.get(image.digest);
    if (protection.length > 0) reasons.set(image.digest, protection);
    else if (verdict?.delete) {
      deleting.add(image.digest);
      reasons.set(image.digest, [verdict.reason]);
    } else reasons.set(image.digest, [verdict?.reason ?? "not-selected"]);
  }
  // Children: deleted only with every parent, and never when protected themselves (referenced directly). Indexes
  // can nest, so repeat until nothing changes: a child of a deleted inner index is decided after that index.
  const children = images.filter((candidate) => candidate.parents.length > 0);
  for (let changed = true; changed; ) {
    changed = false;
    for (const image of children) {
      if (deleting.has(image.digest)) continue;
      const keptParents = image.parents.filter((parent) => !deleting.has(parent));
      const protection = protections.get(image.digest) ?? [];
      if (keptParents.length === 0 && protection.length === 0) {
        deleting.add(image.digest);
        reasons.set(image.digest, image.parents.map((parent) => `child-of-deleted:${parent}`));
        changed = true;
      } else reasons.set(image.digest, [...protection, ...keptParents.map((parent) => `child-of:${parent}`)]);
    }
  }
  // Referrers follow their subject; an orphaned referrer (subject gone) goes when it is old enough.
  for (const image of images.filter((candidate) => candidate.kind === "artifact")) {
    const protection = protections.get(image.digest) ?? [];
    const subject = image.subject ? byDigest.get(image.subject) : undefined;
    if (protection.length > 0) reasons.set(image.digest, protection);
    else if (subject && !deleting.has(subject.digest)) reasons.set(image.digest, [`referrer-of:${subject.digest}`]);
    else if (!subject && rules.minAgeDays !== undefined && now.getTime() - image.pushedAt.getTime() < rules.minAgeDays * DAY_MS) reasons.set(image.digest, ["too-young"]);
    else if (!subject && !(rules.keepNewest !== undefined || rules.minAgeDays !== undefined || rules.lifecyclePolicy)) reasons.set(image.digest, ["not-selected"]);
    else {
      deleting.add(image.digest);
      reasons.set(image.digest, [subject ? `referrer-of-deleted:${subject.digest}` : "orphaned-referrer"]);
    }
  }

  const decisions: ImageDecision[] = images.map((image) => ({
    digest: image.digest,
    tags: image.tags,
    kind: image.kind,
    sizeBytes: image.sizeBytes,
    action: deleting.has(image.digest) ? "delete" : "keep",
    reasons: reasons.get(image.digest) ?? ["not-selected"],
  }));
  const unknown = inUse.unknownFor(repository);
  const blocked = !inventory.complete
    ? `the inventory is incomplete: ${inventory.problems.join("; ")}`
    : unknown.length > 0
      ? `cluster(s) ${unknown.join(", ")} could not be scanned, and may use this repository`
      : undefined;
  return { repository: repository.name, decisions, ...(blocked ? { blocked } : {}) };
}

export { planRepository };
export type { Action, GcRules, ImageDecision, RepositoryPlan };
