import type { ImageReferrer, ListImageReferrersRequest, ListImageReferrersResponse } from "@aws-sdk/client-ecr";
import { invalidParameter } from "../errors";
import { enumCheck } from "../filters";
import { collectPage, pageStart } from "../pagination";
import type { Registry } from "../registry";

const ARTIFACT_STATUSES: readonly string[] = ["ACTIVE", "ARCHIVED", "ACTIVATING", "ANY"];

/**
 * ListImageReferrers: the artifacts (signatures, SBOMs, attestations) whose `subject` is the given digest, as OCI 1.1
 * referrers; only ACTIVE ones unless `filter.artifactStatus` says otherwise; pages of `maxResults` (1–50, default 20).
 * An unknown subject has no referrers (an empty list, not an error), as in the OCI referrers API.
 */
function listImageReferrers(registry: Registry, input: ListImageReferrersRequest): ListImageReferrersResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  const subject = input.subjectId?.imageDigest;
  if (subject === undefined) throw invalidParameter("subjectId.imageDigest", "Member must not be null");
  const status = input.filter?.artifactStatus ?? "ACTIVE";
  enumCheck("filter.artifactStatus", status, ARTIFACT_STATUSES);
  const types = input.filter?.artifactTypes;
  const scope = `${registry.registryId}/${repository.name}/${subject}`;
  const start = pageStart(input, "ListImageReferrers", scope, { defaultSize: 20, maxSize: 50 });
  const referrers = [...repository.referrersOf(subject)].sort();
  const page = collectPage(
    referrers,
    start,
    (digest): ImageReferrer | undefined => {
      const image = repository.images.get(digest);
      if (!image) return undefined;
      if (status !== "ANY" && image.status !== status) return undefined;
      if (types !== undefined && (image.artifactType === undefined || !types.includes(image.artifactType))) return undefined;
      return {
        digest: image.digest,
        mediaType: image.mediaType,
        ...(image.artifactType !== undefined ? { artifactType: image.artifactType } : {}),
        size: image.byteSize,
        ...(image.annotations !== undefined ? { annotations: { ...image.annotations } } : {}),
        artifactStatus: image.status,
      };
    },
    "ListImageReferrers",
    scope,
  );
  return { referrers: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

export { listImageReferrers };
