/** Every code the support-lifecycle check emits. */
const SUPPORT_CODES = [
  "standard-support-ending",
  "extended-support-active",
  "forced-upgrade-approaching",
  "forced-upgrade-due",
  "forced-upgrade-breaks-skew",
] as const;

type SupportCode = (typeof SUPPORT_CODES)[number];

/**
 * How far ahead the support check warns. AWS Health's own notice comes "at least 60 days" before the end of standard
 * support; 90 days leaves a team a quarter to plan and warns before AWS does.
 */
const DEFAULT_ALERT_WINDOW_DAYS = 90;

export { DEFAULT_ALERT_WINDOW_DAYS, SUPPORT_CODES };
export type { SupportCode };
