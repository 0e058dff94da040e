import type { ResolvedCaretakerConfig } from "@caretaker/core/config";
import { type DiscoveryDeps, discoveryClients, discoverTargets } from "@caretaker/core/discovery";
import { type ConfigEnvironment, CaretakerConfigError, parseCaretakerConfig, regionProblems } from "./caretaker-config";

/**
 * Everything `sst deploy` decides before declaring a resource: CARETAKER_CONFIG parsed, the Region checked, and the
 * clusters and Auto Scaling groups to discover resolved into explicit lists (so they are planned and created exactly
 * like listed ones). No SST globals here, so tests run it against the sandbox account.
 */

interface DeployEnvironment extends ConfigEnvironment {
  /** The whole environment may be passed (`process.env`); only these are read. */
  [name: string]: string | undefined;
  /** Set by SST for the program it deploys: the Region and credentials of its AWS provider. */
  SST_AWS_REGION?: string | undefined;
  SST_AWS_ACCESS_KEY_ID?: string | undefined;
  SST_AWS_SECRET_ACCESS_KEY?: string | undefined;
  SST_AWS_SESSION_TOKEN?: string | undefined;
  AWS_REGION?: string | undefined;
}

interface LoadedConfig {
  config: ResolvedCaretakerConfig;
  /** What discovery found and left out (empty when nothing was discovered), for the deploy's outputs. */
  discovery: string[];
  /** CARETAKER_CONFIG asked to discover the clusters' Auto Scaling groups (recorded in the deployment descriptor). */
  discoverAutoScalingGroups: boolean;
  /** The groups of `config.autoScalingGroups` CARETAKER_CONFIG names (the rest were discovered), for the descriptor. */
  namedAutoScalingGroups: string[];
  /** CARETAKER_CONFIG's exclude lists, `clusters.exclude` and `autoScalingGroups.exclude` (empty with plain lists). */
  excluded: { clusters: string[]; autoScalingGroups: string[] };
}

const HEADING = "CARETAKER_CONFIG cannot be deployed here; nothing was deployed";

/** SST's provider credentials when it passed them, else the SDK's default chain. */
function deployCredentials(env: DeployEnvironment) {
  if (!env.SST_AWS_ACCESS_KEY_ID || !env.SST_AWS_SECRET_ACCESS_KEY) return undefined;
  return { accessKeyId: env.SST_AWS_ACCESS_KEY_ID, secretAccessKey: env.SST_AWS_SECRET_ACCESS_KEY, ...(env.SST_AWS_SESSION_TOKEN ? { sessionToken: env.SST_AWS_SESSION_TOKEN } : {}) };
}

/**
 * Parses, checks the Region and resolves discovery; throws CaretakerConfigError or DiscoveryError (core) naming every
 * problem. `deps` replaces the SDK clients (tests).
 */
async function loadCaretakerConfig(env: DeployEnvironment, deps?: DiscoveryDeps): Promise<LoadedConfig> {
  const config = parseCaretakerConfig(env.CARETAKER_CONFIG, env);
  const region = env.SST_AWS_REGION || env.AWS_REGION || undefined;
  const problems = regionProblems(config, region);
  if (problems.length > 0) throw new CaretakerConfigError(problems, HEADING);

  const credentials = deployCredentials(env);
  const clients = () => {
    if (deps) return deps;
    if (region === undefined) throw new CaretakerConfigError(["clusters / autoScalingGroups: discovery needs the Region being deployed to, but SST_AWS_REGION and AWS_REGION are unset"], HEADING);
    return discoveryClients({ region, ...(credentials ? { credentials } : {}) });
  };
  const targets = await discoverTargets(config, clients);
  // What resolving discovery into lists loses, for the deployment descriptor: whether groups are discovered, the excludes.
  const { clusters, autoScalingGroups: groups } = config;
  return {
    config: { ...config, clusters: targets.clusters, autoScalingGroups: targets.autoScalingGroups },
    discovery: targets.notes,
    discoverAutoScalingGroups: !Array.isArray(groups) && groups.discover,
    namedAutoScalingGroups: targets.namedAutoScalingGroups,
    excluded: { clusters: Array.isArray(clusters) ? [] : [...clusters.exclude], autoScalingGroups: Array.isArray(groups) ? [] : [...groups.exclude] },
  };
}

export { loadCaretakerConfig };
export type { DeployEnvironment, LoadedConfig };
