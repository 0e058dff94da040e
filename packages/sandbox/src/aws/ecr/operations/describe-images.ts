import type { DescribeImagesRequest, DescribeImagesResponse, ImageDetail } from "@aws-sdk/client-ecr";
import { imageNotFound, invalidRequest } from "../errors";
import { imageFilter } from "../filters";
import { imageDetail } from "../image-detail";
import { resolveImageId, validateImageIdCount } from "../image-ids";
import { collectPage, pageStart } from "../pagination";
import type { Registry } from "../registry";
import type { RepositoryState } from "../repository-state";

/**
 * DescribeImages: one ImageDetail per manifest (index, platform children and referrers alike), digest order, pages of
 * `maxResults` (1–1000, default 100). With `imageIds` (≤ 100, no pagination) a single unknown id fails the whole call
 * with ImageNotFoundException, which is how callers resolve a tag to its digest (image-gc.md §9.3).
 */
function describeImages(registry: Registry, input: DescribeImagesRequest): DescribeImagesResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  if (input.imageIds !== undefined) return describeByIds(registry, repository, input);
  const keep = imageFilter(input.filter);
  const scope = `${registry.registryId}/${repository.name}`;
  const start = pageStart(input, "DescribeImages", scope, { defaultSize: 100, maxSize: 1000 });
  const page = collectPage(
    repository.sortedDigests(),
    start,
    (digest) => {
      const image = repository.images.get(digest);
      return image && keep(image) ? imageDetail(registry, repository, image) : undefined;
    },
    "DescribeImages",
    scope,
  );
  return { imageDetails: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function describeByIds(registry: Registry, repository: RepositoryState, input: DescribeImagesRequest) {
  if (input.nextToken !== undefined || input.maxResults !== undefined) {
    // Documented restriction; wording not documented.
    throw invalidRequest("Invalid parameter: nextToken and maxResults cannot be used with imageIds");
  }
  const details: ImageDetail[] = [];
  const seen = new Set<string>();
  for (const id of validateImageIdCount(input.imageIds)) {
    const { image, failure } = resolveImageId(repository, id);
    if (failure) {
      if (failure.failureCode === "ImageNotFound" || failure.failureCode === "ImageTagDoesNotMatchDigest") {
        throw imageNotFound(id, repository.name, registry.registryId);
      }
      throw invalidRequest(failure.failureReason ?? "Invalid request parameters");
    }
    if (seen.has(image.digest)) continue;
    seen.add(image.digest);
    details.push(imageDetail(registry, repository, image));
  }
  return { imageDetails: details };
}

export { describeImages };
