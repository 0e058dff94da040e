import { EKSClient } from "@aws-sdk/client-eks";
import { createClusterConnector } from "@caretaker/core/eks";
import { runtimeClock } from "./runtime-clock";

/**
 * SDK clients built once per Lambda container from the SDK's default chains, so AWS_REGION, credentials and
 * AWS_ENDPOINT_URL_<SERVICE> work as everywhere else. The connector caches endpoints and tokens across warm runs.
 */
const eks = new EKSClient({});
const clusters = createClusterConnector({ eks, now: () => new Date(runtimeClock.now()) });

export { sns } from "./sns-client";
export { clusters, eks };
