import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { deploymentParameterName } from "@caretaker/core/deployment/descriptor";
import { deploymentParameter, describeDeployment, PARAMETER_SETTINGS } from "./deployment-descriptor";
import type { DrainGroupTag } from "./drain-tag";
import type { CaretakerFunctions } from "./functions";
import type { CaretakerPlans } from "./plans";

interface DeploymentArgs {
  functions: CaretakerFunctions;
  drainQueue: aws.sqs.Queue;
  deadLetters: aws.sqs.Queue;
  alerts: sst.aws.SnsTopic;
  state: sst.aws.Dynamo;
  config: ResolvedCaretakerConfig;
  /** The plans the resources were created from (createCaretaker's). */
  plans: CaretakerPlans;
  discoverAutoScalingGroups: boolean;
  /** The groups CARETAKER_CONFIG names (the rest were discovered); createCaretaker defaults it to all of config.autoScalingGroups. */
  namedAutoScalingGroups: readonly string[];
  /** The stage's tag on its groups (createDrain's). */
  groupTag: DrainGroupTag;
  /** CARETAKER_CONFIG's exclude lists (clusters with discovery, Auto Scaling groups), recorded for `caretaker doctor`. */
  excluded: { clusters: readonly string[]; autoScalingGroups: readonly string[] };
}

/**
 * Publishes the stage's deployment descriptor (deployment-descriptor.ts) as the SSM String parameter
 * `/caretaker/<stage>/deployment`, where `caretaker doctor`, `invoke` and `bootstrap` find the stage by its name. Its
 * value is shown in `sst diff` (insecureValue): names and ARNs only, nothing secret.
 */
function createDeployment({ functions, drainQueue, deadLetters, alerts, state, config, plans, discoverAutoScalingGroups, namedAutoScalingGroups, groupTag, excluded }: DeploymentArgs) {
  const deployedAt = new Date();
  const ref = (fn: sst.aws.Function) => ({ name: fn.name, roleArn: fn.nodes.role.arn });
  const parameter = $output({
    region: aws.getRegionOutput().region,
    functions: { drain: ref(functions.drain), imageGc: ref(functions.imageGc), drift: ref(functions.drift), probe: ref(functions.probe) },
    drainQueueUrl: drainQueue.url,
    deadLetterQueueUrl: deadLetters.url,
    alertsTopicArn: alerts.arn,
    stateTable: state.name,
  }).apply((facts) => deploymentParameter(describeDeployment({ ...facts, stage: $app.stage, config, plans, discoverAutoScalingGroups, namedAutoScalingGroups, groupTag, excluded, deployedAt })));

  return new aws.ssm.Parameter("Deployment", {
    name: deploymentParameterName($app.stage),
    ...PARAMETER_SETTINGS,
    insecureValue: parameter.apply((built) => built.value),
    description: parameter.apply((built) => built.description),
  });
}

export { createDeployment };
export type { DeploymentArgs };
