import { z } from "zod";

/**
 * The shape of an ECR lifecycle policy, field by field (image-gc.md §1.1–§1.2, the [LPE] template). Rules that tie
 * fields together (tagged ⇒ a tag list, countUnit only with since*, …) live in rule-checks.ts and policy-checks.ts,
 * so that each problem gets its own sentence instead of a union-mismatch message.
 */

/** [LPP]: "There is a maximum limit of four wildcards (*) per string." */
const MAX_WILDCARDS_PER_PATTERN = 4;

/** Service quota and the `lifecyclePolicyText` length limit of the ECR API (§1.3). */
const MAX_POLICY_CHARACTERS = 30_720;

const TAG_STATUSES = ["tagged", "untagged", "any"] as const;
const STORAGE_CLASSES = ["standard", "archive"] as const;
const COUNT_TYPES = ["imageCountMoreThan", "sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"] as const;
const AGE_COUNT_TYPES: readonly string[] = ["sinceImagePushed", "sinceImagePulled", "sinceImageTransitioned"];
const ACTION_TYPES = ["expire", "transition"] as const;

const wildcards = (pattern: string): number => pattern.split("*").length - 1;

const TagPattern = z
  .string()
  .min(1)
  .refine((pattern) => wildcards(pattern) <= MAX_WILDCARDS_PER_PATTERN, {
    error: (issue) => `has ${wildcards(String(issue.input))} wildcards (*); ECR allows at most ${MAX_WILDCARDS_PER_PATTERN} per pattern`,
  });

// A prefix is literal: "*" has no special meaning in tagPrefixList, so a prefix containing it matches nothing.
const TagPrefix = z.string().min(1);

const nonEmptyList = <T extends z.ZodType>(item: T) => z.array(item).min(1, { error: "must list at least one entry" });

const SelectionSchema = z.strictObject({
  tagStatus: z.enum(TAG_STATUSES),
  tagPatternList: nonEmptyList(TagPattern).optional(),
  tagPrefixList: nonEmptyList(TagPrefix).optional(),
  storageClass: z.enum(STORAGE_CLASSES).optional(),
  countType: z.enum(COUNT_TYPES),
  countUnit: z.enum(["days"]).optional(),
  countNumber: z.int().min(1, { error: "must be a positive integer (0 is not accepted)" }),
});

const ActionSchema = z.strictObject({
  type: z.enum(ACTION_TYPES),
  targetStorageClass: z.enum(["archive"]).optional(),
});

const RuleSchema = z.strictObject({
  rulePriority: z.int().min(1, { error: "must be a positive integer" }),
  description: z.string().optional(),
  selection: SelectionSchema,
  action: ActionSchema,
});

/** Only the envelope: each rule is parsed on its own so that one bad rule does not hide the others' problems. */
const PolicyEnvelopeSchema = z.strictObject({
  rules: z.array(z.unknown()).min(1, { error: "must contain at least one rule" }),
});

type TagStatus = (typeof TAG_STATUSES)[number];
type StorageClass = (typeof STORAGE_CLASSES)[number];
type CountType = (typeof COUNT_TYPES)[number];
type ActionType = (typeof ACTION_TYPES)[number];
type RuleSelection = z.output<typeof SelectionSchema>;
type RuleAction = z.output<typeof ActionSchema>;
type LifecycleRule = z.output<typeof RuleSchema>;

/** [LPP]: "If omitted, standard is used" — the storage class whose images a rule selects. */
const ruleStorageClass = (rule: LifecycleRule): StorageClass => rule.selection.storageClass ?? "standard";

/** A validated policy, as written (rules in their original order; nothing defaulted). */
interface LifecyclePolicy {
  readonly rules: readonly LifecycleRule[];
}

export {
  ACTION_TYPES,
  AGE_COUNT_TYPES,
  COUNT_TYPES,
  MAX_POLICY_CHARACTERS,
  MAX_WILDCARDS_PER_PATTERN,
  PolicyEnvelopeSchema,
  RuleSchema,
  ruleStorageClass,
  STORAGE_CLASSES,
  TAG_STATUSES,
};
export type { ActionType, CountType, LifecyclePolicy, LifecycleRule, RuleAction, RuleSelection, StorageClass, TagStatus };
