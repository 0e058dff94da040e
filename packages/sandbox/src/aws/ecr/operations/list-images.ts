import type { ImageIdentifier, ListImagesRequest, ListImagesResponse } from "@aws-sdk/client-ecr";
import { imageFilter } from "../filters";
import { collectPage, pageStart } from "../pagination";
import type { Registry } from "../registry";

/**
 * ListImages: one entry per (digest, tag) pair and one bare `{ imageDigest }` per untagged image, so a digest with
 * three tags appears three times; pages of `maxResults` (1–1000, default 100) counted in entries.
 */
function listImages(registry: Registry, input: ListImagesRequest): ListImagesResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  const keep = imageFilter(input.filter);
  const scope = `${registry.registryId}/${repository.name}`;
  const start = pageStart(input, "ListImages", scope, { defaultSize: 100, maxSize: 1000 });
  // Keys sort by digest, then tag: the separator sits at the same offset in every key (digests have a fixed length).
  const entries = new Map<string, ImageIdentifier>();
  for (const digest of repository.sortedDigests()) {
    const image = repository.images.get(digest);
    if (!image || !keep(image)) continue;
    if (image.tags.length === 0) entries.set(digest, { imageDigest: digest });
    for (const tag of [...image.tags].sort()) entries.set(`${digest} ${tag}`, { imageDigest: digest, imageTag: tag });
  }
  const page = collectPage([...entries.keys()], start, (key) => entries.get(key), "ListImages", scope);
  return { imageIds: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export { listImages };
