/**
 * Codes that name degrees of one concern about one subject, mildest first. When a subject's finding moves from one
 * to another between runs (a node group's kubelet going from "behind" to "blocks the upgrade"), it is the same
 * episode getting worse or easing — not a new finding plus a resolved one, which would read as "fixed" in the very
 * notification that says it got worse. Codes of different concerns (a kubelet newer than the API server, an AMI
 * behind) never pair.
 */
const FAMILIES: readonly (readonly string[])[] = [
  ["kubelet-behind", "kubelet-blocks-upgrade", "kubelet-too-old"],
  ["kube-proxy-behind", "kube-proxy-blocks-upgrade", "kube-proxy-too-old"],
  ["addon-update-available", "addon-blocks-upgrade", "addon-incompatible"],
  ["insight-unknown", "insight-warning", "insight-error"],
  ["standard-support-ending", "extended-support-active", "forced-upgrade-approaching", "forced-upgrade-due"],
];

const PLACE = new Map(FAMILIES.flatMap((family, index) => family.map((code, degree) => [code, { family: index, degree }] as const)));

/** Where a code sits: its family and degree, or undefined for a code that stands alone. */
function degreeOf(code: string): { family: number; degree: number } | undefined {
  return PLACE.get(code);
}

export { degreeOf };
