import { Cron } from "croner";
import { rateSeconds } from "./image-gc-schedule";

/**
 * How often an EventBridge Scheduler expression fires, at most — the longest time between two consecutive runs —
 * computed at deploy time for the deployment descriptor, so `caretaker doctor` knows when a scheduled function is
 * overdue instead of assuming a daily schedule. The expression must already have passed `scheduleProblems`.
 *
 * - `rate(n unit)`: exactly n units.
 * - `cron(minutes hours day-of-month month day-of-week year)`, in UTC: evaluated with croner (Quartz semantics: `L`,
 *   `W`, `#`, the year field, weekdays 1 = SUN … 7 = SAT) over every fire time from the deploy's day to the end of
 *   2199, the last year AWS accepts. Three AWS forms croner reads differently are rewritten first: `?` becomes `*`
 *   (the other day field then decides alone, as in AWS), `L` alone in day-of-week becomes `7` (the week's last day,
 *   Saturday), and `a/n` becomes `a-<field max>/n`.
 * - `at(…)`: null, it runs once.
 */

interface ScheduleRecurrence {
  expression: string;
  /** The longest time between two consecutive runs, in seconds; null when it runs at most once from the deploy on. */
  longestIntervalSeconds: number | null;
}

const DAY_MS = 86_400_000;
/** AWS's cron years are 1970–2199. */
const END_MS = Date.UTC(2200, 0, 1);
/** Field maxima, in AWS's order (minutes hours day-of-month month day-of-week year), for `a/n`. */
const FIELD_MAX = ["59", "23", "31", "12", "7", "2199"];
const DAY_OF_WEEK = 4;
/**
 * UTC (a fixed offset: EventBridge Scheduler's cron runs in the schedule's time zone, which Caretaker sets to UTC),
 * and Quartz's weekday numbering, as in AWS.
 */
const CRON_OPTIONS = { utcOffset: 0, alternativeWeekdays: true, mode: "7-part", paused: true } as const;

/** One AWS cron item as croner reads it with the same meaning. */
function cronerItem(item: string, field: number): string {
  if (item === "?") return "*";
  if (field === DAY_OF_WEEK && item.toUpperCase() === "L") return "7";
  const step = /^([0-9A-Za-z]+)\/(\d+)$/.exec(item);
  return step ? `${step[1]}-${FIELD_MAX[field]}/${step[2]}` : item;
}

function cronerFields(body: string): string[] {
  return body
    .trim()
    .split(/\s+/)
    .map((field, index) =>
      field
        .split(",")
        .map((item) => cronerItem(item, index))
        .join(","),
    );
}

function pattern(expression: string, text: string): Cron {
  try {
    return new Cron(text, CRON_OPTIONS);
  } catch (error) {
    // scheduleProblems accepted the expression, so croner refusing it is a gap in this translation, not a user error.
    throw new Error(`Cannot evaluate the schedule ${expression} (as ${text}): ${(error as Error).message}`);
  }
}

/** The longest gap between consecutive items of an ascending list; undefined with fewer than two. */
function longestGap(values: readonly number[]): number | undefined {
  let longest: number | undefined;
  for (let index = 1; index < values.length; index++) longest = Math.max(longest ?? 0, (values[index] as number) - (values[index - 1] as number));
  return longest;
}

/**
 * A cron's fire times are every matching day at every matching time of day: minutes and hours never depend on the
 * day, and the day fields never on the time.
 */
interface CronCalendar {
  /** Seconds after midnight (UTC) of the runs on a matching day, ascending. */
  secondsOfDay: number[];
  /** Whether the day starting at this UTC midnight (ms) is a matching day. */
  matchesDay(dayMs: number): boolean;
}

function cronCalendar(expression: string): CronCalendar {
  const [minutes, hours, dayOfMonth, month, dayOfWeek, year] = cronerFields(expression.slice(5, -1));
  const times = pattern(expression, `0 ${minutes} ${hours} * * * *`);
  const midnight = Date.UTC(2000, 0, 1);
  const secondsOfDay: number[] = [];
  for (let minute = 0; minute < 1440; minute++) if (times.match(new Date(midnight + minute * 60_000))) secondsOfDay.push(minute * 60);
  const days = pattern(expression, `0 0 0 ${dayOfMonth} ${month} ${dayOfWeek} ${year}`);
  return { secondsOfDay, matchesDay: (dayMs) => days.match(new Date(dayMs)) };
}

function startOfDay(date: Date): number {
  return Math.floor(date.getTime() / DAY_MS) * DAY_MS;
}

/**
 * The longest interval is the longer of the longest gap within a day and, across the longest gap between matching
 * days, the time from the earlier day's last run to the later day's first.
 */
function cronLongestIntervalSeconds(expression: string, from: Date): number | null {
  const { secondsOfDay, matchesDay } = cronCalendar(expression);
  let matchingDays = 0;
  let previous: number | undefined;
  let longestDayGap = 0;
  for (let day = startOfDay(from); day < END_MS; day += DAY_MS) {
    if (!matchesDay(day)) continue;
    matchingDays++;
    if (previous !== undefined) longestDayGap = Math.max(longestDayGap, day - previous);
    previous = day;
  }
  const withinDay = longestGap(secondsOfDay);
  if (matchingDays === 0 || secondsOfDay.length === 0) return null;
  if (matchingDays === 1) return withinDay ?? null;
  const first = secondsOfDay[0] as number;
  const last = secondsOfDay.at(-1) as number;
  return Math.max(withinDay ?? 0, longestDayGap / 1000 - (last - first));
}

/** The first `count` runs of a cron expression from the start of `from`'s day (UTC), as this module reads it. */
function cronRuns(expression: string, from: Date, count: number): Date[] {
  const { secondsOfDay, matchesDay } = cronCalendar(expression);
  const runs: Date[] = [];
  for (let day = startOfDay(from); day < END_MS && runs.length < count && secondsOfDay.length > 0; day += DAY_MS) {
    if (matchesDay(day)) runs.push(...secondsOfDay.slice(0, count - runs.length).map((seconds) => new Date(day + seconds * 1000)));
  }
  return runs;
}

/** The recurrence of a valid schedule expression, from `from` (the deploy's time) on. */
function scheduleRecurrence(expression: string, from: Date): ScheduleRecurrence {
  const rate = rateSeconds(expression);
  if (rate !== undefined) return { expression, longestIntervalSeconds: rate };
  if (expression.startsWith("cron(")) return { expression, longestIntervalSeconds: cronLongestIntervalSeconds(expression, from) };
  return { expression, longestIntervalSeconds: null };
}

export { cronRuns, scheduleRecurrence };
export type { ScheduleRecurrence };
