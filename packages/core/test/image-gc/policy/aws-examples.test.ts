import { describe, expect, it } from "vitest";
import { evaluateLifecyclePolicy, parseLifecyclePolicy } from "../../../src/image-gc/policy";
import { daysAgo, image, MINUTE_MS, NOW, outcome } from "./fixtures";

/**
 * The worked examples of AWS's "Examples of lifecycle policies in Amazon ECR" (image-gc.md §6.2–§6.7): repositories
 * and policies transcribed as published, expected sets exactly as AWS states them. Each runs in the current
 * `tagPatternList` grammar and in the older guide's `tagPrefixList` grammar ([LPE-2019..23]: ["prod"], ["beta"],
 * ["alpha","beta"]), which AWS documents with the same outcomes.
 */

type Grammar = "tagPatternList" | "tagPrefixList";
const GRAMMARS: readonly Grammar[] = ["tagPatternList", "tagPrefixList"];

/** The published policy text in the chosen grammar: "prod*" becomes the prefix "prod" for the older guide. */
function inGrammar(policy: object, grammar: Grammar): string {
  const text = JSON.stringify(policy);
  if (grammar === "tagPatternList") return text;
  return text.replace(/"tagPatternList":\[([^\]]*)\]/g, (_, list: string) => `"tagPrefixList":[${list.replace(/\*"/g, '"')}]`);
}

function expiredBy(policy: object, grammar: Grammar, images: Parameters<typeof evaluateLifecyclePolicy>[1]): string[] {
  return outcome(evaluateLifecyclePolicy(parseLifecyclePolicy(inGrammar(policy, grammar)), images, NOW)).expired;
}

const multipleRulesRepository = [image("A", ["beta-1", "prod-1"], daysAgo(10)), image("B", ["beta-2", "prod-2"], daysAgo(9)), image("C", ["beta-3"], daysAgo(8))];

const keepOne = (priority: number, pattern: string) => ({
  rulePriority: priority,
  description: `Rule ${priority}`,
  selection: { tagStatus: "tagged", tagPatternList: [pattern], countType: "imageCountMoreThan", countNumber: 1 },
  action: { type: "expire" },
});

describe("the AWS worked examples", () => {
  it("translates the published patterns into the older prefix grammar", () => {
    // Prepare
    const policy = { rules: [{ selection: { tagPatternList: ["alpha*", "beta*"] } }] };

    // Act
    const text = inGrammar(policy, "tagPrefixList");

    // Assess
    expect(text).toBe('{"rules":[{"selection":{"tagPrefixList":["alpha","beta"]}}]}');
  });

  it.each(GRAMMARS)("Multiple rules, example A (prod* then beta*, keep 1 each) expires exactly A [%s]", (grammar) => {
    // Prepare
    const policy = { rules: [keepOne(1, "prod*"), keepOne(2, "beta*")] };

    // Act
    const expired = expiredBy(policy, grammar, multipleRulesRepository);

    // Assess: rule 2 would expire B too, but rule 1 selected B first and keeps it.
    expect(expired).toEqual(["A"]);
  });

  it.each(GRAMMARS)("Multiple rules, example B (priorities swapped) expires exactly A and B [%s]", (grammar) => {
    // Prepare
    const policy = { rules: [keepOne(1, "beta*"), keepOne(2, "prod*")] };

    // Act
    const expired = expiredBy(policy, grammar, multipleRulesRepository);

    // Assess
    expect(expired).toEqual(["A", "B"]);
  });

  it.each(GRAMMARS)("Multiple tags in a single rule, example A (alpha* AND beta*, older than 5 days) expires exactly C [%s]", (grammar) => {
    // Prepare
    const images = [
      image("A", ["alpha-1"], daysAgo(12)),
      image("B", ["beta-1"], daysAgo(11)),
      image("C", ["alpha-2", "beta-2"], daysAgo(10)),
      image("D", ["alpha-3"], daysAgo(4)),
      image("E", ["beta-3"], daysAgo(3)),
      image("F", ["alpha-4", "beta-4"], daysAgo(2)),
    ];
    const policy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: { tagStatus: "tagged", tagPatternList: ["alpha*", "beta*"], countType: "sinceImagePushed", countNumber: 5, countUnit: "days" },
          action: { type: "expire" },
        },
      ],
    };

    // Act
    const expired = expiredBy(policy, grammar, images);

    // Assess
    expect(expired).toEqual(["C"]);
  });

  it.each(GRAMMARS)("Multiple tags in a single rule, example B (tags are not exclusive, keep 1) expires exactly A and B [%s]", (grammar) => {
    // Prepare
    const images = [image("A", ["alpha-1", "beta-1", "gamma-1"], daysAgo(10)), image("B", ["alpha-2", "beta-2"], daysAgo(9)), image("C", ["alpha-3", "beta-3", "gamma-2"], daysAgo(8))];
    const policy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: { tagStatus: "tagged", tagPatternList: ["alpha*", "beta*"], countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
      ],
    };

    // Act
    const expired = expiredBy(policy, grammar, images);

    // Assess
    expect(expired).toEqual(["A", "B"]);
  });

  it("All images, example A (any, keep 1) expires exactly A, B and C", () => {
    // Prepare
    const images = [image("A", ["alpha-1"], daysAgo(4)), image("B", ["beta-1"], daysAgo(3)), image("C", [], daysAgo(2)), image("D", ["alpha-2"], daysAgo(1))];
    const policy = {
      rules: [{ rulePriority: 1, description: "Rule 1", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } }],
    };

    // Act
    const expired = expiredBy(policy, "tagPatternList", images);

    // Assess
    expect(expired).toEqual(["A", "B", "C"]);
  });

  describe("All images, example B (all rule types combined)", () => {
    const policy = {
      rules: [
        {
          rulePriority: 1,
          description: "Rule 1",
          selection: { tagStatus: "tagged", tagPatternList: ["alpha*"], countType: "imageCountMoreThan", countNumber: 1 },
          action: { type: "expire" },
        },
        {
          rulePriority: 2,
          description: "Rule 2",
          selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
          action: { type: "expire" },
        },
        { rulePriority: 3, description: "Rule 3", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 1 }, action: { type: "expire" } },
      ],
    };

    it.each(GRAMMARS)("expires exactly A, B and D [%s]", (grammar) => {
      // Prepare: D and E were both "pushed 1 day ago"; AWS's outcome needs E younger than D and not older than a day.
      const images = [
        image("A", ["alpha-1", "beta-1"], daysAgo(4)),
        image("B", [], daysAgo(3)),
        image("C", ["alpha-2"], daysAgo(2)),
        image("D", ["git hash"], daysAgo(1)),
        image("E", [], daysAgo(1, -MINUTE_MS)),
      ];

      // Act
      const expired = expiredBy(policy, grammar, images);

      // Assess
      expect(expired).toEqual(["A", "B", "D"]);
    });

    it("expires A, B and E instead when E is the one pushed slightly more than a day ago (§6.7 note)", () => {
      // Prepare
      const images = [
        image("A", ["alpha-1", "beta-1"], daysAgo(4)),
        image("B", [], daysAgo(3)),
        image("C", ["alpha-2"], daysAgo(2)),
        image("D", ["git hash"], daysAgo(1)),
        image("E", [], daysAgo(1, MINUTE_MS)),
      ];

      // Act
      const expired = expiredBy(policy, "tagPatternList", images);

      // Assess
      expect(expired).toEqual(["A", "B", "E"]);
    });

    it("names the deciding rule of every image, including the one that kept an image a later rule wanted", () => {
      // Prepare
      const images = [
        image("A", ["alpha-1", "beta-1"], daysAgo(4)),
        image("B", [], daysAgo(3)),
        image("C", ["alpha-2"], daysAgo(2)),
        image("D", ["git hash"], daysAgo(1)),
        image("E", [], daysAgo(1, -MINUTE_MS)),
      ];

      // Act
      const result = evaluateLifecyclePolicy(parseLifecyclePolicy(policy), images, NOW);

      // Assess
      expect(result.expired.map(({ digest, rulePriority }) => [digest, rulePriority])).toEqual([
        ["A", 1],
        ["B", 2],
        ["D", 3],
      ]);
      expect(result.kept.map(({ digest, rulePriority }) => [digest, rulePriority])).toEqual([
        ["C", 1],
        ["E", 2],
      ]);
      expect(result.kept[0]?.reason).toBe(
        "rule 1 (imageCountMoreThan 1) selects it first and keeps it: newest #1 of the images it selects (keeps 1); rule 3 (imageCountMoreThan 1) would expire it (newest #3 of the images it selects (keeps 1)) but a lower-priority rule cannot act on an image a higher-priority rule selects",
      );
      expect(result.expired[1]?.reason).toBe("rule 2 (sinceImagePushed 1 day): pushed 3.0 days ago (limit 1 day)");
    });
  });
});
