export { InvalidLifecyclePolicyError } from "./errors";
export { evaluateLifecyclePolicy } from "./evaluate";
export type { KeptImage, MarkedImage, PolicyEvaluation } from "./evaluate";
export type { ImageKind, ImageStatus, PolicyImage } from "./image";
export { parseLifecyclePolicy } from "./parse";
export { MIN_ARCHIVE_DAYS } from "./rule-checks";
export { MAX_POLICY_CHARACTERS, MAX_WILDCARDS_PER_PATTERN } from "./schema";
export type { ActionType, CountType, LifecyclePolicy, LifecycleRule, RuleAction, RuleSelection, StorageClass, TagStatus } from "./schema";
export { wildcardMatcher } from "./tag-match";
