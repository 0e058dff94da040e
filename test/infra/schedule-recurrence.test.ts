import { describe, expect, it } from "vitest";
import { scheduleProblems } from "../../infra/image-gc-schedule";
import { cronRuns, scheduleRecurrence } from "../../infra/schedule-recurrence";

const HOUR = 3600;
const DAY = 24 * HOUR;
/** A Saturday. */
const DEPLOYED = new Date("2026-11-21T10:00:00Z");
const longest = (expression: string, from = DEPLOYED) => scheduleRecurrence(expression, from).longestIntervalSeconds;
const runs = (expression: string, count = 4) => cronRuns(expression, DEPLOYED, count).map((run) => run.toISOString().replace(":00.000Z", "Z"));

describe("a schedule's longest interval between runs", () => {
  it("is a rate's own interval, and none for a one-time at()", () => {
    expect(scheduleRecurrence("rate(1 day)", DEPLOYED)).toEqual({ expression: "rate(1 day)", longestIntervalSeconds: DAY });
    expect([longest("rate(15 minutes)"), longest("rate(6 hours)"), longest("rate(7 days)")]).toEqual([900, 6 * HOUR, 7 * DAY]);
    expect(scheduleRecurrence("at(2027-06-01T10:00:00)", DEPLOYED)).toEqual({ expression: "at(2027-06-01T10:00:00)", longestIntervalSeconds: null });
  });

  it.each([
    ["cron(0 3 * * ? *)", DAY],
    ["cron(0 5 ? * * *)", DAY],
    ["cron(0 3 ? * MON *)", 7 * DAY],
    ["cron(0 3 ? * 2 *)", 7 * DAY],
    ["cron(0 0 ? * SAT,SUN *)", 6 * DAY],
    ["cron(0 3 L * ? *)", 31 * DAY],
    ["cron(0 3 ? * 6#3 *)", 35 * DAY],
    // Weekdays 08:00-18:30 every 30 minutes: Friday 18:30 to Monday 08:00.
    ["cron(0/30 8-18 ? * 2-6 *)", 3 * DAY - (18.5 - 8) * HOUR],
    ["cron(0 3,15 1 1 ? 2027)", 12 * HOUR],
    ["cron(0 3 1 1 ? 2027,2030)", (Date.UTC(2030, 0, 1) - Date.UTC(2027, 0, 1)) / 1000],
    ["cron(0 3 * * ? 2027-2028)", DAY],
    ["cron(*/10 * ? * * *)", 600],
  ])("%s: the longest gap between consecutive fire times", (expression, seconds) => {
    expect(longest(expression)).toBe(seconds);
  });

  it("counts the century rule: 29 February skips 2100 (not a leap year) within AWS's years", () => {
    expect(longest("cron(0 3 29 2 ? *)")).toBe((Date.UTC(2104, 1, 29) - Date.UTC(2096, 1, 29)) / 1000);
  });

  it("has none when the cron fires at most once from the deploy on", () => {
    expect(longest("cron(0 3 1 1 ? 2027)")).toBeNull();
    expect(longest("cron(0 3 1 1 ? 2020-2025)")).toBeNull();
    expect(longest("cron(0 3 30 2 ? *)")).toBeNull();
  });

  it("only counts runs from the deploy's day on", () => {
    expect(longest("cron(0 3 1 1 ? 2020,2027,2028)")).toBe((Date.UTC(2028, 0, 1) - Date.UTC(2027, 0, 1)) / 1000);
  });
});

describe("AWS's cron, read as EventBridge Scheduler runs it (UTC)", () => {
  it.each([
    // Day-of-week numbers are 1 = SUN … 7 = SAT; ? leaves the other day field to decide alone.
    ["cron(0 3 ? * 2 *)", ["2026-11-23T03:00Z", "2026-11-30T03:00Z", "2026-12-07T03:00Z", "2026-12-14T03:00Z"]],
    ["cron(0 3 ? * 1,7 *)", ["2026-11-21T03:00Z", "2026-11-22T03:00Z", "2026-11-28T03:00Z", "2026-11-29T03:00Z"]],
    // L alone in day-of-week is the week's last day, Saturday; 6L the month's last Friday; 6#3 its third Friday.
    ["cron(0 3 ? * L *)", ["2026-11-21T03:00Z", "2026-11-28T03:00Z", "2026-12-05T03:00Z", "2026-12-12T03:00Z"]],
    ["cron(0 3 ? * 6L *)", ["2026-11-27T03:00Z", "2026-12-25T03:00Z", "2027-01-29T03:00Z", "2027-02-26T03:00Z"]],
    ["cron(0 3 ? * 6#3 *)", ["2026-12-18T03:00Z", "2027-01-15T03:00Z", "2027-02-19T03:00Z", "2027-03-19T03:00Z"]],
    // L: the month's last day; LW: its last weekday (31 January 2027 is a Sunday).
    ["cron(0 3 L * ? *)", ["2026-11-30T03:00Z", "2026-12-31T03:00Z", "2027-01-31T03:00Z", "2027-02-28T03:00Z"]],
    ["cron(0 3 LW * ? *)", ["2026-11-30T03:00Z", "2026-12-31T03:00Z", "2027-01-29T03:00Z", "2027-02-26T03:00Z"]],
    // 15W: the weekday nearest the 15th (15 May 2027 is a Saturday); 1W never leaves the month (1 May 2027).
    ["cron(0 3 15W 5 ? *)", ["2027-05-14T03:00Z", "2028-05-15T03:00Z", "2029-05-15T03:00Z", "2030-05-15T03:00Z"]],
    ["cron(0 3 1W 5 ? *)", ["2027-05-03T03:00Z", "2028-05-01T03:00Z", "2029-05-01T03:00Z", "2030-05-01T03:00Z"]],
    // a/n starts at a and steps to the field's end, in every field.
    ["cron(5/20 3 * * ? *)", ["2026-11-21T03:05Z", "2026-11-21T03:25Z", "2026-11-21T03:45Z", "2026-11-22T03:05Z"]],
    ["cron(0 3 1 JAN/3 ? *)", ["2027-01-01T03:00Z", "2027-04-01T03:00Z", "2027-07-01T03:00Z", "2027-10-01T03:00Z"]],
    ["cron(0 3 ? * MON/2 *)", ["2026-11-23T03:00Z", "2026-11-25T03:00Z", "2026-11-27T03:00Z", "2026-11-30T03:00Z"]],
    ["cron(0 3 1 1 ? 2027/3)", ["2027-01-01T03:00Z", "2030-01-01T03:00Z", "2033-01-01T03:00Z", "2036-01-01T03:00Z"]],
    ["cron(0 3 * * ? 2027)", ["2027-01-01T03:00Z", "2027-01-02T03:00Z", "2027-01-03T03:00Z", "2027-01-04T03:00Z"]],
  ])("%s runs at %j", (expression, expected) => {
    expect(runs(expression)).toEqual(expected);
  });

  it("evaluates every form the schedule check accepts", () => {
    const accepted = ["cron(15 10 ? * MON-FRI *)", "cron(0 0 1,15 * ? 2027-2030)", "cron(0 4 15W JAN-DEC ? *)", "cron(0 4 ? * 6#3 *)", "cron(0 4 ? * 6L,1L *)", "cron(0 4 1,L * ? *)", "cron(0 4 ? * sun *)"];
    for (const expression of accepted) {
      expect(scheduleProblems(expression, 900)).toEqual([]);
      expect(longest(expression)).toBeGreaterThan(0);
    }
  });
});
