export { InUseSet } from "./in-use-set";
export type { EcrImage } from "./in-use-set";
export type { ScannedKind } from "./kinds";
export { IMAGE_SCAN_RULES, imageScannerRbac } from "./rbac";
export type { UseField } from "./references";
export { scanClusterImages, unscannedCluster } from "./scan";
export type { ImageUse, InUseScan, ScanOptions, UnreadableReference } from "./scan";
