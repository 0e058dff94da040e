import { type CaretakerConfig, caretakerConfig, CaretakerConfigError } from "@caretaker/core/config";

/**
 * CARETAKER_CONFIG, the one configuration (`@caretaker/core/config`'s schema; every key in docs/configuration.md),
 * read from the environment by sst.config.ts. Absent, every default applies: no clusters, so the drain deploys as a
 * function with nothing routed to it; the image GC only plans; drift checks every cluster of the Region daily.
 * Everything the schema refuses is reported at once, each problem with its JSON path, before any resource is
 * declared; the capability plans (drain-plan.ts, image-gc-plan.ts, drift-plan.ts) then check what only holds across
 * keys (queue and hook numbers, schedules, IAM-safe names).
 *
 * ```json
 * { "clusters": ["prod"], "autoScalingGroups": { "discover": true }, "hook": { "heartbeatTimeoutSeconds": 300 },
 *   "gc": { "enabled": true, "rules": { "keepNewest": 20 } }, "notifications": { "emails": ["oncall@example.com"] } }
 * ```
 */

const HEADING = "CARETAKER_CONFIG is invalid; nothing was deployed";

interface ConfigEnvironment {
  CARETAKER_CONFIG?: string | undefined;
  /** Before notifications.emails existed, e-mail addresses came from here; now it is refused with the way to move them. */
  CARETAKER_ALERT_EMAILS?: string | undefined;
}

function legacyEmailProblems(env: ConfigEnvironment): string[] {
  const emails = (env.CARETAKER_ALERT_EMAILS ?? "").split(",").map((email) => email.trim()).filter(Boolean);
  if (emails.length === 0) return [];
  // Ignoring it would delete the existing e-mail subscriptions on this deploy, so it is refused, not ignored.
  return [`CARETAKER_ALERT_EMAILS is no longer read: move the addresses into CARETAKER_CONFIG as "notifications": { "emails": ${JSON.stringify(emails)} } and unset it`];
}

/** Parses CARETAKER_CONFIG (JSON text) with every default filled; throws CaretakerConfigError listing every problem. */
function parseCaretakerConfig(text: string | undefined, env: ConfigEnvironment = {}): CaretakerConfig {
  const legacy = legacyEmailProblems(env);
  let input: unknown = {};
  if (text !== undefined && text.trim() !== "") {
    try {
      input = JSON.parse(text);
    } catch (error) {
      throw new CaretakerConfigError([`CARETAKER_CONFIG is not valid JSON: ${(error as Error).message}`, ...legacy], HEADING);
    }
  }
  if (typeof input !== "object" || input === null || Array.isArray(input)) {
    throw new CaretakerConfigError([`CARETAKER_CONFIG must be a JSON object; got ${Array.isArray(input) ? "an array" : JSON.stringify(input)}`, ...legacy], HEADING);
  }
  const problems: string[] = [];
  let config: CaretakerConfig | undefined;
  try {
    config = caretakerConfig(input);
  } catch (error) {
    if (!(error instanceof CaretakerConfigError)) throw error;
    problems.push(...error.problems);
  }
  problems.push(...legacy);
  if (problems.length > 0 || config === undefined) throw new CaretakerConfigError(problems, HEADING);
  return config;
}

/**
 * A stage manages one Region: the Region its resources are deployed to, which its functions work in. A `region` in
 * the configuration pins that, so a configuration written for one Region is never deployed to another by a stray
 * AWS_REGION or profile.
 */
function regionProblems(config: Pick<CaretakerConfig, "region">, deployRegion: string | undefined): string[] {
  if (config.region === undefined) return [];
  if (deployRegion === undefined) return [`region: the configuration is for ${config.region}, but the Region being deployed to is unknown (SST_AWS_REGION and AWS_REGION are unset)`];
  if (config.region === deployRegion) return [];
  return [
    `region: the configuration is for ${config.region}, but this deploy goes to ${deployRegion}. Deploy with that Region (AWS_REGION=${config.region}, or the app's providers.aws.region), or use one stage per Region, each with its own configuration`,
  ];
}

export { CaretakerConfigError, parseCaretakerConfig, regionProblems };
export type { CaretakerConfig, ConfigEnvironment };
