import { describe, expect, it } from "vitest";
import { evaluateLifecyclePolicy, parseLifecyclePolicy } from "../../../src/image-gc/policy";
import { daysAgo, image, NOW, outcome } from "./fixtures";

/** AWS's syntax-only examples (image-gc.md §6.1), as published: each must be accepted unchanged. */

const SYNTAX_EXAMPLES: Record<string, object> = {
  "Filtering on image age (tagged prod*, older than 14 days)": {
    rules: [
      {
        rulePriority: 1,
        description: "Expire images older than 14 days",
        selection: { tagStatus: "tagged", tagPatternList: ["prod*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
        action: { type: "expire" },
      },
    ],
  },
  "Filtering on image age, older guide (untagged, older than 14 days)": {
    rules: [
      {
        rulePriority: 1,
        description: "Expire images older than 14 days",
        selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 14 },
        action: { type: "expire" },
      },
    ],
  },
  "Archive images not pulled in 90 days": {
    rules: [
      {
        rulePriority: 1,
        description: "Archive images not pulled in 90 days",
        selection: { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: 90 },
        action: { type: "transition", targetStorageClass: "archive" },
      },
    ],
  },
  "Expire images archived for more than 365 days": {
    rules: [
      {
        rulePriority: 1,
        description: "Expire images archived for more than 365 days",
        selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 365 },
        action: { type: "expire" },
      },
    ],
  },
  "Keep only one untagged image, expire all others": {
    rules: [
      {
        rulePriority: 1,
        description: "Keep only one untagged image, expire all others",
        selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 1 },
        action: { type: "expire" },
      },
    ],
  },
  "Archive production images older than 30 days": {
    rules: [
      {
        rulePriority: 1,
        description: "Archive production images older than 30 days",
        selection: { tagStatus: "tagged", tagPatternList: ["prod*"], countType: "sinceImagePushed", countUnit: "days", countNumber: 30 },
        action: { type: "transition", targetStorageClass: "archive" },
      },
    ],
  },
  "Combining archive and expire rules": {
    rules: [
      {
        rulePriority: 1,
        description: "Archive images older than 30 days",
        selection: { tagStatus: "any", countType: "sinceImagePushed", countUnit: "days", countNumber: 30 },
        action: { type: "transition", targetStorageClass: "archive" },
      },
      {
        rulePriority: 2,
        description: "Expire images archived for more than 365 days",
        selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 365 },
        action: { type: "expire" },
      },
    ],
  },
};

describe("AWS's syntax examples", () => {
  it.each(Object.entries(SYNTAX_EXAMPLES))("accepts %s", (_, policy) => {
    // Act
    const parsed = parseLifecyclePolicy(JSON.stringify(policy));

    // Assess
    expect(parsed).toEqual(policy);
  });

  it("keeps only the newest untagged image under \"Keep only one untagged image\" and leaves tagged ones alone", () => {
    // Prepare
    const policy = parseLifecyclePolicy(SYNTAX_EXAMPLES["Keep only one untagged image, expire all others"] as object);
    const images = [image("old", [], daysAgo(3)), image("new", [], daysAgo(1)), image("tagged", ["v1"], daysAgo(9))];

    // Act
    const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

    // Assess
    expect(result).toEqual({ expired: ["old"], transitioned: [], kept: ["new", "tagged"] });
  });

  it("archives old standard images and expires long-archived ones under \"Combining archive and expire rules\"", () => {
    // Prepare: the first `any` rule selects only standard images, so it cannot shield archived ones from the second.
    const policy = parseLifecyclePolicy(SYNTAX_EXAMPLES["Combining archive and expire rules"] as object);
    const images = [
      image("recent", ["v3"], daysAgo(10)),
      image("stale", ["v2"], daysAgo(40)),
      image("archived-long-ago", ["v1"], daysAgo(800), { status: "ARCHIVED", lastArchivedAt: daysAgo(400) }),
      image("archived-lately", ["v0"], daysAgo(800), { status: "ARCHIVED", lastArchivedAt: daysAgo(100) }),
    ];

    // Act
    const result = evaluateLifecyclePolicy(policy, images, NOW);

    // Assess
    expect(outcome(result)).toEqual({ expired: ["archived-long-ago"], transitioned: ["stale"], kept: ["archived-lately", "recent"] });
    expect(result.transitioned).toEqual([{ digest: "stale", rulePriority: 1, reason: "rule 1 (sinceImagePushed 30 days): pushed 40.0 days ago (limit 30 days)" }]);
    expect(result.expired).toEqual([{ digest: "archived-long-ago", rulePriority: 2, reason: "rule 2 (sinceImageTransitioned 365 days): archived 400.0 days ago (limit 365 days)" }]);
  });
});
