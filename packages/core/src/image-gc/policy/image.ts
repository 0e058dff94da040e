import type { StorageClass } from "./schema";

/** What the inventory made of an ECR manifest (image-gc.md §13 item 2). */
type ImageKind = "image" | "index" | "artifact";

/** ECR's ImageStatus; anything else (a value added later) is treated as unknown and kept. */
type ImageStatus = "ACTIVE" | "ARCHIVED" | "ACTIVATING";

/**
 * One manifest (one digest) as the lifecycle rules see it: a plain record built from ECR's ImageDetail, so this
 * module never calls AWS.
 */
interface PolicyImage {
  readonly digest: string;
  /** Every tag currently on the digest; empty when untagged. */
  readonly tags: readonly string[];
  /** ImageDetail.imagePushedAt. */
  readonly pushedAt: Date;
  /** ImageDetail.lastRecordedPullTime (refreshed at most daily by ECR, not by Inspector scans). */
  readonly lastPulledAt?: Date;
  /** ImageDetail.lastArchivedAt: when the image entered archive storage (sinceImageTransitioned counts from it). */
  readonly lastArchivedAt?: Date;
  /** ImageDetail.lastActivatedAt: when an archived image was last restored; replaces pushedAt for ordering and age. */
  readonly lastActivatedAt?: Date;
  /** ImageDetail.imageStatus; absent means ACTIVE (DescribeImages without an imageStatus filter lists only those). */
  readonly status?: ImageStatus | (string & {});
  readonly kind: ImageKind;
  /**
   * Digests of the image indexes (manifest lists) that list this manifest, if any. Such a child is neither selected
   * nor counted: the index stands for it ([LP]: it "cannot be expired … without the manifest list being deleted …
   * first"; §6.8: the preview neither expired nor counted them). The caller decides children with its closure.
   */
  readonly childOf?: readonly string[];
}

/** The facts the rules compare, as epoch milliseconds, for an image the rules may select. */
interface RankedImage {
  readonly image: PolicyImage;
  readonly storageClass: StorageClass;
  /** [LP]: pushed_at_time, or last_activated_at if the image was ever restored from archive. */
  readonly activeSince: number;
  /** sinceImagePulled: last pull, else the restore time, else the push time ([LP] §2.11). */
  readonly lastUsed: number;
  /** sinceImageTransitioned: when it was archived; undefined when ECR did not say. */
  readonly archivedAt: number | undefined;
}

const STORAGE_CLASS_BY_STATUS: Record<string, StorageClass> = { ACTIVE: "standard", ARCHIVED: "archive" };

const isValidDate = (value: Date | undefined): boolean => value === undefined || (value instanceof Date && !Number.isNaN(value.getTime()));
const optionalTime = (value: Date | undefined): number | undefined => value?.getTime();

/**
 * Why no rule may select this manifest, or undefined when rules apply to it. Everything unclear is kept (fail
 * closed): a child or a referrer follows its parent or subject, a restore in progress is neither standard nor
 * archive, and an invalid date cannot be compared.
 */
function exclusionReason(image: PolicyImage): string | undefined {
  const [parent, ...others] = image.childOf ?? [];
  if (parent !== undefined) {
    const also = others.length > 0 ? ` (and ${others.length} more)` : "";
    return `listed by index ${parent}${also}: lifecycle rules neither select nor count an index's children; it is decided with its index`;
  }
  if (image.kind === "artifact") return "artifact (signature, SBOM, attestation, …): lifecycle rules neither select nor count it; it follows its subject";
  const status = image.status ?? "ACTIVE";
  if (STORAGE_CLASS_BY_STATUS[status] === undefined) return `status ${status}: neither standard nor archive storage, so no rule selects it`;
  const dates = [image.pushedAt, image.lastPulledAt, image.lastArchivedAt, image.lastActivatedAt];
  if (!dates.every(isValidDate) || image.pushedAt === undefined) return "has an invalid date, so its age cannot be judged";
  return undefined;
}

/** The comparable facts of an image that rules may select (call exclusionReason first). */
function rank(image: PolicyImage): RankedImage {
  const activeSince = Math.max(image.pushedAt.getTime(), optionalTime(image.lastActivatedAt) ?? -Infinity);
  return {
    image,
    storageClass: STORAGE_CLASS_BY_STATUS[image.status ?? "ACTIVE"] ?? "standard",
    activeSince,
    lastUsed: Math.max(activeSince, optionalTime(image.lastPulledAt) ?? -Infinity),
    archivedAt: optionalTime(image.lastArchivedAt),
  };
}

/**
 * Youngest first, as ECR sorts for imageCountMoreThan. Equal times are ordered by digest (ascending), so the result
 * never depends on the order DescribeImages returned the images in: of two images pushed in the same millisecond,
 * the one with the smaller digest counts as the younger and is kept first.
 */
function youngestFirst(a: RankedImage, b: RankedImage): number {
  if (a.activeSince !== b.activeSince) return b.activeSince - a.activeSince;
  return a.image.digest < b.image.digest ? -1 : a.image.digest > b.image.digest ? 1 : 0;
}

export { exclusionReason, rank, youngestFirst };
export type { ImageKind, ImageStatus, PolicyImage, RankedImage };
