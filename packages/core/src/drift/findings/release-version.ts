/**
 * How a managed node group's AMI release compares with the recommended one. EKS optimised AMIs are
 * `<kubernetes patch>-<build date>` ("1.31.3-20250103"), Bottlerocket `<os version>-<commit>` ("1.20.3-5d9ac849");
 * other formats (Windows) can only be compared for equality. The live MNG format is unconfirmed (drift.md §11), so
 * anything unreadable is "different", never "behind".
 */
type ReleaseComparison = "same" | "behind" | "ahead" | "different";

const EKS_AMI_RELEASE = /^(\d+)\.(\d+)\.(\d+)-(\d{8})$/;
const SEMVER_PREFIX = /^(\d+)\.(\d+)\.(\d+)(?:-|$)/;

function compareTuples(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
}

function order(sign: number): ReleaseComparison {
  return sign < 0 ? "behind" : sign > 0 ? "ahead" : "different";
}

function compareRelease(installed: string, recommended: string): ReleaseComparison {
  if (installed === recommended) return "same";
  const a = EKS_AMI_RELEASE.exec(installed);
  const b = EKS_AMI_RELEASE.exec(recommended);
  // The build date orders EKS AMI releases; a newer patch only ever comes with a newer build.
  if (a && b) return order(compareTuples([Number(a[4]), Number(a[1]), Number(a[2]), Number(a[3])], [Number(b[4]), Number(b[1]), Number(b[2]), Number(b[3])]));
  const c = SEMVER_PREFIX.exec(installed);
  const d = SEMVER_PREFIX.exec(recommended);
  if (c && d) return order(compareTuples(c.slice(1, 4).map(Number), d.slice(1, 4).map(Number)));
  return "different";
}

/** Whole days between two EKS AMI build dates ("…-20250103"), when both have one. */
function buildDaysApart(installed: string, recommended: string): number | undefined {
  const a = EKS_AMI_RELEASE.exec(installed)?.[4];
  const b = EKS_AMI_RELEASE.exec(recommended)?.[4];
  if (!a || !b) return undefined;
  const day = (text: string) => Date.UTC(Number(text.slice(0, 4)), Number(text.slice(4, 6)) - 1, Number(text.slice(6, 8)));
  return Math.round((day(b) - day(a)) / 86_400_000);
}

export { buildDaysApart, compareRelease };
export type { ReleaseComparison };
