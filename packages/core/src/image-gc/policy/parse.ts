import { InvalidLifecyclePolicyError } from "./errors";
import { check } from "./issues";
import { type IndexedRule, policyProblems } from "./policy-checks";
import { ruleProblems } from "./rule-checks";
import { type LifecyclePolicy, MAX_POLICY_CHARACTERS, PolicyEnvelopeSchema, RuleSchema } from "./schema";

const ENVELOPE_KEYS = Object.keys(PolicyEnvelopeSchema.shape);
const RULE_KEYS: Record<string, readonly string[]> = {
  "": Object.keys(RuleSchema.shape),
  selection: Object.keys(RuleSchema.shape.selection.shape),
  action: Object.keys(RuleSchema.shape.action.shape),
};

/**
 * Reads the text a team would give `aws ecr put-lifecycle-policy`. An object is serialised first, so it is judged
 * exactly as ECR would receive it (undefined fields vanish, the length limit counts the JSON).
 */
function readJson(input: string | object): { text: string; data: unknown } {
  const text = typeof input === "string" ? input : JSON.stringify(input);
  try {
    return { text, data: JSON.parse(text) };
  } catch (error) {
    throw new InvalidLifecyclePolicyError([`policy is not valid JSON: ${(error as Error).message}`]);
  }
}

/**
 * Validates an ECR lifecycle policy with ECR's rules (image-gc.md §1) and returns it unchanged, or throws
 * InvalidLifecyclePolicyError listing every problem. Each rule is checked on its own, then every rule whose shape
 * is right is checked against the others, so one malformed rule does not hide the problems of the rest.
 */
function parseLifecyclePolicy(input: string | object): LifecyclePolicy {
  const { text, data } = readJson(input);
  const problems: string[] = [];
  if (text.length > MAX_POLICY_CHARACTERS) problems.push(`policy: is ${text.length} characters long; ECR accepts at most ${MAX_POLICY_CHARACTERS}`);

  const envelope = check(PolicyEnvelopeSchema, data, [], () => ENVELOPE_KEYS);
  if (!envelope.ok) throw new InvalidLifecyclePolicyError([...problems, ...envelope.problems]);

  const rules: IndexedRule[] = [];
  envelope.data.rules.forEach((raw, index) => {
    const parsed = check(RuleSchema, raw, ["rules", index], (path) => RULE_KEYS[String(path[0] ?? "")] ?? []);
    if (!parsed.ok) return void problems.push(...parsed.problems);
    problems.push(...ruleProblems(parsed.data, `rules[${index}]`));
    rules.push({ rule: parsed.data, index });
  });
  problems.push(...policyProblems(rules));

  if (problems.length > 0) throw new InvalidLifecyclePolicyError(problems);
  return { rules: rules.map((item) => item.rule) };
}

export { parseLifecyclePolicy };
