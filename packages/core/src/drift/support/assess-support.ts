import { formatMinor } from "../versions";
import { oldestSupportedMinor, type Finding } from "../skew";
import type { SupportType, VersionSupportDates } from "./cluster-version-info";
import { projectForcedUpgrade, type ForcedUpgradeProjection, type ProjectionInput } from "./forced-upgrade";
import { DEFAULT_ALERT_WINDOW_DAYS, type SupportCode } from "./support-codes";
import { supportWindow, type SupportWindow } from "./support-window";
import { utcDay } from "./utc-days";

interface SupportInput {
  dates: VersionSupportDates;
  /** `Cluster.upgradePolicy.supportType`; EXTENDED when absent. */
  supportType?: SupportType;
  now: Date;
  /** The cluster's nodes and kube-proxy; without them there is no forced-upgrade projection. */
  cluster?: ProjectionInput;
  /** Days ahead of a deadline to start warning; default `DEFAULT_ALERT_WINDOW_DAYS`. */
  alertWindowDays?: number;
}

interface SupportAssessment {
  window: SupportWindow;
  projection?: ForcedUpgradeProjection;
  findings: Finding<SupportCode>[];
}

/** How many broken components a finding names before it says "and N more"; the projection keeps them all. */
const NAMED_BREAKS = 5;

/**
 * The support window, the forced upgrade and what it would break (drift.md §8, checklist 11). The projection is always
 * computed when nodes are given (it is cheap and callers may show it); the "breaks skew" finding is raised only once
 * the forced-upgrade date is inside the alert window, as the checklist asks.
 */
function assessSupport(input: SupportInput): SupportAssessment {
  const alertWindowDays = input.alertWindowDays ?? DEFAULT_ALERT_WINDOW_DAYS;
  const window = supportWindow(input.dates, input.supportType, input.now);
  const projection = input.cluster ? projectForcedUpgrade(window.forcedUpgrade, input.cluster) : undefined;
  const forced = window.forcedUpgrade;
  const forcedSoon = forced.due || forced.daysLeft <= alertWindowDays;
  const findings: Finding<SupportCode>[] = [];

  if (window.supportType === "EXTENDED" && window.phase === "standard" && window.daysToEndOfStandardSupport <= alertWindowDays) findings.push(standardSupportEnding(window));
  if (window.phase === "extended") findings.push(extendedSupportActive(window));
  if (forced.due) findings.push(forcedUpgradeDue(window));
  else if (forcedSoon) findings.push(forcedUpgradeApproaching(window));
  if (forcedSoon && projection && projection.breaks.length > 0) findings.push(forcedUpgradeBreaksSkew(window, projection));

  return { window, ...(projection ? { projection } : {}), findings };
}

function standardSupportEnding(window: SupportWindow): Finding<SupportCode> {
  const end = utcDay(window.endOfStandardSupport);
  return {
    code: "standard-support-ending",
    severity: "warning",
    subject: subject(window),
    explanation: `Kubernetes ${formatMinor(window.version)} leaves standard support on ${end} (${inDays(window.daysToEndOfStandardSupport)}). The cluster's support type is EXTENDED, so it then enters extended support, billed from the start of that day, until ${utcDay(window.endOfExtendedSupport)}.`,
    nextStep: `Upgrade the control plane to ${formatMinor(window.forcedUpgrade.target)} before ${end} to avoid extended-support charges.`,
  };
}

function extendedSupportActive(window: SupportWindow): Finding<SupportCode> {
  return {
    code: "extended-support-active",
    severity: "warning",
    subject: subject(window),
    explanation: `Kubernetes ${formatMinor(window.version)} has been in extended support since ${utcDay(window.endOfStandardSupport)} and is billed at the extended-support rate; extended support ends on ${utcDay(window.endOfExtendedSupport)} (${inDays(window.daysToEndOfExtendedSupport)}).`,
    nextStep: `Upgrade the control plane to ${formatMinor(window.forcedUpgrade.target)} to stop extended-support charges.`,
  };
}

function forcedUpgradeApproaching(window: SupportWindow): Finding<SupportCode> {
  const forced = window.forcedUpgrade;
  return {
    code: "forced-upgrade-approaching",
    severity: "warning",
    subject: subject(window),
    explanation: `EKS will upgrade the control plane from ${formatMinor(forced.from)} to ${formatMinor(forced.target)} by itself at any time from ${utcDay(forced.date)} (${inDays(forced.daysLeft)}), without further notice, because ${forcedReason(window)}. Only the control plane moves: managed node groups, self-managed nodes and Fargate pods stay on their versions.`,
    nextStep: `Upgrade the control plane, then the nodes, to ${formatMinor(forced.target)} before ${utcDay(forced.date)}, at a time you choose.`,
  };
}

function forcedUpgradeDue(window: SupportWindow): Finding<SupportCode> {
  const forced = window.forcedUpgrade;
  return {
    code: "forced-upgrade-due",
    severity: "error",
    subject: subject(window),
    explanation: `Since ${utcDay(forced.date)} (${inDays(forced.daysLeft)}) EKS may upgrade the control plane from ${formatMinor(forced.from)} to ${formatMinor(forced.target)} at any moment, without notice, because ${forcedReason(window)}. Only the control plane moves: managed node groups, self-managed nodes and Fargate pods stay on their versions.`,
    nextStep: `Upgrade the control plane to ${formatMinor(forced.target)} now, after clearing its upgrade blockers, so it happens on your schedule.`,
  };
}

function forcedUpgradeBreaksSkew(window: SupportWindow, projection: ForcedUpgradeProjection): Finding<SupportCode> {
  const broken = projection.breaks.map((finding) => finding.subject);
  const named = broken.slice(0, NAMED_BREAKS).join(", ");
  const more = broken.length > NAMED_BREAKS ? ` and ${broken.length - NAMED_BREAKS} more` : "";
  const target = formatMinor(projection.target);
  return {
    code: "forced-upgrade-breaks-skew",
    severity: "error",
    subject: subject(window),
    explanation: `When EKS upgrades the control plane to ${target} (at any time from ${utcDay(projection.date)}), ${broken.length === 1 ? "1 component falls" : `${broken.length} components fall`} outside the Kubernetes version skew policy: ${named}${more}.`,
    nextStep: `Before ${utcDay(projection.date)}, bring ${broken.length === 1 ? "it" : "each of them"} within the skew window of a ${target} control plane (nodes at ${formatMinor(oldestSupportedMinor(projection.target))} or newer), then upgrade the control plane yourself.`,
  };
}

function forcedReason(window: SupportWindow): string {
  return window.supportType === "STANDARD"
    ? "the cluster's support type is STANDARD, which upgrades at the end of standard support"
    : "extended support ends then";
}

function subject(window: SupportWindow): string {
  return `control plane ${formatMinor(window.version)}`;
}

/** "in 20 days", "today", "3 days ago". */
function inDays(days: number): string {
  if (days === 0) return "today";
  const count = `${Math.abs(days)} day${Math.abs(days) === 1 ? "" : "s"}`;
  return days > 0 ? `in ${count}` : `${count} ago`;
}

export { assessSupport };
export type { SupportAssessment, SupportInput };
