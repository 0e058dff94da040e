import { describe, expect, it } from "vitest";
import { evaluateLifecyclePolicy, parseLifecyclePolicy } from "../../../src/image-gc/policy";
import { DAY_MS, daysAgo, image, NOW, outcome } from "./fixtures";

const keepNewest = (priority: number, count: number, selection: object = { tagStatus: "any" }) => ({
  rulePriority: priority,
  selection: { ...selection, countType: "imageCountMoreThan", countNumber: count },
  action: { type: "expire" },
});

const olderThan = (priority: number, days: number, selection: object = { tagStatus: "any" }) => ({
  rulePriority: priority,
  selection: { ...selection, countType: "sinceImagePushed", countUnit: "days", countNumber: days },
  action: { type: "expire" },
});

const archiveUnpulled = (days: number) => ({
  rulePriority: 1,
  selection: { tagStatus: "any", countType: "sinceImagePulled", countUnit: "days", countNumber: days },
  action: { type: "transition", targetStorageClass: "archive" },
});

describe("evaluateLifecyclePolicy", () => {
  describe("decides each digest once", () => {
    it("keeps an image tagged latest and v1 when the higher-priority rule that selects it keeps it", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1, { tagStatus: "tagged", tagPrefixList: ["latest"] }), olderThan(2, 7, { tagStatus: "tagged", tagPrefixList: ["v"] })] });
      const images = [image("current", ["latest", "v1"], daysAgo(30)), image("older", ["v0"], daysAgo(40))];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(outcome(result)).toEqual({ expired: ["older"], transitioned: [], kept: ["current"] });
      expect(result.kept[0]).toMatchObject({ digest: "current", rulePriority: 1 });
      expect(result.kept[0]?.reason).toContain("rule 2 (sinceImagePushed 7 days) would expire it");
    });

    it("expires that image exactly once when the higher-priority rule is the one that expires it", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 7, { tagStatus: "tagged", tagPrefixList: ["v"] }), keepNewest(2, 1, { tagStatus: "tagged", tagPrefixList: ["latest"] })] });
      const images = [image("current", ["latest", "v1"], daysAgo(30))];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(result.expired).toEqual([{ digest: "current", rulePriority: 1, reason: "rule 1 (sinceImagePushed 7 days): pushed 30.0 days ago (limit 7 days)" }]);
      expect(result.kept).toEqual([]);
    });

    it("still counts images a higher-priority rule claimed when a lower rule ranks its selection", () => {
      // Prepare: rule 1 keeps `latest`; rule 2 keeps 2 of everything, and `latest` is one of those 2.
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1, { tagStatus: "tagged", tagPatternList: ["latest"] }), keepNewest(2, 2)] });
      const images = [image("L", ["latest"], daysAgo(1)), image("a", ["a"], daysAgo(2)), image("b", ["b"], daysAgo(3)), image("c", [], daysAgo(4))];

      // Act
      const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

      // Assess
      expect(result.expired).toEqual(["b", "c"]);
    });

    it("lists every image in exactly one list, in input order", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 5)] });
      const images = [image("z", [], daysAgo(9)), image("y", ["v"], daysAgo(1)), image("x", [], daysAgo(8)), image("w", ["v"], daysAgo(2))];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(result.expired.map((item) => item.digest)).toEqual(["z", "x"]);
      expect(result.kept.map((item) => item.digest)).toEqual(["y", "w"]);
    });

    it("refuses two records for the same digest instead of judging it twice", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1)] });
      const images = [image("d", ["a"], daysAgo(1)), image("d", ["b"], daysAgo(1))];

      // Act
      const run = () => evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(run).toThrow("digest d is listed twice; pass one record per digest with all of its tags");
    });
  });

  describe("orders and ages", () => {
    it("breaks ties on equal push times by digest, whatever the input order", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1)] });
      const sameTime = daysAgo(3);
      const images = [image("sha256:c", [], sameTime), image("sha256:a", [], sameTime), image("sha256:b", [], sameTime)];

      // Act
      const forward = outcome(evaluateLifecyclePolicy(policy, images, NOW));
      const backward = outcome(evaluateLifecyclePolicy(policy, [...images].reverse(), NOW));

      // Assess: the smallest digest counts as the youngest and is the one kept.
      expect(forward.kept).toEqual(["sha256:a"]);
      expect(backward).toEqual(forward);
    });

    it("expires by age only when strictly older than the limit", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 14)] });
      const images = [image("exactly", [], daysAgo(14)), image("just-over", [], daysAgo(14, 1))];

      // Act
      const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

      // Assess
      expect(result).toEqual({ expired: ["just-over"], transitioned: [], kept: ["exactly"] });
    });

    it("ranks and ages a restored image from its restore time, not its push time", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1, { tagStatus: "tagged", tagPrefixList: ["v"] }), olderThan(2, 30)] });
      const images = [image("restored", ["v1"], daysAgo(400), { lastActivatedAt: daysAgo(2) }), image("pushed", ["v2"], daysAgo(10)), image("old-untagged", [], daysAgo(400), { lastActivatedAt: daysAgo(3) })];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(outcome(result)).toEqual({ expired: ["pushed"], transitioned: [], kept: ["old-untagged", "restored"] });
      expect(result.kept[1]?.reason).toBe("rule 2 (sinceImagePushed 30 days) selects it first and keeps it: restored from archive 3.0 days ago (limit 30 days)");
    });
  });

  describe("sinceImagePulled", () => {
    it("archives by last pull, falling back to the restore time and then the push time", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [archiveUnpulled(90)] });
      const images = [
        image("pulled-lately", [], daysAgo(300), { lastPulledAt: daysAgo(10) }),
        image("pulled-long-ago", [], daysAgo(300), { lastPulledAt: daysAgo(100) }),
        image("never-pulled-new", [], daysAgo(50)),
        image("never-pulled-old", [], daysAgo(120)),
        image("restored-not-pulled", [], daysAgo(300), { lastPulledAt: daysAgo(200), lastActivatedAt: daysAgo(5) }),
      ];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(outcome(result)).toEqual({ expired: [], transitioned: ["never-pulled-old", "pulled-long-ago"], kept: ["never-pulled-new", "pulled-lately", "restored-not-pulled"] });
      expect(result.transitioned.map((item) => item.reason)).toEqual([
        "rule 1 (sinceImagePulled 90 days): last pulled 100.0 days ago (limit 90 days)",
        "rule 1 (sinceImagePulled 90 days): pushed (never pulled) 120.0 days ago (limit 90 days)",
      ]);
      expect(result.kept.at(-1)?.reason).toBe("rule 1 (sinceImagePulled 90 days) selects it first and keeps it: restored (not pulled since) 5.0 days ago (limit 90 days)");
    });
  });

  describe("storage classes", () => {
    const expireArchived = {
      rulePriority: 2,
      selection: { tagStatus: "any", storageClass: "archive", countType: "sinceImageTransitioned", countUnit: "days", countNumber: 90 },
      action: { type: "expire" },
    };

    it("never lets a standard-storage rule select or count an archived image", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1)] });
      const images = [image("archived-newest", [], daysAgo(1), { status: "ARCHIVED", lastArchivedAt: daysAgo(1) }), image("active-new", [], daysAgo(2)), image("active-old", [], daysAgo(3))];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(outcome(result)).toEqual({ expired: ["active-old"], transitioned: [], kept: ["active-new", "archived-newest"] });
      expect(result.kept.find((item) => item.digest === "archived-newest")?.reason).toBe("no rule selects it");
    });

    it("keeps an archived image whose archive time ECR did not report", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [expireArchived] });
      const images = [image("unknown", [], daysAgo(900), { status: "ARCHIVED" })];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(result.kept).toEqual([
        { digest: "unknown", rulePriority: 2, reason: "rule 2 (sinceImageTransitioned 90 days) selects it first and keeps it: archive time unknown (no lastArchivedAt), so its age in archive cannot be judged" },
      ]);
    });

    it("keeps images being restored and images with a status it does not know", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1), expireArchived] });
      const images = [image("restoring", [], daysAgo(500), { status: "ACTIVATING", lastArchivedAt: daysAgo(400) }), image("future", [], daysAgo(500), { status: "FROZEN" }), image("only", [], daysAgo(600))];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(result.expired).toEqual([]);
      expect(result.kept.map((item) => item.reason)).toEqual([
        "status ACTIVATING: neither standard nor archive storage, so no rule selects it",
        "status FROZEN: neither standard nor archive storage, so no rule selects it",
        "rule 1 (imageCountMoreThan 1) selects it first and keeps it: newest #1 of the images it selects (keeps 1)",
      ]);
    });
  });

  describe("image kinds", () => {
    it("counts an index as one image and neither selects nor counts artifacts", () => {
      // Prepare: if the newest signature counted, keep-2 would expire the second image too.
      const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 2)] });
      const images = [
        image("signature", [], daysAgo(0.1), { kind: "artifact" }),
        image("index", ["v3"], daysAgo(1), { kind: "index" }),
        image("single", ["v2"], daysAgo(2)),
        image("oldest", ["v1"], daysAgo(3)),
      ];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(outcome(result)).toEqual({ expired: ["oldest"], transitioned: [], kept: ["index", "signature", "single"] });
      expect(result.kept[0]?.reason).toBe("artifact (signature, SBOM, attestation, …): lifecycle rules neither select nor count it; it follows its subject");
    });

    it("keeps, rather than guesses about, an image with an invalid date", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 1)] });
      const images = [image("broken", [], new Date("not a date")), image("pulled-broken", [], daysAgo(10), { lastPulledAt: new Date(Number.NaN) })];

      // Act
      const result = evaluateLifecyclePolicy(policy, images, NOW);

      // Assess
      expect(result.expired).toEqual([]);
      expect(result.kept.map((item) => item.reason)).toEqual(["has an invalid date, so its age cannot be judged", "has an invalid date, so its age cannot be judged"]);
    });
  });

  describe("tag selection", () => {
    it("selects with an all-tags wildcard only tagged images", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 1, { tagStatus: "tagged", tagPatternList: ["*"] })] });
      const images = [image("tagged", ["anything"], daysAgo(5)), image("untagged", [], daysAgo(5))];

      // Act
      const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

      // Assess
      expect(result).toEqual({ expired: ["tagged"], transitioned: [], kept: ["untagged"] });
    });

    it("selects an image when one tag matches, even if its other tags match nothing", () => {
      // Prepare
      const policy = parseLifecyclePolicy({ rules: [olderThan(1, 1, { tagStatus: "tagged", tagPatternList: ["pr-*"] })] });
      const images = [image("mixed", ["release-candidate", "pr-42"], daysAgo(5)), image("other", ["release-1"], daysAgo(5))];

      // Act
      const result = outcome(evaluateLifecyclePolicy(policy, images, NOW));

      // Assess
      expect(result.expired).toEqual(["mixed"]);
    });
  });

  it("refuses an invalid evaluation time", () => {
    // Prepare
    const policy = parseLifecyclePolicy({ rules: [keepNewest(1, 1)] });

    // Act
    const run = () => evaluateLifecyclePolicy(policy, [image("a", [], daysAgo(1))], new Date(Number.NaN));

    // Assess
    expect(run).toThrow("now must be a valid Date");
  });

  it("judges 10 000 images under a five-rule policy within 200 ms", () => {
    // Prepare
    const policy = parseLifecyclePolicy({
      rules: [
        keepNewest(1, 5, { tagStatus: "tagged", tagPatternList: ["latest", "*prod*"] }),
        keepNewest(2, 50, { tagStatus: "tagged", tagPrefixList: ["release-"] }),
        olderThan(3, 3, { tagStatus: "untagged" }),
        olderThan(4, 30, { tagStatus: "tagged", tagPatternList: ["pr-*-*"] }),
        keepNewest(5, 500),
      ],
    });
    const tagSets = [["latest", "prod-1"], ["release-1.2.3"], [], ["pr-12-abc"], ["build-9", "prod"]];
    const images = Array.from({ length: 10_000 }, (_, i) => image(`sha256:${i.toString(16).padStart(64, "0")}`, tagSets[i % tagSets.length] ?? [], new Date(NOW.getTime() - (i % 2000) * (DAY_MS / 20))));

    // Act
    const started = performance.now();
    const result = evaluateLifecyclePolicy(policy, images, NOW);
    const elapsedMs = performance.now() - started;

    // Assess: a bound loose enough for a busy CI machine, tight enough to catch quadratic work (~100 × slower).
    expect(result.expired.length + result.transitioned.length + result.kept.length).toBe(10_000);
    expect(elapsedMs).toBeLessThan(200);
  });
});
