export { driftChangeReport, driftDigestReport } from "./change-report";
export type { ReportScope } from "./change-report";
export { diffFindings, isNews, mostSevere } from "./diff-findings";
export type { ClusterRunContext, FindingChanges, RememberedFinding } from "./diff-findings";
export { createFindingStore } from "./finding-store";
export type { ClusterMemory, FindingStore } from "./finding-store";
export { trackDriftChanges } from "./track-changes";
export type { AssessedCluster, TrackDeps, TrackedCluster, TrackOptions, TrackResult, TrackStatus } from "./track-changes";
