import { expect } from "vitest";
import { InvalidLifecyclePolicyError, type PolicyEvaluation, type PolicyImage } from "../../../src/image-gc/policy";

/** Evaluation time for every vector; "pushed N days ago" is relative to it. */
const NOW = new Date("2026-03-01T12:00:00.000Z");
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** `days` days before NOW, shifted by `extraMs` (positive = earlier). */
function daysAgo(days: number, extraMs = 0): Date {
  return new Date(NOW.getTime() - days * DAY_MS - extraMs);
}

/** An ACTIVE single-platform image record; `digest` doubles as the letter the AWS examples use. */
function image(digest: string, tags: readonly string[], pushedAt: Date, extra: Partial<PolicyImage> = {}): PolicyImage {
  return { digest, tags, pushedAt, kind: "image", ...extra };
}

/** The decided digests, sorted, so assertions compare sets exactly. */
function outcome(result: PolicyEvaluation): { expired: string[]; transitioned: string[]; kept: string[] } {
  const sorted = (items: readonly { digest: string }[]) => items.map((item) => item.digest).sort();
  return { expired: sorted(result.expired), transitioned: sorted(result.transitioned), kept: sorted(result.kept) };
}

/** The problems a policy is refused with; fails the test when it is accepted. */
function problemsOf(run: () => unknown): readonly string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidLifecyclePolicyError);
    return (error as InvalidLifecyclePolicyError).problems;
  }
  throw new Error("expected the policy to be refused, but it was accepted");
}

export { DAY_MS, daysAgo, image, MINUTE_MS, NOW, outcome, problemsOf };
