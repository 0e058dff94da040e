import type { ImageDetail } from "@aws-sdk/client-ecr";
import type { Registry } from "./registry";
import type { RepositoryState, StoredImage } from "./repository-state";

/**
 * An image as DescribeImages reports it. Optional fields are absent (not empty) when ECR omits them: untagged images
 * have no `imageTags`, never-pulled images no `lastRecordedPullTime`, indexes no `artifactMediaType`.
 */
function imageDetail(registry: Registry, repository: RepositoryState, image: StoredImage): ImageDetail {
  return {
    registryId: registry.registryId,
    repositoryName: repository.name,
    imageDigest: image.digest,
    ...(image.tags.length > 0 ? { imageTags: [...image.tags] } : {}),
    imageSizeInBytes: image.sizeBytes,
    imagePushedAt: new Date(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    ...(image.artifactMediaType !== undefined ? { artifactMediaType: image.artifactMediaType } : {}),
    ...(image.lastPulledAt !== undefined ? { lastRecordedPullTime: new Date(image.lastPulledAt) } : {}),
    ...(image.subject !== undefined ? { subjectManifestDigest: image.subject } : {}),
    imageStatus: image.status,
    ...(image.lastArchivedAt !== undefined ? { lastArchivedAt: new Date(image.lastArchivedAt) } : {}),
    ...(image.lastActivatedAt !== undefined ? { lastActivatedAt: new Date(image.lastActivatedAt) } : {}),
  };
}

export { imageDetail };
