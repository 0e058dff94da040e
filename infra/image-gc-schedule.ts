/**
 * EventBridge Scheduler's schedule expressions, checked before deploying (Scheduler User Guide, "Schedule types"):
 * `rate(value unit)`, `cron(minutes hours day-of-month month day-of-week year)` and `at(yyyy-mm-ddThh:mm:ss)`. The
 * check is the syntax and value ranges, so a typo fails the deploy with a message instead of a CreateSchedule error
 * half-way through it.
 */

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const AT = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const UNIT_SECONDS: Record<string, number> = { minute: 60, hour: 3600, day: 86_400 };

const MONTHS = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

interface CronField {
  name: string;
  min: number;
  max: number;
  /** Three-letter names standing for min, min + 1, … */
  names?: string[];
  /** Extra single-item forms this field allows (`L`, `W`, `#`). */
  special?: RegExp;
  /** Whether `?` ("no specific value") may stand for the whole field. */
  question?: boolean;
}

const CRON_FIELDS: CronField[] = [
  { name: "minutes", min: 0, max: 59 },
  { name: "hours", min: 0, max: 23 },
  { name: "day-of-month", min: 1, max: 31, special: /^(L|LW|([1-9]|[12]\d|3[01])W)$/, question: true },
  { name: "month", min: 1, max: 12, names: MONTHS },
  { name: "day-of-week", min: 1, max: 7, names: WEEKDAYS, special: /^(L|[1-7]L|[1-7]#[1-5])$/, question: true },
  { name: "year", min: 1970, max: 2199 },
];

function cronValue(text: string, field: CronField): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index === -1 ? undefined : field.min + index;
}

/** Problems with one item of a comma list: `*`, `a` or `a-b`, each with an optional `/n` increment, or the field's special forms. */
function cronItemProblem(item: string, field: CronField): string | undefined {
  if (field.special?.test(item.toUpperCase())) return undefined;
  const match = /^(\*|[0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?(?:\/(\d+))?$/.exec(item);
  if (!match) return `"${item}" is not a value, range or increment`;
  const [, from = "", to, step] = match;
  if (step !== undefined && Number(step) < 1) return `the increment in "${item}" must be at least 1`;
  if (from === "*") return to === undefined ? undefined : `"${item}": * cannot start a range`;
  for (const value of [from, to].filter((part) => part !== undefined)) {
    const number = cronValue(value, field);
    if (number === undefined || number < field.min || number > field.max) return `"${value}" is outside ${field.min}-${field.max}${field.names ? ` (or ${field.names[0]}-${field.names.at(-1)})` : ""}`;
  }
  // AWS documents no wrap-around ranges (Quartz's FRI-MON), so what one would run is not certain: two ranges say it.
  if (to !== undefined && (cronValue(from, field) as number) > (cronValue(to, field) as number)) {
    const [first, last] = field.names ? [field.names[0], field.names.at(-1)] : [field.min, field.max];
    return `the range "${from}-${to}" runs backwards: write it as ${from}-${last},${first}-${to}`;
  }
  return undefined;
}

function cronProblems(body: string): string[] {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== CRON_FIELDS.length) return [`cron needs 6 fields (minutes hours day-of-month month day-of-week year); got ${fields.length}`];
  const problems: string[] = [];
  CRON_FIELDS.forEach((field, index) => {
    const text = fields[index] as string;
    if (text === "?") {
      if (!field.question) problems.push(`${field.name}: ? is only allowed in day-of-month or day-of-week`);
      return;
    }
    for (const item of text.split(",")) {
      const problem = cronItemProblem(item, field);
      if (problem) problems.push(`${field.name}: ${problem}`);
    }
  });
  // One of the two day fields must be "no specific value": both set (or both left open) is refused by Scheduler.
  if ((fields[2] === "?") === (fields[4] === "?")) problems.push("exactly one of day-of-month and day-of-week must be ? (e.g. cron(0 3 * * ? *))");
  return problems;
}

function atProblems(expression: string): string[] {
  const match = AT.exec(expression);
  if (!match) return ["at() needs a date and time as yyyy-mm-ddThh:mm:ss"];
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const valid = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24 && minute < 60 && second < 60;
  return valid ? [] : [`${expression.slice(3, -1)} is not a real date and time`];
}

/** How often a rate expression runs, in seconds; undefined for anything else. */
function rateSeconds(expression: string): number | undefined {
  const match = RATE.exec(expression);
  if (!match) return undefined;
  return Number(match[1]) * (UNIT_SECONDS[(match[2] as string).replace(/s$/, "")] as number);
}

/**
 * Every problem with `expression`, prefixed with where it is; empty when it is valid. Rates shorter than
 * `minimumIntervalSeconds` are refused too: a run could still be going when the next starts.
 */
function scheduleProblems(expression: string, minimumIntervalSeconds: number, where = "gc.schedule"): string[] {
  const prefix = (problem: string) => `${where} ${JSON.stringify(expression)}: ${problem}`;
  if (expression.startsWith("rate(")) {
    const match = RATE.exec(expression);
    if (!match) return [prefix("a rate is rate(value unit) with a positive whole value and a unit of minute(s), hour(s) or day(s)")];
    const value = Number(match[1]);
    const plural = (match[2] as string).endsWith("s");
    if (value < 1) return [prefix("the value must be at least 1")];
    if (plural !== value > 1) return [prefix(`use the ${value === 1 ? "singular" : "plural"} unit with ${value}`)];
    const seconds = rateSeconds(expression) as number;
    if (seconds < minimumIntervalSeconds) return [prefix(`runs every ${seconds / 60} minute(s), less than a run may take (${minimumIntervalSeconds / 60} minutes), so runs could overlap`)];
    return [];
  }
  if (expression.startsWith("cron(") && expression.endsWith(")")) return cronProblems(expression.slice(5, -1)).map(prefix);
  if (expression.startsWith("at(")) return atProblems(expression).map(prefix);
  return [prefix("must be rate(…), cron(…) or at(…)")];
}

export { rateSeconds, scheduleProblems };
