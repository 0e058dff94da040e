import { DescribeImagesCommand, type ECRClient, type ImageDetail } from "@aws-sdk/client-ecr";
import { chunks } from "./batches";
import type { CallCounter } from "./calls";

const isImageNotFound = (error: unknown) => typeof error === "object" && error !== null && (error as { name?: unknown }).name === "ImageNotFoundException";

/**
 * DescribeImages by digest fails as a whole with ImageNotFoundException when any one id is missing (which id is only
 * in the message's prose), so on that answer the ids are split in halves until each missing one is isolated: about
 * 2·k·log2(n/k) extra calls for k missing among n, and none when nothing changed — the usual case.
 */
async function describeSome(ecr: ECRClient, repository: string, digests: readonly string[], counter: CallCounter, found: Map<string, ImageDetail>): Promise<void> {
  try {
    counter.calls++;
    const answer = await ecr.send(new DescribeImagesCommand({ repositoryName: repository, imageIds: digests.map((imageDigest) => ({ imageDigest })) }));
    for (const detail of answer.imageDetails ?? []) if (detail.imageDigest) found.set(detail.imageDigest, detail);
  } catch (error) {
    if (!isImageNotFound(error)) throw error;
    if (digests.length === 1) return;
    const middle = Math.ceil(digests.length / 2);
    await describeSome(ecr, repository, digests.slice(0, middle), counter, found);
    await describeSome(ecr, repository, digests.slice(middle), counter, found);
  }
}

/** The current ImageDetail of every digest the repository still holds; a digest missing from the map is gone. */
async function describeExisting(ecr: ECRClient, repository: string, digests: readonly string[], counter: CallCounter): Promise<Map<string, ImageDetail>> {
  const found = new Map<string, ImageDetail>();
  for (const chunk of chunks([...new Set(digests)])) await describeSome(ecr, repository, chunk, counter, found);
  return found;
}

export { describeExisting };
