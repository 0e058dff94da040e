import { describe, expect, it } from "vitest";
import { wildcardMatcher } from "../../../src/image-gc/policy";

describe("wildcardMatcher", () => {
  it.each([
    ["prod*", "prod"],
    ["prod*", "prod1"],
    ["prod*", "production-team1"],
    ["*prod*", "repo-production"],
    ["*prod*", "prod-team"],
    ["*-rc", "1.2.0-rc"],
    ["v*.*.*", "v1.22.3"],
    ["a*b*c", "a-c-b-c"],
    ["*test*1*2*3", "my-test-1-2-3"],
    ["latest", "latest"],
  ])("matches %s against %s, as AWS documents it", (pattern, tag) => {
    // Act
    const matches = wildcardMatcher(pattern)(tag);

    // Assess
    expect(matches).toBe(true);
  });

  it.each([
    ["prod*", "myprod", "the pattern is anchored at the start"],
    ["*prod", "production", "the pattern is anchored at the end"],
    ["latest", "latest-1", "a pattern without * is an exact tag"],
    ["ab*ba", "aba", "the literal ends cannot overlap"],
    ["a*b*c", "a-c-b", "the pieces must appear in order"],
    ["v1.2*", "v1x2", "a dot is literal, not a regular-expression wildcard"],
    ["release-?", "release-1", "? is literal"],
  ])("does not match %s against %s: %s", (pattern, tag) => {
    // Act
    const matches = wildcardMatcher(pattern)(tag);

    // Assess
    expect(matches).toBe(false);
  });

  it("stays fast on a pattern built to make a backtracking matcher explode", () => {
    // Prepare
    const matcher = wildcardMatcher("*a*a*a*a*b");
    const tag = "a".repeat(300);

    // Act
    const started = performance.now();
    for (let i = 0; i < 1000; i++) matcher(tag);
    const elapsedMs = performance.now() - started;

    // Assess
    expect(matcher(tag)).toBe(false);
    expect(elapsedMs).toBeLessThan(200);
  });
});
