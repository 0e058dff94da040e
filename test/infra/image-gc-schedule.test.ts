import { describe, expect, it } from "vitest";
import { rateSeconds, scheduleProblems } from "../../infra/image-gc-schedule";

const FIFTEEN_MINUTES = 900;
const problems = (expression: string) => scheduleProblems(expression, FIFTEEN_MINUTES);

describe("image GC schedule expressions", () => {
  it.each([
    "rate(1 day)",
    "rate(2 days)",
    "rate(1 hour)",
    "rate(15 minutes)",
    "cron(0 3 * * ? *)",
    "cron(15 10 ? * MON-FRI *)",
    "cron(0/30 8-18 ? * 2-6 *)",
    "cron(0 0 1,15 * ? 2027-2030)",
    "cron(0 4 L * ? *)",
    "cron(0 4 15W JAN-DEC ? *)",
    "cron(0 4 ? * 6#3 *)",
    "cron(0 4 ? * 6L *)",
    "cron(*/10 * ? * * *)",
    "at(2027-06-01T10:00:00)",
  ])("accepts %s", (expression) => {
    expect(problems(expression)).toEqual([]);
  });

  it.each([
    ["daily", /must be rate\(…\), cron\(…\) or at\(…\)/],
    ["rate(1 days)", /use the singular unit with 1/],
    ["rate(5 hour)", /use the plural unit with 5/],
    ["rate(0 minutes)", /at least 1/],
    ["rate(1.5 hours)", /positive whole value/],
    ["rate(1 week)", /minute\(s\), hour\(s\) or day\(s\)/],
    ["rate(5 minutes)", /runs every 5 minute\(s\), less than a run may take \(15 minutes\), so runs could overlap/],
    ["cron(0 3 * * *)", /cron needs 6 fields .*got 5/],
    ["cron(0 3 * * * *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(0 3 ? * ? *)", /exactly one of day-of-month and day-of-week must be \?/],
    ["cron(60 3 * * ? *)", /minutes: "60" is outside 0-59/],
    ["cron(0 24 * * ? *)", /hours: "24" is outside 0-23/],
    ["cron(0 3 32 * ? *)", /day-of-month: "32" is outside 1-31/],
    ["cron(0 3 ? FOO MON *)", /month: "FOO" is outside 1-12 \(or JAN-DEC\)/],
    ["cron(0 3 ? * 8 *)", /day-of-week: "8" is outside 1-7 \(or SUN-SAT\)/],
    ["cron(0 3 * * ? 1969)", /year: "1969" is outside 1970-2199/],
    ["cron(? 3 * * ? *)", /minutes: \? is only allowed in day-of-month or day-of-week/],
    ["cron(0/0 3 * * ? *)", /increment .* must be at least 1/],
    ["cron(0 3 ? * FRI-MON *)", /day-of-week: the range "FRI-MON" runs backwards: write it as FRI-SAT,SUN-MON/],
    ["cron(0 22-2 * * ? *)", /hours: the range "22-2" runs backwards: write it as 22-23,0-2/],
    ["cron(0 3 * * ? *", /must be rate/],
    ["at(2027-02-30T10:00:00)", /is not a real date and time/],
    ["at(2027-06-01 10:00)", /yyyy-mm-ddThh:mm:ss/],
  ])("refuses %s, saying why", (expression, problem) => {
    const found = problems(expression);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join("\n")).toMatch(problem);
    expect(found.every((line) => line.startsWith(`gc.schedule ${JSON.stringify(expression)}: `))).toBe(true);
  });

  it("measures rates in seconds", () => {
    expect([rateSeconds("rate(1 day)"), rateSeconds("rate(3 hours)"), rateSeconds("rate(15 minutes)"), rateSeconds("cron(0 3 * * ? *)")]).toEqual([86_400, 10_800, 900, undefined]);
  });
});
