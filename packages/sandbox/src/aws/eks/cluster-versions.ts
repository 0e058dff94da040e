import type {
  ClusterVersionInformation,
  ClusterVersionStatus,
  DescribeClusterVersionsRequest,
  DescribeClusterVersionsResponse,
  VersionStatus,
} from "@aws-sdk/client-eks";
import { newestFirst } from "../core/versions";
import { eksPage } from "./list";
import type { EksClusterVersionSpec } from "./spec";
import type { ClusterVersionRecord, EksState } from "./state";

/**
 * DescribeClusterVersions (drift.md §9.1). A version's support status is derived from its dates and the sandbox
 * clock, so advancing the clock moves versions from standard to extended support to unsupported. Without filters the
 * API lists the versions still supported (standard or extended); `includeAll` adds the unsupported ones.
 */
function addMonths(ms: number, months: number): number {
  const date = new Date(ms);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.getTime();
}

function createVersionRecord(spec: EksClusterVersionSpec): ClusterVersionRecord {
  const releaseDate = new Date(spec.releaseDate).getTime();
  return {
    version: spec.version,
    releaseDate,
    // "Standard support lasts 14 months after EKS release; extended support the next 12 months" (drift.md §8).
    endOfStandardSupportDate: spec.endOfStandardSupportDate ? new Date(spec.endOfStandardSupportDate).getTime() : addMonths(releaseDate, 14),
    endOfExtendedSupportDate: spec.endOfExtendedSupportDate ? new Date(spec.endOfExtendedSupportDate).getTime() : addMonths(releaseDate, 26),
    defaultPlatformVersion: spec.defaultPlatformVersion ?? "eks.1",
    defaultVersion: spec.defaultVersion ?? false,
    kubernetesPatchVersion: spec.kubernetesPatchVersion ?? `${spec.version}.0`,
  };
}

function versionStatus(record: ClusterVersionRecord, now: number): VersionStatus {
  if (now < record.endOfStandardSupportDate) return "STANDARD_SUPPORT";
  if (now < record.endOfExtendedSupportDate) return "EXTENDED_SUPPORT";
  return "UNSUPPORTED";
}

const LEGACY_STATUS: Record<VersionStatus, ClusterVersionStatus> = {
  STANDARD_SUPPORT: "standard-support",
  EXTENDED_SUPPORT: "extended-support",
  UNSUPPORTED: "unsupported",
};

function versionShape(record: ClusterVersionRecord, now: number): ClusterVersionInformation {
  const status = versionStatus(record, now);
  return {
    clusterVersion: record.version,
    clusterType: "eks",
    defaultPlatformVersion: record.defaultPlatformVersion,
    defaultVersion: record.defaultVersion,
    releaseDate: new Date(record.releaseDate),
    endOfStandardSupportDate: new Date(record.endOfStandardSupportDate),
    endOfExtendedSupportDate: new Date(record.endOfExtendedSupportDate),
    status: LEGACY_STATUS[status],
    versionStatus: status,
    kubernetesPatchVersion: record.kubernetesPatchVersion,
  };
}

function describeClusterVersions(state: EksState, input: DescribeClusterVersionsRequest): DescribeClusterVersionsResponse {
  const now = state.context.clock.nowMs();
  const explicit = input.clusterVersions && input.clusterVersions.length > 0 ? new Set(input.clusterVersions) : undefined;
  const statusFilter = input.versionStatus ?? (input.status ? (Object.entries(LEGACY_STATUS).find(([, legacy]) => legacy === input.status)?.[0] as VersionStatus) : undefined);
  const shapes = [...state.versions]
    .sort((a, b) => newestFirst(a.version, b.version))
    .map((record) => versionShape(record, now))
    .filter((v) => input.clusterType === undefined || input.clusterType === v.clusterType)
    .filter((v) => !input.defaultOnly || v.defaultVersion)
    .filter((v) => explicit === undefined || explicit.has(v.clusterVersion ?? ""))
    .filter((v) =>
      statusFilter !== undefined
        ? v.versionStatus === statusFilter
        : input.includeAll || explicit !== undefined || v.versionStatus !== "UNSUPPORTED",
    );
  const scope = `DescribeClusterVersions:${JSON.stringify([input.clusterType, input.defaultOnly, input.includeAll, input.clusterVersions, statusFilter])}`;
  const page = eksPage(shapes, (v) => v.clusterVersion ?? "", input, scope);
  return { clusterVersions: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export { createVersionRecord, describeClusterVersions };
