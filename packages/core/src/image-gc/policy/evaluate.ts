import { exclusionReason, type PolicyImage, type RankedImage, rank, youngestFirst } from "./image";
import { type Judgement, judgeFor, ruleLabel } from "./judge";
import { type LifecyclePolicy, type LifecycleRule, ruleStorageClass } from "./schema";
import { tagSelector } from "./tag-match";

/**
 * ECR's lifecycle evaluation ([LP] "evaluation rules", image-gc.md §2 and the reference algorithm of §5), as a pure
 * function over plain image records. The key rule is claiming: the first rule (by priority) whose selection — tag
 * status, tag list and storage class — matches an image decides it, whether it marks it or keeps it. Lower rules
 * still *count* claimed images (an imageCountMoreThan rank runs over everything the rule selects) but never decide
 * them. That is what makes AWS's examples come out as documented (§6.2: rule 2 would expire B, "but Image A has
 * already been seen by Rule 1 and if Image B were expired it would violate Rule 1").
 */

interface MarkedImage {
  readonly digest: string;
  readonly rulePriority: number;
  readonly reason: string;
}

interface KeptImage {
  readonly digest: string;
  /** The rule that selected (claimed) the image and kept it; absent when no rule selects it. */
  readonly rulePriority?: number;
  readonly reason: string;
}

/** Every input image is in exactly one list, each list in input order. */
interface PolicyEvaluation {
  /** Deleted by an `expire` rule. */
  readonly expired: MarkedImage[];
  /** Moved to archive by a `transition` rule (not deleted). */
  readonly transitioned: MarkedImage[];
  readonly kept: KeptImage[];
}

interface Verdict {
  readonly rule: LifecycleRule;
  readonly judgement: Judgement;
  /** The first lower-priority rule that would have marked the image, to explain why it was not. */
  overruledBy?: { readonly rule: LifecycleRule; readonly judgement: Judgement };
}

function assertUsable(images: readonly PolicyImage[], now: Date): void {
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new TypeError("evaluateLifecyclePolicy: now must be a valid Date");
  const seen = new Set<string>();
  for (const { digest } of images) {
    // Decisions are per digest; two records for one digest (one per tag, as ListImages returns) would be judged twice.
    if (seen.has(digest)) throw new Error(`evaluateLifecyclePolicy: digest ${digest} is listed twice; pass one record per digest with all of its tags`);
    seen.add(digest);
  }
}

/** One rule over the eligible images (youngest first): claims each image it selects that no earlier rule claimed. */
function applyRule(rule: LifecycleRule, ordered: readonly RankedImage[], verdicts: Map<string, Verdict>, nowMs: number): void {
  const selects = tagSelector(rule.selection);
  const storageClass = ruleStorageClass(rule);
  const judge = judgeFor(rule, nowMs);
  let position = 0;
  for (const candidate of ordered) {
    if (candidate.storageClass !== storageClass || !selects(candidate.image.tags)) continue;
    const judgement = judge(candidate, position++);
    const earlier = verdicts.get(candidate.image.digest);
    if (!earlier) verdicts.set(candidate.image.digest, { rule, judgement });
    else if (judgement.marked && !earlier.overruledBy) earlier.overruledBy = { rule, judgement };
  }
}

function keptReason(verdict: Verdict): string {
  const kept = `${ruleLabel(verdict.rule)} selects it first and keeps it: ${verdict.judgement.detail}`;
  const overruled = verdict.overruledBy;
  if (!overruled) return kept;
  const verb = overruled.rule.action.type === "transition" ? "archive" : "expire";
  return `${kept}; ${ruleLabel(overruled.rule)} would ${verb} it (${overruled.judgement.detail}) but a lower-priority rule cannot act on an image a higher-priority rule selects`;
}

function collect(images: readonly PolicyImage[], excluded: ReadonlyMap<string, string>, verdicts: ReadonlyMap<string, Verdict>): PolicyEvaluation {
  const result: PolicyEvaluation = { expired: [], transitioned: [], kept: [] };
  for (const { digest } of images) {
    const verdict = verdicts.get(digest);
    if (!verdict) {
      result.kept.push({ digest, reason: excluded.get(digest) ?? "no rule selects it" });
    } else if (!verdict.judgement.marked) {
      result.kept.push({ digest, rulePriority: verdict.rule.rulePriority, reason: keptReason(verdict) });
    } else {
      const list = verdict.rule.action.type === "transition" ? result.transitioned : result.expired;
      list.push({ digest, rulePriority: verdict.rule.rulePriority, reason: `${ruleLabel(verdict.rule)}: ${verdict.judgement.detail}` });
    }
  }
  return result;
}

/**
 * What the policy does to these images at `now`: which are expired, which transitioned to archive, which kept, and
 * why. Give one record per digest (indexes once; their children with `childOf`, which are then neither selected nor
 * counted; artifacts are never selected or counted either). The policy must come from parseLifecyclePolicy.
 */
function evaluateLifecyclePolicy(policy: LifecyclePolicy, images: readonly PolicyImage[], now: Date): PolicyEvaluation {
  assertUsable(images, now);
  const excluded = new Map<string, string>();
  const eligible: RankedImage[] = [];
  for (const image of images) {
    const reason = exclusionReason(image);
    if (reason === undefined) eligible.push(rank(image));
    else excluded.set(image.digest, reason);
  }
  // Sorted once: every rule walks the same youngest-first order, so no rule needs its own sort (O(R·N) after this).
  eligible.sort(youngestFirst);
  const verdicts = new Map<string, Verdict>();
  const rules = [...policy.rules].sort((a, b) => a.rulePriority - b.rulePriority);
  for (const rule of rules) applyRule(rule, eligible, verdicts, now.getTime());
  return collect(images, excluded, verdicts);
}

export { evaluateLifecyclePolicy };
export type { KeptImage, MarkedImage, PolicyEvaluation };
