import { BatchGetImageCommand, type ECRClient, type ImageDetail, paginateDescribeImages } from "@aws-sdk/client-ecr";
import { classify, type ImageKind, INDEX_TYPES } from "./media-types";

interface InventoryImage {
  digest: string;
  tags: string[];
  pushedAt: Date;
  lastPulledAt?: Date;
  sizeBytes: number;
  status: string;
  kind: ImageKind;
  /** Digests an index lists (its platform images and attestations). */
  children: string[];
  /** Indexes that list this image. */
  parents: string[];
  /** The image a referrer (signature, SBOM) points at. */
  subject?: string;
  /** Referrers pointing at this image. */
  referrers: string[];
}

interface RepositoryInventory {
  repository: string;
  images: InventoryImage[];
  /** False when something could not be read: then nothing may be deleted in this repository (fail closed). */
  complete: boolean;
  problems: string[];
  /** ECR API calls this inventory cost (for the benchmark's lower bound). */
  calls: number;
}

/** BatchGetImage takes at most 100 image ids per call. */
const BATCH_GET_LIMIT = 100;

function toImage(detail: ImageDetail): InventoryImage {
  return {
    digest: detail.imageDigest ?? "",
    tags: detail.imageTags ?? [],
    pushedAt: detail.imagePushedAt ?? new Date(0),
    ...(detail.lastRecordedPullTime ? { lastPulledAt: detail.lastRecordedPullTime } : {}),
    sizeBytes: detail.imageSizeInBytes ?? 0,
    status: detail.imageStatus ?? "ACTIVE",
    kind: classify(detail),
    children: [],
    parents: [],
    ...(detail.subjectManifestDigest ? { subject: detail.subjectManifestDigest } : {}),
    referrers: [],
  };
}

/**
 * Everything a repository holds, with its graph: every image of every status (DescribeImages, 1000 per page), each
 * index's children (BatchGetImage with the index media types, 100 per call) and each subject's referrers. An index
 * that cannot be read makes the inventory incomplete — its children's protection would be unknown.
 */
async function inventoryRepository(ecr: ECRClient, repository: string): Promise<RepositoryInventory> {
  const images: InventoryImage[] = [];
  let calls = 0;
  for await (const page of paginateDescribeImages({ client: ecr, pageSize: 1000 }, { repositoryName: repository, filter: { imageStatus: "ANY" } })) {
    calls++;
    images.push(...(page.imageDetails ?? []).map(toImage));
  }
  const byDigest = new Map(images.map((image) => [image.digest, image]));
  const problems: string[] = [];
  const indexes = images.filter((image) => image.kind === "index");
  for (let start = 0; start < indexes.length; start += BATCH_GET_LIMIT) {
    const batch = indexes.slice(start, start + BATCH_GET_LIMIT);
    calls++;
    let answer;
    try {
      answer = await ecr.send(new BatchGetImageCommand({ repositoryName: repository, imageIds: batch.map((index) => ({ imageDigest: index.digest })), acceptedMediaTypes: [...INDEX_TYPES] }));
    } catch (error) {
      // Without the manifests the children's protection is unknown: the repository is off limits this run.
      problems.push(`cannot read ${batch.length} index manifest(s): ${(error as { name?: string }).name ?? "Error"}: ${(error as Error).message}`);
      continue;
    }
    for (const failure of answer.failures ?? []) problems.push(`cannot read index ${failure.imageId?.imageDigest}: ${failure.failureCode} ${failure.failureReason ?? ""}`.trim());
    for (const fetched of answer.images ?? []) {
      const index = byDigest.get(fetched.imageId?.imageDigest ?? "");
      if (!index) continue;
      try {
        const manifest = JSON.parse(fetched.imageManifest ?? "{}") as { manifests?: Array<{ digest?: string }> };
        index.children = (manifest.manifests ?? []).map((entry) => entry.digest ?? "").filter(Boolean);
      } catch {
        problems.push(`index ${index.digest} has a manifest that is not JSON`);
      }
    }
  }
  const unread = indexes.filter((index) => index.children.length === 0);
  if (problems.length === 0) for (const index of unread) problems.push(`index ${index.digest} lists no children`);
  for (const index of indexes) for (const child of index.children) byDigest.get(child)?.parents.push(index.digest);
  for (const image of images) if (image.subject) byDigest.get(image.subject)?.referrers.push(image.digest);
  return { repository, images, complete: problems.length === 0, problems, calls };
}

export { inventoryRepository };
export type { InventoryImage, RepositoryInventory };
