import type { ImageStatusFilter, TagStatus } from "@aws-sdk/client-ecr";
import { invalidParameter } from "./errors";
import type { StoredImage } from "./repository-state";

/**
 * The `filter` of DescribeImages / ListImages. Without `imageStatus` only ACTIVE images are listed (archived ones need
 * `ARCHIVED` or `ANY`, image-gc.md §8); without `tagStatus` tagged and untagged images are.
 */

const TAG_STATUSES: readonly string[] = ["TAGGED", "UNTAGGED", "ANY"];
const IMAGE_STATUSES: readonly string[] = ["ACTIVE", "ARCHIVED", "ACTIVATING", "ANY"];

interface ListingFilter {
  tagStatus?: TagStatus | undefined;
  imageStatus?: ImageStatusFilter | undefined;
}

function enumCheck(field: string, value: string | undefined, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw invalidParameter(field, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }
}

/** Validates the filter and returns a predicate over stored images. */
function imageFilter(filter: ListingFilter | undefined): (image: StoredImage) => boolean {
  const tagStatus = filter?.tagStatus ?? "ANY";
  const imageStatus = filter?.imageStatus ?? "ACTIVE";
  enumCheck("filter.tagStatus", tagStatus, TAG_STATUSES);
  enumCheck("filter.imageStatus", imageStatus, IMAGE_STATUSES);
  return (image) => {
    if (imageStatus !== "ANY" && image.status !== imageStatus) return false;
    if (tagStatus === "TAGGED") return image.tags.length > 0;
    if (tagStatus === "UNTAGGED") return image.tags.length === 0;
    return true;
  };
}

export { enumCheck, imageFilter };
export type { ListingFilter };
