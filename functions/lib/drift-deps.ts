import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SSMClient } from "@aws-sdk/client-ssm";
import { type DriftConfig, driftConfig, type DriftConfigInput, type DriftRunDeps } from "@caretaker/core/drift/run";
import { createClaims } from "@caretaker/core/state";
import { clusters, eks } from "./clients";
import { readConfigFromEnv } from "./config-env";
import { getNotifier } from "./notifier";
import { logger } from "./powertools";
import { runtimeClock } from "./runtime-clock";

/** CARETAKER_DRIFT_CONFIG (JSON, set by infra), validated by core's `driftConfig`; absent, the defaults apply. */
function readDriftConfig(): DriftConfig {
  return readConfigFromEnv<DriftConfigInput, DriftConfig>("CARETAKER_DRIFT_CONFIG", driftConfig);
}

interface DriftFunctionDeps {
  /** Read-only clients and the cluster connector: enough for a one-off report. */
  report: DriftRunDeps;
  /** The same plus the state table and the alerts topic: what remembering runs use. */
  remember: DriftRunDeps;
  config: DriftConfig;
}

let cached: DriftFunctionDeps | undefined;

/**
 * The drift function's dependencies, built once per container on first use (tests set the environment first): the
 * configuration, EKS/SSM/Auto Scaling clients from the default chains, the shared cluster connector, and — for runs
 * that remember — the state table (CARETAKER_STATE_TABLE) and the alerts topic (CARETAKER_TOPIC_ARN).
 */
function driftDeps(): DriftFunctionDeps {
  if (cached) return cached;
  const config = readDriftConfig();
  const report: DriftRunDeps = { eks, ssm: new SSMClient({}), autoscaling: new AutoScalingClient({}), connect: (name, known) => clusters.connect(name, known), clock: runtimeClock, logger };
  const table = process.env.CARETAKER_STATE_TABLE;
  const dynamodb = new DynamoDBClient({});
  cached = {
    config,
    report,
    remember: {
      ...report,
      ...(table ? { state: { dynamodb, table, claims: createClaims({ dynamodb, table, clock: runtimeClock }) } } : {}),
      ...(process.env.CARETAKER_TOPIC_ARN ? { notifier: getNotifier() } : {}),
    },
  };
  return cached;
}

/** Tests: forget the cached dependencies so the next invocation rebuilds them from the environment. */
function resetDriftDeps(): void {
  cached = undefined;
}

export { driftDeps, resetDriftDeps };
