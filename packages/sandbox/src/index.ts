/**
 * @caretaker/sandbox: the Kubernetes API simulator and the stateful AWS fakes Caretaker is tested, demonstrated and
 * benchmarked on. Never imported by functions (the build refuses bundles that contain it) nor by core.
 */
export { CARETAKER_TEST_CREDENTIALS, createSandboxAccount } from "./account";
export type { NodeGroupSpec, SandboxAccount, SandboxClusterSpec, SandboxSpec } from "./account";
export { SandboxAwsAccount, wireAwsClients } from "./aws";
export { SandboxClock } from "./clock";
export { demoSpec } from "./demo-spec";
export { startCluster } from "./kube/cluster";
export type { SandboxCluster, StartClusterOptions } from "./kube/cluster";
export type { ClusterSpec } from "./kube/spec";
export { SeededRandom } from "./random";
