/**
 * A lifecycle policy ECR would refuse (or that this evaluator cannot honour faithfully). Every problem found is
 * listed, each naming the field ("rules[1].selection: tagPrefixList and tagPatternList cannot both be set"), so a
 * team fixes its policy in one pass instead of one error at a time.
 */
class InvalidLifecyclePolicyError extends Error {
  override readonly name = "InvalidLifecyclePolicyError";
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid ECR lifecycle policy: ${problems.join("; ")}`);
    this.problems = problems;
  }
}

export { InvalidLifecyclePolicyError };
