const DAY_MS = 86_400_000;

/**
 * Whole UTC calendar days from `now` to `date`: 20 on any instant of 3 March for a date of 23 March, 0 on the day
 * itself, negative after it. Days, not elapsed hours, because EKS support dates are days ("billing starts at the
 * beginning of the day that the version reaches end of standard support") and people count them that way. UTC has no
 * daylight saving, so every day is exactly DAY_MS long and leap days count like any other; the host's time zone never
 * takes part (no local-time getters).
 */
function utcDaysUntil(date: Date, now: Date): number {
  return utcDayNumber(date) - utcDayNumber(now);
}

/** "2025-03-23": the UTC day of an instant, as reports show it. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utcDayNumber(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS);
}

export { utcDay, utcDaysUntil };
