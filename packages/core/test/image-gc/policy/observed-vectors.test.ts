import { describe, expect, it } from "vitest";
import { evaluateLifecyclePolicy, parseLifecyclePolicy, type PolicyImage } from "../../../src/image-gc/policy";
import { daysAgo, image, NOW, outcome } from "./fixtures";

/** Vectors that are not AWS examples but pin down behaviour AWS shows or tools got wrong (image-gc.md §6.8–§6.9). */

const untaggedAfterOneDayThenKeep20 = parseLifecyclePolicy({
  rules: [
    { rulePriority: 1, description: "untagged expire after 1 day", selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 }, action: { type: "expire" } },
    { rulePriority: 2, description: "keep newest 20", selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 }, action: { type: "expire" } },
  ],
});

/** 24 rankable manifests (a multi-arch `latest` index and 23 builds) plus two untagged children of the index. */
function observedRepository(childKind: PolicyImage["kind"]): PolicyImage[] {
  const index = image("index-latest", ["latest"], daysAgo(0.5), { kind: "index" });
  const builds = Array.from({ length: 23 }, (_, i) => image(`build-${i + 1}`, [`build-${i + 1}`], daysAgo(i + 2)));
  // The children are the oldest manifests and untagged: an independent untagged rule would take them first.
  const children = [1, 2].map((n) => image(`child-${n}`, [], daysAgo(30), { kind: childKind, childOf: ["index-latest"] }));
  return [index, ...builds, ...children];
}

describe("observed and regression vectors", () => {
  it("§6.8: expires exactly the 4 oldest of 24 rankable manifests and neither expires nor counts the index's attestation children", () => {
    // Prepare
    const images = observedRepository("artifact");

    // Act
    const result = evaluateLifecyclePolicy(untaggedAfterOneDayThenKeep20, images, NOW);

    // Assess
    expect(outcome(result).expired).toEqual(["build-20", "build-21", "build-22", "build-23"]);
    expect(result.kept.filter((kept) => kept.digest.startsWith("child-"))).toEqual([
      { digest: "child-1", reason: "listed by index index-latest: lifecycle rules neither select nor count an index's children; it is decided with its index" },
      { digest: "child-2", reason: "listed by index index-latest: lifecycle rules neither select nor count an index's children; it is decided with its index" },
    ]);
  });

  it("§6.8: treats untagged platform-image children of an index the same way", () => {
    // Prepare
    const images = observedRepository("image");

    // Act
    const result = outcome(evaluateLifecyclePolicy(untaggedAfterOneDayThenKeep20, images, NOW));

    // Assess
    expect(result.expired).toEqual(["build-20", "build-21", "build-22", "build-23"]);
  });

  it("§6.9: keep N with fewer than N candidates deletes nothing", () => {
    // Prepare: the rahulinux/ecr-cleaner bug, `untagged[-0:]`, selected every image when nothing was to go.
    const policy = parseLifecyclePolicy({
      rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 5 }, action: { type: "expire" } }],
    });
    const images = [image("u1", [], daysAgo(30)), image("u2", [], daysAgo(20)), image("u3", [], daysAgo(10))];

    // Act
    const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

    // Assess
    expect(result).toEqual({ expired: [], transitioned: [], kept: ["u1", "u2", "u3"] });
  });

  it("§6.9: keep N with exactly N candidates deletes nothing, and with N + 1 deletes only the oldest", () => {
    // Prepare
    const policy = parseLifecyclePolicy({
      rules: [{ rulePriority: 1, selection: { tagStatus: "untagged", countType: "imageCountMoreThan", countNumber: 3 }, action: { type: "expire" } }],
    });
    const three = [image("u1", [], daysAgo(30)), image("u2", [], daysAgo(20)), image("u3", [], daysAgo(10))];

    // Act
    const exactly = outcome(evaluateLifecyclePolicy(policy, three, NOW));
    const oneMore = outcome(evaluateLifecyclePolicy(policy, [...three, image("u0", [], daysAgo(40))], NOW));

    // Assess
    expect(exactly.expired).toEqual([]);
    expect(oneMore.expired).toEqual(["u0"]);
  });
});
