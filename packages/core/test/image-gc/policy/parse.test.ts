import { describe, expect, it } from "vitest";
import { InvalidLifecyclePolicyError, MAX_POLICY_CHARACTERS, parseLifecyclePolicy } from "../../../src/image-gc/policy";
import { problemsOf } from "./fixtures";

type Json = Record<string, unknown>;

/** A valid rule, with the selection and action fields overridden (undefined removes a field). */
function rule(priority: number, selection: Json = {}, action: Json = {}, extra: Json = {}): Json {
  return {
    rulePriority: priority,
    selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1, ...selection },
    action: { type: "expire", ...action },
    ...extra,
  };
}

const refused = (...rules: Json[]) => problemsOf(() => parseLifecyclePolicy({ rules }));

const SELECTION_FIELDS = "tagStatus, tagPatternList, tagPrefixList, storageClass, countType, countUnit, countNumber";

describe("parseLifecyclePolicy", () => {
  describe("accepts", () => {
    it("a policy given as text or as an object, returning it unchanged", () => {
      // Prepare
      const policy = { rules: [rule(1, { tagStatus: "tagged", tagPrefixList: ["v"] }, {}, { description: "keep 1 release" }), rule(2)] };

      // Act
      const fromText = parseLifecyclePolicy(JSON.stringify(policy));
      const fromObject = parseLifecyclePolicy(policy);

      // Assess
      expect(fromText).toEqual(policy);
      expect(fromObject).toEqual(policy);
    });

    it("priorities that are not sequential", () => {
      // Act
      const parsed = parseLifecyclePolicy({ rules: [rule(10, { tagStatus: "tagged", tagPatternList: ["v*"] }), rule(990)] });

      // Assess
      expect(parsed.rules.map((item) => item.rulePriority)).toEqual([10, 990]);
    });

    it("AWS's valid wildcard example, four wildcards per pattern", () => {
      // Act
      const parsed = parseLifecyclePolicy({ rules: [rule(1, { tagStatus: "tagged", tagPatternList: ["*test*1*2*3", "test*1*2*3*"] })] });

      // Assess
      expect(parsed.rules[0]?.selection.tagPatternList).toEqual(["*test*1*2*3", "test*1*2*3*"]);
    });

    it("a prefix rule and a pattern rule in the same policy", () => {
      // Act
      const parsed = parseLifecyclePolicy({ rules: [rule(1, { tagStatus: "tagged", tagPrefixList: ["prod"] }), rule(2, { tagStatus: "tagged", tagPatternList: ["beta*"] })] });

      // Assess
      expect(parsed.rules).toHaveLength(2);
    });

    it("an `any` rule per storage class, each last within its class", () => {
      // Act
      const parsed = parseLifecyclePolicy({
        rules: [
          rule(1, { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 }, { type: "transition", targetStorageClass: "archive" }),
          rule(2, { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 365 }),
        ],
      });

      // Assess
      expect(parsed.rules.map((item) => item.selection.tagStatus)).toEqual(["any", "any"]);
    });
  });

  describe("refuses, naming the problem", () => {
    it("text that is not JSON", () => {
      // Act
      const problems = problemsOf(() => parseLifecyclePolicy('{"rules": ['));

      // Assess
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^policy is not valid JSON: /);
    });

    it("JSON that is not an object", () => {
      // Act
      const problems = problemsOf(() => parseLifecyclePolicy("[]"));

      // Assess
      expect(problems).toEqual(["policy: must be an object, not a list"]);
    });

    it("a policy without rules, or with none in the list", () => {
      // Act
      const missing = problemsOf(() => parseLifecyclePolicy({}));
      const empty = problemsOf(() => parseLifecyclePolicy({ rules: [] }));

      // Assess
      expect(missing).toEqual(["rules: is required"]);
      expect(empty).toEqual(["rules: must contain at least one rule"]);
    });

    it("unknown fields at every level, listing the allowed ones", () => {
      // Act
      const root = problemsOf(() => parseLifecyclePolicy({ rules: [rule(1)], version: 1 }));
      const nested = refused(rule(1, { tagPrefix: ["v"] }, { targetStorage: "archive" }, { priority: 1 }));

      // Assess
      expect(root).toEqual(['policy: unknown field "version" (allowed: rules)']);
      expect(nested).toEqual([
        `rules[0].selection: unknown field "tagPrefix" (allowed: ${SELECTION_FIELDS})`,
        'rules[0].action: unknown field "targetStorage" (allowed: type, targetStorageClass)',
        'rules[0]: unknown field "priority" (allowed: rulePriority, description, selection, action)',
      ]);
    });

    it("missing required fields", () => {
      // Act
      const problems = refused({ selection: { tagStatus: "any", countNumber: 1 }, action: {} });

      // Assess
      expect(problems).toEqual(["rules[0].rulePriority: is required", "rules[0].selection.countType: is required", "rules[0].action.type: is required"]);
    });

    it("values outside ECR's enumerations", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "all", countUnit: "hours", countType: "sinceImagePushed" }, { type: "delete" }));

      // Assess
      expect(problems).toEqual([
        'rules[0].selection.tagStatus: must be "tagged" or "untagged" or "any", not "all"',
        'rules[0].selection.countUnit: must be "days", not "hours"',
        'rules[0].action.type: must be "expire" or "transition", not "delete"',
      ]);
    });

    it("a rulePriority that is not a positive integer", () => {
      // Act
      const problems = refused(rule(0), rule(1.5), rule("3" as unknown as number));

      // Assess
      expect(problems).toEqual([
        "rules[0].rulePriority: must be a positive integer",
        "rules[1].rulePriority: must be an integer, not 1.5",
        'rules[2].rulePriority: must be an integer, not "3"',
      ]);
    });

    it("a countNumber of 0", () => {
      // Act
      const problems = refused(rule(1, { countNumber: 0 }));

      // Assess
      expect(problems).toEqual(["rules[0].selection.countNumber: must be a positive integer (0 is not accepted)"]);
    });

    it("duplicate priorities", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "tagged", tagPrefixList: ["a"] }), rule(1, { tagStatus: "tagged", tagPrefixList: ["b"] }));

      // Assess
      expect(problems).toEqual(["rules[1]: rulePriority 1 is already used by rules[0]; priorities must be unique"]);
    });

    it("an `any` rule that is not the last of its storage class", () => {
      // Act
      const problems = refused(rule(5, { tagStatus: "any" }), rule(7, { tagStatus: "tagged", tagPatternList: ["v*"] }));

      // Assess
      expect(problems).toEqual(['rules[0]: a tagStatus "any" rule must have the highest rulePriority among standard-storage rules (it has 5, rules[1] has 7)']);
    });

    it("a tagged rule without a tag list", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "tagged" }));

      // Assess
      expect(problems).toEqual(['rules[0].selection: tagStatus "tagged" requires tagPatternList or tagPrefixList']);
    });

    it("a rule with both tagPrefixList and tagPatternList", () => {
      // Act
      const problems = refused(rule(1), rule(2, { tagStatus: "tagged", tagPrefixList: ["prod"], tagPatternList: ["prod*"] }));

      // Assess
      expect(problems).toEqual(["rules[1].selection: tagPrefixList and tagPatternList cannot both be set"]);
    });

    it("tag lists on untagged and any rules", () => {
      // Act
      const problems = refused(rule(1, { tagPrefixList: ["v"] }), rule(2, { tagStatus: "any", tagPatternList: ["*"] }));

      // Assess
      expect(problems).toEqual([
        'rules[0].selection: tagStatus "untagged" must not have tagPrefixList (tag lists are only for "tagged")',
        'rules[1].selection: tagStatus "any" must not have tagPatternList (tag lists are only for "tagged")',
      ]);
    });

    it("empty tag lists and empty entries", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "tagged", tagPrefixList: [] }), rule(2, { tagStatus: "tagged", tagPatternList: ["v*", ""] }));

      // Assess
      expect(problems).toEqual(["rules[0].selection.tagPrefixList: must list at least one entry", "rules[1].selection.tagPatternList[1]: must not be empty"]);
    });

    it("more than four wildcards in a pattern (AWS's invalid example)", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "tagged", tagPatternList: ["test*1*2*3*4*5*6"] }));

      // Assess
      expect(problems).toEqual(["rules[0].selection.tagPatternList[0]: has 6 wildcards (*); ECR allows at most 4 per pattern"]);
    });

    it("countUnit with imageCountMoreThan, and an age count type without it", () => {
      // Act
      const problems = refused(rule(1, { countUnit: "days" }), rule(2, { tagStatus: "tagged", tagPrefixList: ["v"], countType: "sinceImagePushed", countNumber: 14 }));

      // Assess
      expect(problems).toEqual([
        'rules[0].selection: countUnit is only allowed with sinceImagePushed, sinceImagePulled, sinceImageTransitioned, not with "imageCountMoreThan"',
        'rules[1].selection: countType "sinceImagePushed" requires countUnit "days"',
      ]);
    });

    it("two untagged rules for the same storage class", () => {
      // Act
      const problems = refused(rule(1), rule(2, { countType: "sinceImagePushed", countUnit: "days", countNumber: 7 }));

      // Assess
      expect(problems).toEqual(['rules[1]: only one standard-storage rule may have tagStatus "untagged" (rules[0] already does)']);
    });

    it("two rules of a storage class with the same set of prefixes", () => {
      // Act
      const problems = refused(rule(1, { tagStatus: "tagged", tagPrefixList: ["prod", "v"] }), rule(2, { tagStatus: "tagged", tagPrefixList: ["v", "prod"], countNumber: 5 }));

      // Assess
      expect(problems).toEqual(["rules[1].selection.tagPrefixList: lists the same prefixes as rules[0]; each rule of a storage class needs a unique set of prefixes"]);
    });

    it("storageClass archive with a count type that selects standard images", () => {
      // Act
      const problems = refused(rule(1, { storageClass: "archive" }));

      // Assess
      expect(problems).toEqual(['rules[0].selection: storageClass "archive" is only allowed with countType "sinceImageTransitioned" (other count types select standard images)']);
    });

    it("sinceImageTransitioned without storageClass archive, or under 90 days", () => {
      // Act
      const problems = refused(
        rule(1, { tagStatus: "any", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 365 }),
        rule(2, { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 30 }),
      );

      // Assess
      expect(problems).toEqual([
        'rules[0].selection: countType "sinceImageTransitioned" requires storageClass "archive"',
        "rules[1].selection: countNumber 30 is below 90; archived images must stay 90 days in archive before a lifecycle policy may delete them",
      ]);
    });

    it("sinceImagePulled with expire, and sinceImageTransitioned with transition", () => {
      // Act
      const problems = refused(
        rule(1, { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: 90 }),
        rule(2, { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 }, { type: "transition", targetStorageClass: "archive" }),
      );

      // Assess
      expect(problems).toEqual([
        'rules[0]: countType "sinceImagePulled" can only be used with action type "transition", not "expire"',
        'rules[1]: countType "sinceImageTransitioned" can only be used with action type "expire", not "transition"',
      ]);
    });

    it("transition without targetStorageClass, and targetStorageClass on expire", () => {
      // Act
      const problems = refused(rule(1, {}, { type: "transition" }), rule(2, { tagStatus: "tagged", tagPrefixList: ["v"] }, { targetStorageClass: "archive" }));

      // Assess
      expect(problems).toEqual(['rules[0].action: type "transition" requires targetStorageClass "archive"', 'rules[1].action: targetStorageClass is only allowed with type "transition"']);
    });

    it("a policy longer than ECR's 30,720 characters", () => {
      // Prepare
      const policy = { rules: [rule(1, {}, {}, { description: "x".repeat(MAX_POLICY_CHARACTERS) })] };

      // Act
      const problems = problemsOf(() => parseLifecyclePolicy(policy));

      // Assess
      expect(problems).toEqual([`policy: is ${JSON.stringify(policy).length} characters long; ECR accepts at most 30720`]);
    });
  });

  it("lists every problem of every rule in one error", () => {
    // Prepare
    const policy = { rules: [rule(1, { tagStatus: "any" }), rule(2, { tagStatus: "tagged" }), rule(2, { countNumber: -1 })] };

    // Act
    const error = (() => {
      try {
        parseLifecyclePolicy(policy);
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(InvalidLifecyclePolicyError);
    expect((error as InvalidLifecyclePolicyError).problems).toEqual([
      'rules[1].selection: tagStatus "tagged" requires tagPatternList or tagPrefixList',
      "rules[2].selection.countNumber: must be a positive integer (0 is not accepted)",
      'rules[0]: a tagStatus "any" rule must have the highest rulePriority among standard-storage rules (it has 1, rules[1] has 2)',
    ]);
    expect((error as Error).message).toMatch(/^Invalid ECR lifecycle policy: rules\[1\]\.selection: tagStatus "tagged" requires .*; rules\[2\]/);
  });
});
