import { type LifecycleRule, ruleStorageClass, type StorageClass } from "./schema";

/**
 * Constraints between rules ([LPP], [LP] "evaluation rules", image-gc.md §1.2–§1.3). ECR scopes the last three to
 * "rules selecting a specific storage class": the documented "Combining archive and expire rules" example has an
 * `any` rule at priority 1 (standard) and another at priority 2 (archive), which only works if each storage class
 * is checked on its own.
 */

interface IndexedRule {
  readonly rule: LifecycleRule;
  /** Position in the policy's rules array, for messages. */
  readonly index: number;
}

const at = (item: IndexedRule): string => `rules[${item.index}]`;

function duplicatePriorityProblems(rules: readonly IndexedRule[]): string[] {
  const firstWith = new Map<number, IndexedRule>();
  const problems: string[] = [];
  for (const item of rules) {
    const first = firstWith.get(item.rule.rulePriority);
    if (first) problems.push(`${at(item)}: rulePriority ${item.rule.rulePriority} is already used by ${at(first)}; priorities must be unique`);
    else firstWith.set(item.rule.rulePriority, item);
  }
  return problems;
}

/** [LPP]: "A rule with a tagStatus value of any must have the highest value for rulePriority and be evaluated last." */
function anyLastProblems(sameClass: readonly IndexedRule[], storageClass: StorageClass): string[] {
  const last = sameClass.reduce((latest, item) => (item.rule.rulePriority > latest.rule.rulePriority ? item : latest));
  return sameClass
    .filter((item) => item.rule.selection.tagStatus === "any" && item.rule.rulePriority < last.rule.rulePriority)
    .map((item) => `${at(item)}: a tagStatus "any" rule must have the highest rulePriority among ${storageClass}-storage rules (it has ${item.rule.rulePriority}, ${at(last)} has ${last.rule.rulePriority})`);
}

/** [LP]: "Only one rule selecting a specific storage class is allowed to select untagged images." */
function untaggedOnceProblems(sameClass: readonly IndexedRule[], storageClass: StorageClass): string[] {
  const untagged = sameClass.filter((item) => item.rule.selection.tagStatus === "untagged");
  const [first, ...others] = untagged;
  return first ? others.map((item) => `${at(item)}: only one ${storageClass}-storage rule may have tagStatus "untagged" (${at(first)} already does)`) : [];
}

/**
 * [LP]: "The set of all rules selecting a specific storage class must contain a unique set of prefixes." Read as:
 * no two rules of a storage class may list the same set of prefixes (order and repeats ignored). The narrowest
 * reading, so that policies ECR accepts are not refused here; the second such rule could never mark an image anyway.
 */
function uniquePrefixProblems(sameClass: readonly IndexedRule[]): string[] {
  const firstWith = new Map<string, IndexedRule>();
  const problems: string[] = [];
  for (const item of sameClass) {
    const prefixes = item.rule.selection.tagPrefixList;
    if (!prefixes) continue;
    const key = JSON.stringify([...new Set(prefixes)].sort());
    const first = firstWith.get(key);
    if (first) problems.push(`${at(item)}.selection.tagPrefixList: lists the same prefixes as ${at(first)}; each rule of a storage class needs a unique set of prefixes`);
    else firstWith.set(key, item);
  }
  return problems;
}

/** Every problem between rules; `rules` are the rules that parsed, with their positions. */
function policyProblems(rules: readonly IndexedRule[]): string[] {
  const problems = duplicatePriorityProblems(rules);
  for (const storageClass of ["standard", "archive"] as const) {
    const sameClass = rules.filter((item) => ruleStorageClass(item.rule) === storageClass);
    if (sameClass.length === 0) continue;
    problems.push(...anyLastProblems(sameClass, storageClass), ...untaggedOnceProblems(sameClass, storageClass), ...uniquePrefixProblems(sameClass));
  }
  return problems;
}

export { policyProblems };
export type { IndexedRule };
