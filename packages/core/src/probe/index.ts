export { probeCluster, probeClusters } from "./probe-cluster";
export type { ProbeResult } from "./probe-cluster";
export { probeReport } from "./probe-report";
