import { Command, InvalidArgumentError, type Option } from "commander";

/** Go's time.ParseDuration units that make sense for a drain timeout, in seconds. */
const DURATION_UNITS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001 };
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ms|h|m|s)/y;

/**
 * kubectl's --timeout value (Go duration syntax: "0", "90s", "5m", "1h30m"), in whole seconds, rounded up so a
 * sub-second remainder never shortens the deadline.
 */
function parseDuration(value: string): number {
  const hint = "expected a duration such as 90s, 5m or 1h30m (0 = no deadline)";
  if (value === "0") return 0;
  if (/^\d+(\.\d*)?$/.test(value)) throw new InvalidArgumentError(`missing unit: ${hint}`);
  let seconds = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < value.length) {
    const match = DURATION_PART.exec(value);
    if (!match) throw new InvalidArgumentError(hint);
    seconds += Number(match[1]) * (DURATION_UNITS[match[2] as string] as number);
  }
  return Math.ceil(Math.round(seconds * 1000) / 1000);
}

/** Seconds as Go prints a duration ("0s", "45s", "5m0s", "1h30m0s"), the way kubectl's messages show --timeout. */
function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (h > 0) return `${h}h${m}m${s}s`;
  if (m > 0) return `${m}m${s}s`;
  return `${s}s`;
}

/** An integer option value; range checks are left to the drain options schema so every flag reports alike. */
function parseInteger(value: string): number {
  if (!/^-?\d+$/.test(value.trim())) throw new InvalidArgumentError("expected an integer");
  return Number(value);
}

/**
 * kubectl spells booleans `--force=false` and `--dry-run=client`; commander only knows `--force` / `--no-force`.
 * Rewrites those forms to commander's, so kubectl muscle memory (and scripts) work unchanged.
 */
function kubectlBooleans(args: string[], options: readonly Option[], fail: (message: string) => never): string[] {
  const has = (flag: string) => options.some((option) => option.long === flag);
  const rewritten: string[] = [];
  for (const [index, arg] of args.entries()) {
    if (arg === "--") {
      rewritten.push(...args.slice(index));
      break;
    }
    const match = /^(--[a-z][a-z0-9-]*)=(.*)$/.exec(arg);
    const flag = match?.[1] ?? "";
    const value = match?.[2] ?? "";
    if (!match || !has(flag)) {
      rewritten.push(arg);
      continue;
    }
    if (flag === "--dry-run") {
      if (value === "server") fail("error: --dry-run=server is not supported: caretaker drains with client-side dry runs only (--dry-run or --dry-run=client)");
      if (value !== "client" && value !== "none") fail(`error: --dry-run must be "none" or "client", not "${value}"`);
      if (value === "client") rewritten.push(flag);
      continue;
    }
    const option = options.find((candidate) => candidate.long === flag);
    if (!option?.isBoolean() || (value !== "true" && value !== "false")) {
      rewritten.push(arg);
      continue;
    }
    const negated = `--no-${flag.slice(2)}`;
    if (value === "true") rewritten.push(flag);
    else if (has(negated)) rewritten.push(negated);
    // `--disable-eviction=false` and the like: false is already the default.
  }
  return rewritten;
}

/** A commander command that also accepts kubectl's `--flag=true|false` and `--dry-run=client|none` spellings. */
class KubectlStyleCommand extends Command {
  override parseOptions(args: string[]): { operands: string[]; unknown: string[] } {
    return super.parseOptions(kubectlBooleans(args, this.options, (message) => this.error(message, { exitCode: 2, code: "caretaker.usage" })));
  }
}

export { formatDuration, KubectlStyleCommand, kubectlBooleans, parseDuration, parseInteger };
