import { SKEW_CODES } from "../skew";
import { SUPPORT_CODES } from "../support";

/** The codes only the cluster assessment emits; the skew and support codes come from their own modules. */
const CLUSTER_CODES = [
  "cluster-not-active",
  "cluster-updating",
  "platform-version-behind",
  "nodegroup-version-behind",
  "nodegroup-ami-behind",
  "nodegroup-al2-end-of-life",
  "nodegroup-unhealthy",
  "addon-incompatible",
  "addon-blocks-upgrade",
  "addon-update-available",
  "addon-unhealthy",
  "insight-error",
  "insight-warning",
  "insight-unknown",
  "asg-without-drain-hook",
  "check-incomplete",
] as const;

type ClusterCode = (typeof CLUSTER_CODES)[number];

/** Every code a drift report can carry, in the order a report lists them. */
const DRIFT_CODES = [...SKEW_CODES, ...SUPPORT_CODES, ...CLUSTER_CODES] as const;

type DriftCode = (typeof DRIFT_CODES)[number];

export { CLUSTER_CODES, DRIFT_CODES };
export type { ClusterCode, DriftCode };
