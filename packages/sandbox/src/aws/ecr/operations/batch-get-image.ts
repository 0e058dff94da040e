import type { BatchGetImageRequest, BatchGetImageResponse, Image, ImageFailure } from "@aws-sdk/client-ecr";
import { imageFailure, resolveImageId, validateImageIdCount } from "../image-ids";
import { DEFAULT_ACCEPTED_MEDIA_TYPES } from "../media-types";
import type { Registry } from "../registry";

/**
 * BatchGetImage: the stored manifest bytes (their sha256 is the digest) for up to 100 ids, with per-id failures.
 *
 * A manifest is returned only if its media type is accepted; without `acceptedMediaTypes` that excludes indexes.
 * ECR converts Docker v2 ↔ OCI manifests when pulled by tag and cannot convert otherwise; the sandbox never converts
 * and reports a non-accepted manifest — and an archived one, which cannot be pulled — as ImageNotFound. Code that reads
 * indexes must therefore ask for the index media types, as ecrm does (image-gc.md §7).
 */
function batchGetImage(registry: Registry, input: BatchGetImageRequest): BatchGetImageResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  const ids = validateImageIdCount(input.imageIds);
  const accepted = new Set(input.acceptedMediaTypes ?? DEFAULT_ACCEPTED_MEDIA_TYPES);
  const images: Image[] = [];
  const failures: ImageFailure[] = [];
  const returned = new Set<string>();
  for (const id of ids) {
    const { image, failure } = resolveImageId(repository, id);
    if (failure) {
      failures.push(failure);
      continue;
    }
    if (image.status !== "ACTIVE" || !accepted.has(image.mediaType)) {
      failures.push(imageFailure(id, "ImageNotFound"));
      continue;
    }
    const imageId = { imageDigest: image.digest, ...(id.imageTag !== undefined ? { imageTag: id.imageTag } : {}) };
    const key = `${imageId.imageDigest} ${imageId.imageTag ?? ""}`;
    if (returned.has(key)) continue;
    returned.add(key);
    if (registry.batchGetImageRecordsPull) image.lastPulledAt = registry.context.clock.now();
    images.push({
      registryId: registry.registryId,
      repositoryName: repository.name,
      imageId,
      imageManifest: image.manifest,
      imageManifestMediaType: image.mediaType,
    });
  }
  return { images, failures };
}

export { batchGetImage };
