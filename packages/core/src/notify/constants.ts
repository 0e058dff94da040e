/**
 * Limits and defaults of the notifier, in one place so the numbers behind every truncation rule can be checked
 * against the SNS and Chatbot documentation (see /work/shared/reference/notifications.md §1 and §3).
 */

/** SNS rejects a `Message` above 256 KiB; the limit is in UTF-8 bytes, not characters. */
const MESSAGE_MAX_BYTES = 262_144;

/**
 * SNS `Subject`: "less than 100 characters". The older SDK doc strings also require ASCII text that begins with a
 * letter, number or punctuation mark; we satisfy both rules.
 */
const SUBJECT_MAX_CHARS = 99;

/** Chat is read on a phone: a few items per list, then a count of the rest. */
const DEFAULT_CHAT_ITEMS_PER_SECTION = 10;

/**
 * Per-field caps, in UTF-16 code units. They bound the part of a message that is not a list (title, summary, facts,
 * next steps, related resources), so the fixed part can never crowd out the lists or exceed the size limit. Worst
 * case for the Chatbot JSON, where one code unit costs at most 5 bytes (`&` escapes to `&amp;`): title 2×250 +
 * summary 3,000 + facts 23×(60+500) + next steps 10×500 ≈ 21.4k units ≈ 107 KB, plus related resources 20×512 units
 * at ≤ 3 bytes ≈ 31 KB: under 145 KB, which leaves more than 110 KB for the lists.
 */
const TITLE_MAX_CHARS = 250;
const SUMMARY_MAX_CHARS = 3_000;
/** Cluster, account and region: EKS cluster names are at most 100 characters. */
const CONTEXT_VALUE_MAX_CHARS = 128;
const FACTS_MAX = 20;
const FACT_LABEL_MAX_CHARS = 60;
const FACT_VALUE_MAX_CHARS = 500;
const NEXT_STEPS_MAX = 10;
const NEXT_STEP_MAX_CHARS = 500;
const SECTION_TITLE_MAX_CHARS = 200;
/** Room for `namespace/pod-name` (63 + 1 + 253) plus a short reason. */
const CHAT_ITEM_MAX_CHARS = 320;
const EMAIL_ITEM_MAX_CHARS = 1_000;
/** ARNs are usually well under 512 characters; longer ones are clipped with an ellipsis. */
const RELATED_RESOURCE_MAX_CHARS = 512;
/** `metadata.relatedResources` is a plain list without room for a count line; the hidden count goes to additionalContext. */
const CHAT_RELATED_RESOURCES_MAX = 20;
/** The fingerprint travels as the Chatbot `id` and as a message attribute on every publish; keep it a short key. */
const FINGERPRINT_MAX_CHARS = 256;

export {
  CHAT_ITEM_MAX_CHARS,
  CHAT_RELATED_RESOURCES_MAX,
  CONTEXT_VALUE_MAX_CHARS,
  DEFAULT_CHAT_ITEMS_PER_SECTION,
  EMAIL_ITEM_MAX_CHARS,
  FACTS_MAX,
  FACT_LABEL_MAX_CHARS,
  FACT_VALUE_MAX_CHARS,
  FINGERPRINT_MAX_CHARS,
  MESSAGE_MAX_BYTES,
  NEXT_STEPS_MAX,
  NEXT_STEP_MAX_CHARS,
  RELATED_RESOURCE_MAX_CHARS,
  SECTION_TITLE_MAX_CHARS,
  SUBJECT_MAX_CHARS,
  SUMMARY_MAX_CHARS,
  TITLE_MAX_CHARS,
};
