import type { ImageFailure, ImageFailureCode, ImageIdentifier } from "@aws-sdk/client-ecr";
import { invalidParameter } from "./errors";
import type { RepositoryState, StoredImage } from "./repository-state";

/**
 * Resolves the `imageIds` of BatchGetImage / BatchDeleteImage / DescribeImages the way ECR does, with ECR's per-id
 * failure codes and reasons (as returned by the service: LocalStack's parity tests and CLI output record them).
 */

const DIGEST_PATTERN = /^[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+$/;

const REASONS = {
  MissingDigestAndTag: "Invalid request parameters: both tag and digest cannot be null",
  InvalidImageDigest: "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'",
  ImageNotFound: "Requested image not found",
  ImageTagDoesNotMatchDigest: "Invalid request parameters: given tag does not map to the given digest",
  ImageReferencedByManifestList: "Requested image referenced by manifest list",
} as const satisfies Partial<Record<ImageFailureCode, string>>;

type Resolution = { image: StoredImage; failure?: undefined } | { image?: undefined; failure: ImageFailure };

/** The id as the caller sent it (only the fields it set), for echoing in responses and failures. */
function echoId(id: ImageIdentifier): ImageIdentifier {
  return {
    ...(id.imageDigest !== undefined ? { imageDigest: id.imageDigest } : {}),
    ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}),
  };
}

function imageFailure(id: ImageIdentifier, code: keyof typeof REASONS): ImageFailure {
  return { imageId: echoId(id), failureCode: code, failureReason: REASONS[code] };
}

function resolveImageId(repository: RepositoryState, id: ImageIdentifier): Resolution {
  const { imageDigest, imageTag } = id;
  if (imageDigest === undefined && imageTag === undefined) return { failure: imageFailure(id, "MissingDigestAndTag") };
  if (imageDigest !== undefined && !DIGEST_PATTERN.test(imageDigest)) {
    return { failure: imageFailure(id, "InvalidImageDigest") };
  }
  if (imageTag !== undefined) {
    const tagged = repository.digestForTag(imageTag);
    if (tagged === undefined) return { failure: imageFailure(id, "ImageNotFound") };
    if (imageDigest !== undefined && tagged !== imageDigest) {
      return { failure: imageFailure(id, "ImageTagDoesNotMatchDigest") };
    }
    return { image: repository.images.get(tagged) as StoredImage };
  }
  const image = repository.images.get(imageDigest as string);
  return image ? { image } : { failure: imageFailure(id, "ImageNotFound") };
}

/** `imageIds` must hold 1 to 100 entries (image-gc.md §8). */
function validateImageIdCount(imageIds: readonly ImageIdentifier[] | undefined): readonly ImageIdentifier[] {
  if (imageIds === undefined) throw invalidParameter("imageIds", "Member must not be null");
  if (imageIds.length < 1) throw invalidParameter("imageIds", "Member must have length greater than or equal to 1");
  if (imageIds.length > 100) throw invalidParameter("imageIds", "Member must have length less than or equal to 100");
  return imageIds;
}

export { echoId, imageFailure, resolveImageId, validateImageIdCount };
export type { Resolution };
