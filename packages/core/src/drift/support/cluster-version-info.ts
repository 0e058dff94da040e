import { z } from "zod";
import { safeParseKubeVersion, type KubeVersion } from "../versions";
import { InvalidSupportDataError } from "./invalid-support-data-error";

/** `Cluster.upgradePolicy.supportType`: what happens at the end of standard support (drift.md §8). */
const SUPPORT_TYPES = ["STANDARD", "EXTENDED"] as const;

type SupportType = (typeof SUPPORT_TYPES)[number];

/** The dates of one Kubernetes version's support on EKS, from `DescribeClusterVersions` (drift.md §9.1). */
interface VersionSupportDates {
  version: KubeVersion;
  endOfStandardSupport: Date;
  endOfExtendedSupport: Date;
  /** EKS's own view (`STANDARD_SUPPORT | EXTENDED_SUPPORT | UNSUPPORTED`), kept for reports; the dates decide. */
  versionStatus?: string;
}

/** The SDK gives `Date`s; JSON (fixtures, queues, the sandbox) gives ISO 8601 text. Both mean an instant. */
const TIMESTAMP_ERROR = "must be a Date or an ISO 8601 timestamp with a time zone";
const Timestamp = z
  .union([z.date({ error: TIMESTAMP_ERROR }), z.iso.datetime({ offset: true, error: TIMESTAMP_ERROR })], { error: TIMESTAMP_ERROR })
  .transform((value) => new Date(value));

const ClusterVersionInformationSchema = z.object({
  clusterVersion: z.string({ error: "must be a string such as \"1.30\"" }),
  endOfStandardSupportDate: Timestamp,
  endOfExtendedSupportDate: Timestamp,
  versionStatus: z.string().optional(),
});

/**
 * Reads one `ClusterVersionInformation` (SDK output or its JSON form). Every field the SDK marks optional that the
 * arithmetic needs is required here, and the error lists all that are missing or malformed at once.
 */
function readClusterVersionInfo(info: unknown): VersionSupportDates {
  const parsed = ClusterVersionInformationSchema.safeParse(info);
  if (!parsed.success) throw new InvalidSupportDataError(parsed.error.issues.map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`));
  const { clusterVersion, endOfStandardSupportDate, endOfExtendedSupportDate, versionStatus } = parsed.data;
  const problems: string[] = [];
  const version = safeParseKubeVersion(clusterVersion);
  if (!version.ok) problems.push(`clusterVersion: ${version.error.reason}`);
  // Extended support follows standard support; the other order would make every day count wrong.
  if (endOfExtendedSupportDate < endOfStandardSupportDate) problems.push("endOfExtendedSupportDate: is before endOfStandardSupportDate");
  if (!version.ok || problems.length > 0) throw new InvalidSupportDataError(problems);
  return {
    version: version.version,
    endOfStandardSupport: endOfStandardSupportDate,
    endOfExtendedSupport: endOfExtendedSupportDate,
    ...(versionStatus !== undefined ? { versionStatus } : {}),
  };
}

export { readClusterVersionInfo, SUPPORT_TYPES };
export type { SupportType, VersionSupportDates };
