import { createAlarms } from "./alarms";
import { createAlerts, createAlertsPolicy } from "./alerts";
import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { createDeployment } from "./deployment";
import { createDrain } from "./drain";
import { createDrift } from "./drift";
import { applyFunctionDefaults, type CaretakerFunctions } from "./functions";
import { functionVpc } from "./function-vpc";
import { createImageGc } from "./image-gc";
import { type DeployEnvironment, loadCaretakerConfig } from "./load-config";
import { planCaretaker } from "./plans";
import { createProbe } from "./probe";
import { createState } from "./state";

interface CaretakerInfraArgs {
  /**
   * CARETAKER_CONFIG parsed, its defaults filled and its discovery resolved (load-config.ts); no clusters deploys the
   * functions with nothing routed to them.
   */
  config: ResolvedCaretakerConfig;
  /** What discovery found and left out, shown in the deploy's outputs. */
  discovery?: readonly string[];
  /** CARETAKER_CONFIG asked to discover the clusters' Auto Scaling groups (recorded in the deployment descriptor). */
  discoverAutoScalingGroups?: boolean;
  /**
   * The groups of `config.autoScalingGroups` CARETAKER_CONFIG names, the rest discovered (load-config.ts): only these are
   * recorded in the deployment descriptor. Default: all of them.
   */
  namedAutoScalingGroups?: readonly string[];
  /** CARETAKER_CONFIG's `clusters.exclude` and `autoScalingGroups.exclude` (recorded in the deployment descriptor). */
  excluded?: { clusters: readonly string[]; autoScalingGroups: readonly string[] };
}

/** Builds the whole Caretaker stack for one account and Region from a resolved configuration (deployCaretaker below). */
function createCaretaker({ config, discovery = [], discoverAutoScalingGroups = false, namedAutoScalingGroups = config.autoScalingGroups, excluded = { clusters: [], autoScalingGroups: [] } }: CaretakerInfraArgs) {
  // Planned and checked once, before the first resource is declared, so a bad configuration deploys nothing at all.
  const plans = planCaretaker(config);
  applyFunctionDefaults();
  const vpc = functionVpc(config.vpc);
  const alerts = createAlerts({ emails: config.notifications.emails });
  const state = createState();
  // The probe's role is mapped (no group: authenticated only) on the drain's clusters, so it proves authentication there.
  const { function: probe } = createProbe({ alerts, vpc, clusters: config.clusters });
  const drain = createDrain({ alerts, state, plan: plans.drain, vpc });
  const imageGc = createImageGc({ alerts, state, plan: plans.imageGc, vpc });
  const drift = createDrift({ alerts, state, plan: plans.drift, vpc });
  // Alarms last: they watch the functions and queues above. Then the topic policy, once every publisher exists.
  const functions: CaretakerFunctions = { drain: drain.function, imageGc: imageGc.function, drift: drift.function, probe };
  const alarms = createAlarms({ alerts, functions, drainQueue: drain.queue, deadLetters: drain.deadLetters });
  const publishers = Object.values(functions).map((fn) => fn.nodes.role.arn);
  createAlertsPolicy({ topic: alerts, publishers: [...publishers, ...alarms.publishers] });
  // What the operator commands read to find this stage (caretaker doctor, invoke, bootstrap).
  const deployment = createDeployment({
    functions,
    drainQueue: drain.queue,
    deadLetters: drain.deadLetters,
    alerts,
    state,
    config,
    plans,
    discoverAutoScalingGroups,
    namedAutoScalingGroups,
    groupTag: drain.groupTag,
    excluded,
  });
  return {
    alertsTopic: alerts.arn,
    stateTable: state.name,
    probeFunction: probe.name,
    drainFunction: drain.function.name,
    drainQueue: drain.queue.url,
    drainDeadLetterQueue: drain.deadLetters.url,
    /** Set CARETAKER_GC_FUNCTION to this for `caretaker gc --remote`. */
    imageGcFunction: imageGc.function.name,
    driftFunction: drift.function.name,
    /** Turns Caretaker's CloudWatch alarms into notifications (alarms.ts). */
    alarmFunction: alarms.function.name,
    /** The SSM parameter with this stage's deployment descriptor (`/caretaker/<stage>/deployment`). */
    deploymentParameter: deployment.name,
    /** The clusters and Auto Scaling groups this deploy manages (discovered ones included). */
    managedClusters: config.clusters,
    managedAutoScalingGroups: config.autoScalingGroups,
    ...(discovery.length > 0 ? { discovery } : {}),
  };
}

/**
 * What sst.config.ts runs: CARETAKER_CONFIG parsed, checked and its discovery resolved (every problem thrown before
 * any resource is declared), then the stack.
 */
async function deployCaretaker(env: DeployEnvironment) {
  return createCaretaker(await loadCaretakerConfig(env));
}

export { parseCaretakerConfig } from "./caretaker-config";
export { loadCaretakerConfig } from "./load-config";
export { createCaretaker, deployCaretaker };
export type { CaretakerInfraArgs };
