import { MessageBudgetError } from "./errors";

/** What the fitting algorithm needs to know about one list, in bytes of the final message. */
interface SectionCost {
  /** Bytes of the section when no item is shown: heading, and the "none" line of an empty list. */
  headerBytes: number;
  itemCount: number;
  /** Bytes item `index` adds. Called at most once per item, in order, and only while the list can still grow. */
  itemBytes(index: number): number;
}

interface FitOptions {
  /** Bytes available for all sections together (message limit minus the fixed part). */
  budget: number;
  /** Upper bound on items shown per section (chat: 10 by default; e-mail: unlimited). */
  maxItemsPerSection: number;
  /** Bytes of the "… and N more" line for N hidden items. */
  moreLineBytes(hidden: number): number;
  /** Bytes of the line that replaces sections that do not fit at all ("… and S more sections (N items)"). */
  omittedSectionsLineBytes(sections: number, items: number): number;
}

interface SectionFit {
  /** Items shown for each visible section, in order; sections beyond its length are omitted. */
  shownItems: number[];
  omittedSections: number;
  omittedItems: number;
}

/**
 * Chooses how many items of each list to show so the message stays within its byte budget, with every hidden item
 * accounted for by a count line. One cap `k` applies to all lists (each shows `min(k, length)`), which keeps a short
 * list fully visible next to a huge one. The largest `k` that fits is found by binary search over lazily extended
 * prefix sums of item sizes: each item is measured at most once, a probe stops at the first list that breaks the
 * budget, and no list is measured past the budget. About O(items that fit + sections × log k); no re-rendering, no O(n²).
 *
 * To make the cost monotonic in `k`, every non-empty list reserves room for its count line sized for its full length,
 * even when all its items end up shown (a few dozen bytes of slack, never an overflow). If even the headings do not
 * fit, trailing sections are dropped and replaced by one count line.
 */
function fitSections(sections: readonly SectionCost[], options: FitOptions): SectionFit {
  const { budget, maxItemsPerSection, moreLineBytes, omittedSectionsLineBytes } = options;
  if (budget < 0) throw new MessageBudgetError(`The message is ${-budget} bytes over its limit before any list is added`);

  const baseCosts = sections.map((section) => section.headerBytes + (section.itemCount > 0 ? moreLineBytes(section.itemCount) : 0));
  let visible = sections.length;
  let itemsBudget = budget - sum(baseCosts);
  if (itemsBudget < 0) {
    // Not even every heading fits: keep the leading sections that do, plus one line counting the rest.
    const totalItems = sum(sections.map((section) => section.itemCount));
    let remaining = budget - omittedSectionsLineBytes(sections.length, totalItems);
    if (remaining < 0) throw new MessageBudgetError(`The message has no room left for the line that counts its ${sections.length} lists`);
    visible = 0;
    while (visible < sections.length && (baseCosts[visible] ?? 0) <= remaining) {
      remaining -= baseCosts[visible] ?? 0;
      visible += 1;
    }
    itemsBudget = remaining;
  }

  const shown = sections.slice(0, visible);
  const longest = shown.reduce((max, section) => Math.max(max, section.itemCount), 0);
  const maxK = Math.min(maxItemsPerSection, longest);
  // prefixes[s][i] = bytes of the first i items of section s, extended only when a probe needs it.
  const prefixes = shown.map(() => [0]);
  const prefixAt = (index: number, count: number): number => {
    const prefix = prefixes[index] as number[];
    const section = shown[index] as SectionCost;
    while (prefix.length <= count) {
      const total = prefix[prefix.length - 1] as number;
      // Beyond the budget the exact size no longer matters; stop measuring this list.
      if (total > itemsBudget) return Number.POSITIVE_INFINITY;
      prefix.push(total + section.itemBytes(prefix.length - 1));
    }
    return prefix[count] as number;
  };
  const fits = (k: number): boolean => {
    let total = 0;
    for (const [index, section] of shown.entries()) {
      total += prefixAt(index, Math.min(k, section.itemCount));
      // Stop at the first list that breaks the budget, so a failed probe measures no further lists.
      if (total > itemsBudget) return false;
    }
    return true;
  };

  let low = 0; // always fits: no item costs nothing
  let high = maxK;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }

  const omitted = sections.slice(visible);
  return {
    shownItems: shown.map((section) => Math.min(low, section.itemCount)),
    omittedSections: omitted.length,
    omittedItems: sum(omitted.map((section) => section.itemCount)),
  };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

export { fitSections };
export type { FitOptions, SectionCost, SectionFit };
