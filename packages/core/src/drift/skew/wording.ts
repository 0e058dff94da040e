import { formatMinor } from "../versions";
import type { ApiServerRange } from "./policy";

/**
 * "the control plane (1.30)" for a settled cluster, "the oldest apiserver (1.30)" mid-upgrade: findings name the
 * apiserver the rule is actually measured against, so HA narrowing is visible in the text.
 */
function apiserverPhrase(apiservers: ApiServerRange, which: "oldest" | "newest"): string {
  if (isSingle(apiservers)) return `the control plane (${formatMinor(apiservers.newest)})`;
  return `the ${which} apiserver (${formatMinor(apiservers[which])})`;
}

/** " with apiservers at 1.30 and 1.31" mid-upgrade, nothing for a settled cluster. */
function haClause(apiservers: ApiServerRange): string {
  return isSingle(apiservers) ? "" : ` with apiservers at ${formatMinor(apiservers.oldest)} and ${formatMinor(apiservers.newest)}`;
}

function isSingle(apiservers: ApiServerRange): boolean {
  return apiservers.oldest.minor === apiservers.newest.minor && apiservers.oldest.major === apiservers.newest.major;
}

/** "1 minor version", "3 minor versions". */
function minors(count: number): string {
  return `${count} minor version${count === 1 ? "" : "s"}`;
}

/** Why a pre-1.25 component gets a smaller window; said only when it applies, since it surprises people. */
function limitNote(limit: number): string {
  return limit === 2 ? " (2, not 3, because it is older than 1.25)" : "";
}

export { apiserverPhrase, haClause, isSingle, limitNote, minors };
