import { AGE_COUNT_TYPES, type LifecycleRule } from "./schema";

/**
 * Constraints inside one rule that tie fields together ([LPP] field table and [LPE], image-gc.md §1.2–§1.3). Each
 * returns its problem as "rules[i].selection: …" so the caller can list them all.
 */

/** [LPP]: an image must stay in archive 90 days before a lifecycle policy may delete it. */
const MIN_ARCHIVE_DAYS = 90;

const joined = (values: readonly string[]): string => values.join(", ");

function tagListProblems(rule: LifecycleRule, at: string): string[] {
  const { tagStatus, tagPatternList, tagPrefixList } = rule.selection;
  if (tagPatternList && tagPrefixList) return [`${at}.selection: tagPrefixList and tagPatternList cannot both be set`];
  const list = tagPatternList ? "tagPatternList" : tagPrefixList ? "tagPrefixList" : undefined;
  if (tagStatus === "tagged" && !list) return [`${at}.selection: tagStatus "tagged" requires tagPatternList or tagPrefixList`];
  if (tagStatus !== "tagged" && list) return [`${at}.selection: tagStatus "${tagStatus}" must not have ${list} (tag lists are only for "tagged")`];
  return [];
}

function countUnitProblems(rule: LifecycleRule, at: string): string[] {
  const { countType, countUnit } = rule.selection;
  const isAge = AGE_COUNT_TYPES.includes(countType);
  if (isAge && countUnit === undefined) return [`${at}.selection: countType "${countType}" requires countUnit "days"`];
  if (!isAge && countUnit !== undefined) return [`${at}.selection: countUnit is only allowed with ${joined(AGE_COUNT_TYPES)}, not with "${countType}"`];
  return [];
}

function storageClassProblems(rule: LifecycleRule, at: string): string[] {
  const { countType, storageClass, countNumber } = rule.selection;
  if (countType === "sinceImageTransitioned") {
    // Required, not defaulted: without it the rule would select standard images, which are never "transitioned".
    if (storageClass !== "archive") return [`${at}.selection: countType "sinceImageTransitioned" requires storageClass "archive"`];
    if (countNumber < MIN_ARCHIVE_DAYS) return [`${at}.selection: countNumber ${countNumber} is below ${MIN_ARCHIVE_DAYS}; archived images must stay ${MIN_ARCHIVE_DAYS} days in archive before a lifecycle policy may delete them`];
    return [];
  }
  if (storageClass === "archive") return [`${at}.selection: storageClass "archive" is only allowed with countType "sinceImageTransitioned" (other count types select standard images)`];
  return [];
}

function actionProblems(rule: LifecycleRule, at: string): string[] {
  const { countType } = rule.selection;
  const { type, targetStorageClass } = rule.action;
  const problems: string[] = [];
  if (type === "transition" && targetStorageClass === undefined) problems.push(`${at}.action: type "transition" requires targetStorageClass "archive"`);
  if (type === "expire" && targetStorageClass !== undefined) problems.push(`${at}.action: targetStorageClass is only allowed with type "transition"`);
  // [LPE]: sinceImagePulled archives (AWS will not delete by last pull); sinceImageTransitioned deletes from archive.
  if (countType === "sinceImagePulled" && type !== "transition") problems.push(`${at}: countType "sinceImagePulled" can only be used with action type "transition", not "${type}"`);
  if (countType === "sinceImageTransitioned" && type !== "expire") problems.push(`${at}: countType "sinceImageTransitioned" can only be used with action type "expire", not "${type}"`);
  return problems;
}

/** Every cross-field problem of one rule; `at` is its path, e.g. "rules[2]". */
function ruleProblems(rule: LifecycleRule, at: string): string[] {
  return [...tagListProblems(rule, at), ...countUnitProblems(rule, at), ...storageClassProblems(rule, at), ...actionProblems(rule, at)];
}

export { MIN_ARCHIVE_DAYS, ruleProblems };
