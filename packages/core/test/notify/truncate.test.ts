import { describe, expect, it } from "vitest";
import { fitSections } from "../../src/notify/truncate";

/** A list of `count` items of `size` bytes each, recording which items were measured. */
function list(count: number, size: number, headerBytes = 10): { headerBytes: number; itemCount: number; itemBytes(index: number): number; measured: number[] } {
  const measured: number[] = [];
  return {
    headerBytes,
    itemCount: count,
    measured,
    itemBytes(index: number) {
      measured.push(index);
      return size;
    },
  };
}

const options = { maxItemsPerSection: Number.POSITIVE_INFINITY, moreLineBytes: (hidden: number) => 10 + String(hidden).length, omittedSectionsLineBytes: () => 50 };

describe("fitSections", () => {
  it("applies one cap to every list, so a short list stays complete next to a huge one", () => {
    // Prepare
    const sections = [list(1_000_000, 10), list(3, 10)];

    // Act
    const fit = fitSections(sections, { ...options, budget: 10_000 });

    // Assess: 2 headings (20) + 2 reserved count lines (17 + 11) leave 9,952 bytes = 995 items of 10 bytes; the short list takes 3.
    expect(fit).toEqual({ shownItems: [992, 3], omittedSections: 0, omittedItems: 0 });
  });

  it("respects the per-list maximum even when more would fit", () => {
    // Act
    const fit = fitSections([list(25, 5), list(4, 5)], { ...options, budget: 100_000, maxItemsPerSection: 10 });

    // Assess
    expect(fit.shownItems).toEqual([10, 4]);
  });

  it("measures each item at most once and stops measuring a huge list at the budget", () => {
    // Prepare
    const huge = list(10_000_000, 7);

    // Act
    const fit = fitSections([huge], { ...options, budget: 7_000 });

    // Assess
    // 7,000 - 10 (heading) - 18 (count line for 10,000,000) = 6,972 bytes = 996 items of 7 bytes.
    expect(fit.shownItems).toEqual([996]);
    expect(huge.measured.length).toBeLessThanOrEqual(1_000);
    expect(new Set(huge.measured).size).toBe(huge.measured.length);
  });

  it("never exceeds the budget and leaves no room for one more item per list", () => {
    // Prepare: deterministic pseudo-random lists.
    let seed = 7;
    let checked = 0;
    const random = (max: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % max;
    };
    for (let run = 0; run < 200; run += 1) {
      const sizes = Array.from({ length: 1 + random(5) }, () => Array.from({ length: random(300) }, () => 1 + random(50)));
      const sections = sizes.map((items) => ({ headerBytes: 5, itemCount: items.length, itemBytes: (index: number) => items[index] ?? 0 }));
      const budget = random(20_000);
      const cost = (k: number): number =>
        sizes.reduce((total, items) => total + 5 + items.slice(0, k).reduce((a, b) => a + b, 0) + (items.length > k ? options.moreLineBytes(items.length - k) : 0), 0);

      // Act
      const fit = (() => {
        try {
          return fitSections(sections, { ...options, budget });
        } catch {
          return undefined;
        }
      })();
      if (fit === undefined || fit.omittedSections > 0) continue;
      checked += 1;

      // Assess
      const k = Math.max(0, ...fit.shownItems);
      expect(cost(k)).toBeLessThanOrEqual(budget);
      const longest = Math.max(...sizes.map((items) => items.length));
      // One more item per list must not fit (allowing for the reserved count lines).
      if (k < longest) expect(cost(k + 1) + sizes.length * options.moreLineBytes(1_000)).toBeGreaterThan(budget);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it("keeps the leading lists that fit and counts the rest when not every heading fits", () => {
    // Prepare
    const sections = Array.from({ length: 100 }, () => list(2, 1, 40));

    // Act: each list needs 40 + 11 bytes before any item; 1,000 - 50 for the count line leaves room for 18 lists,
    // and the 32 bytes left over for one 1-byte item in each of them.
    const fit = fitSections(sections, { ...options, budget: 1_000 });

    // Assess
    expect(fit).toEqual({ shownItems: new Array(18).fill(1), omittedSections: 82, omittedItems: 164 });
  });

  it("refuses a negative budget or one without room for the count line", () => {
    // Act & Assess
    expect(() => fitSections([], { ...options, budget: -1 })).toThrow(/1 bytes over its limit/);
    expect(() => fitSections([list(1, 1, 100)], { ...options, budget: 20 })).toThrow(/no room left for the line that counts its 1 lists/);
  });
});
