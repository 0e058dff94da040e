import type { RuleSelection } from "./schema";

type TagMatcher = (tag: string) => boolean;

/**
 * An anchored `*` wildcard ("prod*" matches "prod", "prod1"; "*prod*" matches "repo-production"), with no other
 * metacharacters ([LP] §2.8). Matched by hand rather than through a RegExp: the literal pieces must appear in
 * order, and taking each at its first possible place is always right when `*` is the only wildcard, so the cost is
 * linear in the tag and cannot blow up on a pathological pattern.
 */
function wildcardMatcher(pattern: string): TagMatcher {
  const pieces = pattern.split("*");
  if (pieces.length === 1) return (tag) => tag === pattern;
  const head = pieces[0] ?? "";
  const tail = pieces[pieces.length - 1] ?? "";
  const middle = pieces.slice(1, -1).filter((piece) => piece.length > 0);
  const minimumLength = pieces.reduce((total, piece) => total + piece.length, 0);
  return (tag) => {
    if (tag.length < minimumLength || !tag.startsWith(head) || !tag.endsWith(tail)) return false;
    const end = tag.length - tail.length;
    let position = head.length;
    for (const piece of middle) {
      const found = tag.indexOf(piece, position);
      if (found === -1 || found + piece.length > end) return false;
      position = found + piece.length;
    }
    return true;
  };
}

const prefixMatcher =
  (prefix: string): TagMatcher =>
  (tag) =>
    tag.startsWith(prefix);

/**
 * Which tag sets a rule's selection accepts. For `tagged`: "an image is successfully matched if all of the tags in
 * the tagPatternList or tagPrefixList value are matched against any of the image's tags" — every entry must match
 * at least one of the image's tags (AND across entries, any tag per entry; "tags are not exclusive").
 */
function tagSelector(selection: RuleSelection): (tags: readonly string[]) => boolean {
  if (selection.tagStatus === "any") return () => true;
  if (selection.tagStatus === "untagged") return (tags) => tags.length === 0;
  const matchers = selection.tagPatternList ? selection.tagPatternList.map(wildcardMatcher) : (selection.tagPrefixList ?? []).map(prefixMatcher);
  // A parsed tagged rule always has a list; an empty one must select nothing, not everything (every() of []).
  if (matchers.length === 0) return () => false;
  return (tags) => matchers.every((matches) => tags.some(matches));
}

export { tagSelector, wildcardMatcher };
