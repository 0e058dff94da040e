import { nextMinor, type KubeVersion } from "../versions";
import type { SupportType, VersionSupportDates } from "./cluster-version-info";
import { utcDaysUntil } from "./utc-days";

/**
 * Where a cluster's version stands. "ended": the forced auto-upgrade date has come (end of standard support for
 * STANDARD clusters, of extended support otherwise) and EKS may upgrade the control plane at any time.
 */
type SupportPhase = "standard" | "extended" | "ended";

/**
 * The control-plane upgrade EKS will make on its own (drift.md §8). EKS's page says both "auto-upgraded to the next
 * version" and "to the oldest currently supported extended version"; the target here is the next minor, because
 * control planes never skip minors and, were EKS to go further, the first step would still be this one.
 */
interface ForcedUpgrade {
  /** The first day it may happen; "automatic updates can happen at any time after" it, without notice. */
  date: Date;
  daysLeft: number;
  /** The date has come: the upgrade can happen at any moment. */
  due: boolean;
  from: KubeVersion;
  target: KubeVersion;
}

interface SupportWindow {
  version: KubeVersion;
  /** The cluster's setting, or EXTENDED when it has none: "Extended support is enabled by default". */
  supportType: SupportType;
  phase: SupportPhase;
  versionStatus?: string;
  endOfStandardSupport: Date;
  endOfExtendedSupport: Date;
  daysToEndOfStandardSupport: number;
  daysToEndOfExtendedSupport: number;
  /** Days left in the current phase; for "ended", days since the forced-upgrade date, as 0 or a negative number. */
  daysLeft: number;
  forcedUpgrade: ForcedUpgrade;
  /**
   * Extended support is billed from "the beginning of the day that the version reaches end of standard support"
   * (the cost signal of §8), for EXTENDED clusters until they leave the version, past the end of extended support too.
   */
  extendedSupportBilling: boolean;
}

/**
 * The support window of a cluster's version at `now`. The phase comes from the dates, not from `versionStatus` or
 * the support type alone: the support type is a preference, not a billing status (drift.md §8). Every date is a UTC
 * day; a phase ends at 00:00 UTC of its end date (see `utcDaysUntil`).
 */
function supportWindow(dates: VersionSupportDates, supportType: SupportType | undefined, now: Date): SupportWindow {
  const effectiveType = supportType ?? "EXTENDED";
  const daysToEndOfStandardSupport = utcDaysUntil(dates.endOfStandardSupport, now);
  const daysToEndOfExtendedSupport = utcDaysUntil(dates.endOfExtendedSupport, now);
  const forcedDate = effectiveType === "STANDARD" ? dates.endOfStandardSupport : dates.endOfExtendedSupport;
  const daysToForced = effectiveType === "STANDARD" ? daysToEndOfStandardSupport : daysToEndOfExtendedSupport;
  const phase: SupportPhase = daysToForced <= 0 ? "ended" : daysToEndOfStandardSupport > 0 ? "standard" : "extended";
  const daysLeft = phase === "standard" ? daysToEndOfStandardSupport : phase === "extended" ? daysToEndOfExtendedSupport : daysToForced;

  return {
    version: dates.version,
    supportType: effectiveType,
    phase,
    ...(dates.versionStatus !== undefined ? { versionStatus: dates.versionStatus } : {}),
    endOfStandardSupport: dates.endOfStandardSupport,
    endOfExtendedSupport: dates.endOfExtendedSupport,
    daysToEndOfStandardSupport,
    daysToEndOfExtendedSupport,
    daysLeft,
    forcedUpgrade: { date: forcedDate, daysLeft: daysToForced, due: daysToForced <= 0, from: dates.version, target: nextMinor(dates.version) },
    extendedSupportBilling: effectiveType === "EXTENDED" && daysToEndOfStandardSupport <= 0,
  };
}

export { supportWindow };
export type { ForcedUpgrade, SupportPhase, SupportWindow };
