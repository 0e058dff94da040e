import { CORE_DRAIN_DEFAULTS, type DrainInfraConfig, type DrainInfraConfigInput, type DrainSettingsInput, type HookDefaultResult, resolveDrainConfig } from "./drain-config";
import { type DrainNumbers, drainNumbers, HOOK_LIMITS, LAMBDA_MAX_TIMEOUT_SECONDS, REDELIVERY_SLACK_SECONDS, SQS_LIMITS } from "./drain-numbers";
import { type DrainRule, drainRules, MAX_PATTERN_LENGTH } from "./drain-rules";

/**
 * Everything the drain deploys, decided from the configuration before any resource exists: a configuration that
 * would deploy a drain that cannot work (a queue that hides messages too briefly, a hook that times out between two
 * runs, a deadline the hook never lets the drain reach) fails the deploy with every problem listed.
 */

interface LifecycleHookPlan {
  autoScalingGroupName: string;
  name: string;
  lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING";
  heartbeatTimeout: number;
  defaultResult: HookDefaultResult;
}

interface DrainPlan {
  config: DrainInfraConfig;
  numbers: DrainNumbers;
  /** The function's CARETAKER_DRAIN_CONFIG: the configured settings plus what infra decides (redelivery, rebalance). */
  functionSettings: DrainSettingsInput;
  rules: DrainRule[];
  hooks: LifecycleHookPlan[];
  /** Clusters that get an access entry for the function's role. */
  clusters: string[];
}

class DrainConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(`Invalid Caretaker drain configuration:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "DrainConfigError";
    this.problems = problems;
  }
}

/** EKS cluster names (CreateCluster): 1–100 characters, a letter or digit first, then letters, digits, - and _. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
/** Lifecycle hook names (PutLifecycleHook): 1–255 of letters, digits, - _ /. */
const HOOK_NAME = /^[A-Za-z0-9\-_/]{1,255}$/;

function isInteger(value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function duplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function nameProblems(config: DrainInfraConfig): string[] {
  const problems: string[] = [];
  for (const cluster of config.clusters) {
    if (!CLUSTER_NAME.test(cluster)) problems.push(`clusters: "${cluster}" is not an EKS cluster name (letters, digits, - and _, at most 100)`);
  }
  for (const group of config.autoScalingGroups) {
    if (group.length === 0 || group.length > 255) problems.push(`autoScalingGroups: "${group}" is not an Auto Scaling group name (1 to 255 characters)`);
  }
  for (const name of duplicates(config.clusters)) problems.push(`clusters: "${name}" is listed twice`);
  for (const name of duplicates(config.autoScalingGroups)) problems.push(`autoScalingGroups: "${name}" is listed twice`);
  if (!HOOK_NAME.test(config.hook.name)) problems.push(`hook.name: "${config.hook.name}" is not a lifecycle hook name (1 to 255 of letters, digits, - _ /)`);
  if (config.hook.defaultResult !== "CONTINUE" && config.hook.defaultResult !== "ABANDON") {
    problems.push(`hook.defaultResult must be "CONTINUE" or "ABANDON"; got ${JSON.stringify(config.hook.defaultResult)}`);
  }
  if (!["drain", "cordon-only", "ignore"].includes(config.rebalance)) problems.push(`rebalance must be "drain", "cordon-only" or "ignore"; got ${JSON.stringify(config.rebalance)}`);
  if (config.autoScalingGroups.length > 0 && config.clusters.length === 0) {
    problems.push("autoScalingGroups are set but clusters is empty: every termination would wait for the hook's timeout with no cluster to drain");
  }
  return problems;
}

/** The consistency rules between the queue, the function and the hook (numbers from drain-numbers.ts). */
function numberProblems(config: DrainInfraConfig, numbers: DrainNumbers): string[] {
  const problems: string[] = [];
  const { heartbeatTimeoutSeconds: heartbeat, functionTimeoutSeconds: timeout, visibilityTimeoutSeconds: visibility } = numbers;
  const safetyMargin = config.drain.safetyMarginSeconds ?? CORE_DRAIN_DEFAULTS.safetyMarginSeconds;

  if (!isInteger(heartbeat, HOOK_LIMITS.minHeartbeatTimeoutSeconds, HOOK_LIMITS.maxHeartbeatTimeoutSeconds)) {
    problems.push(`hook.heartbeatTimeoutSeconds must be an integer from 30 to 7200 (Auto Scaling's limits); got ${heartbeat}`);
  }
  if (!isInteger(timeout, 1, LAMBDA_MAX_TIMEOUT_SECONDS)) problems.push(`functionTimeoutSeconds must be an integer from 1 to 900 (Lambda's limit); got ${timeout}`);
  if (!isInteger(safetyMargin, 1) || safetyMargin >= timeout) {
    problems.push(`drain.safetyMarginSeconds (${safetyMargin}) must be a positive integer below functionTimeoutSeconds (${timeout}), or no run has time to work`);
  }
  if (!isInteger(visibility, 0, SQS_LIMITS.maxVisibilityTimeoutSeconds)) problems.push(`visibilityTimeoutSeconds must be an integer from 0 to 43200 (SQS's limit); got ${visibility}`);
  if (visibility < timeout) {
    problems.push(`the drain queue's visibility timeout (${visibility} s) is shorter than the function timeout (${timeout} s): Lambda refuses the event source mapping, and a message would reappear while its run is still working`);
  }
  if (numbers.heartbeatIntervalMs >= heartbeat * 1000) {
    problems.push(`the heartbeat interval (${numbers.heartbeatIntervalMs / 1000} s) is not below the hook's heartbeat timeout (${heartbeat} s): actions would time out between heartbeats`);
  }
  if (!isInteger(numbers.lifecycleDeadlineSeconds, 1)) problems.push(`drain.lifecycle.deadlineSeconds must be a positive integer; got ${numbers.lifecycleDeadlineSeconds}`);
  if (numbers.lifecycleDeadlineSeconds >= numbers.globalTimeoutSeconds) {
    problems.push(
      `drain.lifecycle.deadlineSeconds (${numbers.lifecycleDeadlineSeconds}) is not below the hook's global timeout (${numbers.globalTimeoutSeconds} s = min(172800, 100 × ${heartbeat})): Auto Scaling would end the action before the deadline policy applies; raise hook.heartbeatTimeoutSeconds or lower the deadline`,
    );
  }
  // A lifecycle drain longer than one run survives the hand-off only if the action outlives the gap: the last
  // heartbeat of a run can be one interval before its hand-off, and the next run heartbeats when it starts.
  const multiRun = config.autoScalingGroups.length > 0 && numbers.lifecycleDeadlineSeconds > numbers.runBudgetSeconds;
  if (multiRun && numbers.handoffGapSeconds + numbers.heartbeatIntervalMs / 1000 >= heartbeat) {
    problems.push(
      `lifecycle drains longer than one run (${numbers.runBudgetSeconds} s) need the hook's heartbeat timeout (${heartbeat} s) above the hand-off gap (${numbers.handoffGapSeconds} s: visibility ${visibility} s − run ${numbers.runBudgetSeconds} s + ${REDELIVERY_SLACK_SECONDS} s redelivery) plus one heartbeat interval (${numbers.heartbeatIntervalMs / 1000} s)`,
    );
  }
  if (numbers.maxReceiveCount > SQS_LIMITS.maxReceiveCount) {
    problems.push(`covering ${numbers.longestDrainSeconds} s of drain at one run per ${visibility} s needs maxReceiveCount ${numbers.maxReceiveCount}, above SQS's 1000: raise functionTimeoutSeconds or lower the deadlines`);
  }
  const lifetime = numbers.maxReceiveCount * (visibility + REDELIVERY_SLACK_SECONDS);
  if (numbers.retentionSeconds < lifetime) {
    problems.push(`messages would expire (${numbers.retentionSeconds} s retention) before using their ${numbers.maxReceiveCount} receives (${lifetime} s): lower visibilityTimeoutSeconds`);
  }
  if (config.drain.redeliverySeconds !== undefined && config.drain.redeliverySeconds < numbers.handoffGapSeconds) {
    problems.push(`drain.redeliverySeconds (${config.drain.redeliverySeconds}) is shorter than the hand-off gap (${numbers.handoffGapSeconds} s: visibility ${visibility} s − run ${numbers.runBudgetSeconds} s + ${REDELIVERY_SLACK_SECONDS} s): a handed-off message cannot come back that soon`);
  }
  return problems;
}

function settingsProblems(config: DrainInfraConfig): string[] {
  const mode = config.drain.rebalanceRecommendation?.mode;
  const problems = mode !== undefined && mode !== config.rebalance ? [`drain.rebalanceRecommendation.mode ("${mode}") contradicts rebalance ("${config.rebalance}"); set rebalance only`] : [];
  const { drain } = config;
  for (const [name, settings] of Object.entries({ spotInterruption: drain.spotInterruption, rebalanceRecommendation: drain.rebalanceRecommendation, stateChange: drain.stateChange, scheduledChange: drain.scheduledChange })) {
    if (settings && !isInteger(settings.deadlineSeconds, 1)) problems.push(`drain.${name}.deadlineSeconds must be a positive integer; got ${settings.deadlineSeconds}`);
  }
  return problems;
}

/**
 * The patterns no longer grow with the groups (the lifecycle rule matches the hook name, at most 255 characters), so
 * this only guards against a future rule that would: no configuration of today's rules reaches the quota.
 */
function ruleProblems(rules: readonly DrainRule[]): string[] {
  return rules
    .filter((rule) => JSON.stringify(rule.pattern).length > MAX_PATTERN_LENGTH)
    .map((rule) => `the ${rule.key} event pattern is ${JSON.stringify(rule.pattern).length} characters, above EventBridge's ${MAX_PATTERN_LENGTH}`);
}

/** What the function is told: infra owns the redelivery delay and the rebalance mode (they must match the queue and rules). */
function functionSettings(config: DrainInfraConfig, numbers: DrainNumbers): DrainSettingsInput {
  const { deadlineSeconds, onDeadline } = CORE_DRAIN_DEFAULTS.rebalanceRecommendation;
  return {
    ...config.drain,
    redeliverySeconds: numbers.redeliverySeconds,
    // Core only takes the whole object, so setting the mode means restating core's defaults for the rest.
    rebalanceRecommendation: { deadlineSeconds, onDeadline, ...config.drain.rebalanceRecommendation, mode: config.rebalance },
  };
}

/** Resolves defaults, checks every rule, and returns the plan; throws DrainConfigError listing every problem. */
function planDrain(input: DrainInfraConfigInput = {}): DrainPlan {
  const config = resolveDrainConfig(input);
  const numbers = drainNumbers(config);
  const rules = drainRules(config);
  const problems = [...nameProblems(config), ...numberProblems(config, numbers), ...settingsProblems(config), ...ruleProblems(rules)];
  if (problems.length > 0) throw new DrainConfigError(problems);
  return {
    config,
    numbers,
    functionSettings: functionSettings(config, numbers),
    rules,
    // Groups without clusters were refused above, so every hook has a cluster to drain.
    hooks: config.autoScalingGroups.map((autoScalingGroupName) => ({
      autoScalingGroupName,
      name: config.hook.name,
      lifecycleTransition: "autoscaling:EC2_INSTANCE_TERMINATING",
      heartbeatTimeout: config.hook.heartbeatTimeoutSeconds,
      defaultResult: config.hook.defaultResult,
    })),
    clusters: [...config.clusters],
  };
}

export { DrainConfigError, numberProblems, planDrain };
export type { DrainPlan, LifecycleHookPlan };
