export { assessCluster } from "./assess-cluster";
export type { AssessOptions } from "./assess-cluster";
export { CLUSTER_CODES, DRIFT_CODES } from "./codes";
export type { ClusterCode, DriftCode } from "./codes";
export { fingerprintOf } from "./drift-finding";
export type { DriftFinding, FingerprintScope } from "./drift-finding";
export { DEFAULT_HOOK_NAME } from "./hook-findings";
export { compareRelease } from "./release-version";
export type { ReleaseComparison } from "./release-version";
