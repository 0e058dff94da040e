import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { drainConfig, type DrainDeps, managedGroupTag as parseGroupTag } from "@caretaker/core/drain";
import { createLifecycleActions } from "@caretaker/core/lifecycle";
import { createClaims } from "@caretaker/core/state";
import { clusters } from "./clients";
import { readConfigFromEnv } from "./config-env";
import { getNotifier } from "./notifier";
import { logger } from "./powertools";
import { runtimeClock } from "./runtime-clock";

function readDrainConfig() {
  return readConfigFromEnv("CARETAKER_DRAIN_CONFIG", (input?: Parameters<typeof drainConfig>[0]) => drainConfig(input));
}

/** CARETAKER_DRAIN_GROUP_TAG: `{"key":"caretaker:drain","value":"<app>-<stage>"}`, the tag infra puts on the stage's groups. */
function readGroupTag() {
  return readConfigFromEnv("CARETAKER_DRAIN_GROUP_TAG", parseGroupTag);
}

let deps: DrainDeps | undefined;

/**
 * The drain's dependencies, built once per container from the environment infra sets: the drain configuration
 * (CARETAKER_DRAIN_CONFIG, validated), the alerts topic (CARETAKER_TOPIC_ARN) and the state table
 * (CARETAKER_STATE_TABLE) for at-most-once notifications, and the tag of the stage's Auto Scaling groups
 * (CARETAKER_DRAIN_GROUP_TAG). Created on first use so tests can set the environment.
 */
function drainDeps(): DrainDeps {
  if (deps) return deps;
  const autoscaling = new AutoScalingClient({});
  const table = process.env.CARETAKER_STATE_TABLE;
  const managedGroupTag = readGroupTag();
  deps = {
    ec2: new EC2Client({}),
    autoscaling,
    connect: (name) => clusters.connect(name),
    lifecycle: createLifecycleActions({ autoscaling, clock: runtimeClock, logger }),
    clock: runtimeClock,
    config: readDrainConfig(),
    ...(process.env.CARETAKER_TOPIC_ARN ? { notifier: getNotifier() } : {}),
    ...(table ? { claims: createClaims({ dynamodb: new DynamoDBClient({}), table, clock: runtimeClock }) } : {}),
    logger,
    ...(managedGroupTag ? { managedGroupTag } : {}),
  };
  return deps;
}

/** Tests: forget the cached dependencies so the next invocation rebuilds them from the environment. */
function resetDrainDeps(): void {
  deps = undefined;
}

export { drainDeps, resetDrainDeps };
