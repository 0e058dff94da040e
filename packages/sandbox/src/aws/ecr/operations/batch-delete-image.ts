import type { BatchDeleteImageRequest, BatchDeleteImageResponse, ImageFailure, ImageIdentifier } from "@aws-sdk/client-ecr";
import { imageFailure, resolveImageId, validateImageIdCount } from "../image-ids";
import type { Registry } from "../registry";
import type { RepositoryState } from "../repository-state";

/**
 * BatchDeleteImage (image-gc.md §8):
 * - 1–100 ids, else InvalidParameterException;
 * - by digest: the image and all its tags go; the response lists one `{imageDigest, imageTag}` per tag (or the bare
 *   digest for an untagged image);
 * - by tag (or tag + matching digest): only that tag goes — unless it was the image's last tag, then the image is
 *   deleted too ("When you remove the last tag from an image, the image is deleted from your repository");
 * - an image still listed by an index is not deleted: failure ImageReferencedByManifestList;
 * - everything else per id in `failures[]` (ImageNotFound, ImageTagDoesNotMatchDigest, InvalidImageDigest,
 *   MissingDigestAndTag), the rest of the batch proceeds.
 *
 * Ids are resolved, and manifest-list references checked, against the repository as it was when the request arrived:
 * deleting an index and its children in the same request fails the children, which succeed in a later request once
 * the index is gone. Whether ECR ever honours index-then-children within one request is not documented; collectors
 * that delete indexes first and children in a following call work either way.
 */

interface Plan {
  ids: ImageIdentifier[];
  wholeImage: boolean;
  tags: Set<string>;
}

function planDeletions(repository: RepositoryState, ids: readonly ImageIdentifier[], failures: ImageFailure[]) {
  const plans = new Map<string, Plan>();
  for (const id of ids) {
    const { image, failure } = resolveImageId(repository, id);
    if (failure) {
      failures.push(failure);
      continue;
    }
    let plan = plans.get(image.digest);
    if (!plan) plans.set(image.digest, (plan = { ids: [], wholeImage: false, tags: new Set() }));
    plan.ids.push(id);
    if (id.imageTag === undefined) plan.wholeImage = true;
    else plan.tags.add(id.imageTag);
  }
  return plans;
}

function batchDeleteImage(registry: Registry, input: BatchDeleteImageRequest): BatchDeleteImageResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  const ids = validateImageIdCount(input.imageIds);
  const failures: ImageFailure[] = [];
  const plans = planDeletions(repository, ids, failures);

  const decisions: Array<{ digest: string; deletesImage: boolean; tags: string[] }> = [];
  for (const [digest, plan] of plans) {
    const image = repository.images.get(digest);
    if (!image) continue;
    const deletesImage = plan.wholeImage || image.tags.every((tag) => plan.tags.has(tag));
    if (deletesImage && repository.parentsOf(digest).length > 0) {
      for (const id of plan.ids) failures.push(imageFailure(id, "ImageReferencedByManifestList"));
      continue;
    }
    decisions.push({ digest, deletesImage, tags: deletesImage ? [...image.tags] : [...plan.tags] });
  }

  const deleted: ImageIdentifier[] = [];
  for (const { digest, deletesImage, tags } of decisions) {
    if (deletesImage) repository.delete(digest);
    else for (const tag of tags) repository.removeTag(tag);
    if (tags.length === 0) deleted.push({ imageDigest: digest });
    for (const tag of tags) deleted.push({ imageDigest: digest, imageTag: tag });
  }
  return { imageIds: deleted, failures };
}

export { batchDeleteImage };
