import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECRClient } from "@aws-sdk/client-ecr";
import { createCursor, type Cursor } from "@caretaker/core/cursor";
import { type GcConfig, gcConfig, type GcConfigInput, type GcDeps } from "@caretaker/core/image-gc/run";
import { clusters, eks } from "./clients";
import { readConfigFromEnv } from "./config-env";
import { getNotifier } from "./notifier";
import { logger } from "./powertools";
import { runtimeClock } from "./runtime-clock";

/**
 * The GC configuration infra passes in CARETAKER_GC_CONFIG, validated by core's `gcConfig`. Absent, core's safe
 * defaults apply (deletion off: every run only plans). Anything wrong stops the run before any AWS or cluster call,
 * with the variable's name and every problem in the message.
 */
function readGcConfig(): GcConfig {
  return readConfigFromEnv<GcConfigInput, GcConfig>("CARETAKER_GC_CONFIG", gcConfig, "Nothing was deleted.");
}

interface GcFunctionDeps {
  deps: GcDeps;
  config: GcConfig;
  /** Where the next scheduled run starts (state table, CARETAKER_STATE_TABLE); absent without a table. */
  scheduleCursor?: Cursor;
}

let cached: GcFunctionDeps | undefined;

/**
 * The GC function's dependencies and configuration, built once per container on first use (so tests can set the
 * environment first): ECR and EKS clients from the default chains, the shared cluster connector (its tokens are
 * reused across warm runs), the runtime clock, the alerts topic when CARETAKER_TOPIC_ARN is set, and the scheduled
 * runs' cursor when CARETAKER_STATE_TABLE is.
 */
function gcDeps(): GcFunctionDeps {
  if (cached) return cached;
  // The configuration first: a bad one must fail before any client exists.
  const config = readGcConfig();
  const table = process.env.CARETAKER_STATE_TABLE;
  cached = {
    config,
    ...(table ? { scheduleCursor: createCursor({ dynamodb: new DynamoDBClient({}), table, name: "image-gc/schedule", clock: runtimeClock }) } : {}),
    deps: {
      ecr: new ECRClient({}),
      eks,
      connect: (name) => clusters.connect(name),
      clock: runtimeClock,
      ...(process.env.CARETAKER_TOPIC_ARN ? { notifier: getNotifier() } : {}),
      logger,
    },
  };
  return cached;
}

/** Tests: forget the cached dependencies so the next invocation rebuilds them from the environment. */
function resetGcDeps(): void {
  cached = undefined;
}

export { gcDeps, readGcConfig, resetGcDeps };
export type { GcFunctionDeps };
