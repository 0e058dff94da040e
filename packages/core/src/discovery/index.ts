import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EKSClient } from "@aws-sdk/client-eks";
import type { DiscoveryDeps } from "./discover-targets";

export {
  clusterFromTags,
  clusterGroupFilters,
  kubernetesClusterTag,
  nodegroupFromTags,
  tagRecord,
} from "./cluster-tags";
export type { Tags } from "./cluster-tags";
export { DiscoveryError, discoverTargets } from "./discover-targets";
export type { DiscoveryDeps, TargetSelection, Targets } from "./discover-targets";

interface DiscoveryClientOptions {
  /** The Region being deployed to; discovery must look there, whatever AWS_REGION says. */
  region: string;
  /** Explicit credentials (the ones SST deploys with); default the SDK's default chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** The SDK clients discovery uses, for one Region. */
function discoveryClients({ region, credentials }: DiscoveryClientOptions): DiscoveryDeps {
  const config = { region, ...(credentials ? { credentials } : {}) };
  return { eks: new EKSClient(config), autoscaling: new AutoScalingClient(config) };
}

export { discoveryClients };
export type { DiscoveryClientOptions };
