/** BatchDeleteImage and DescribeImages (by id) take at most 100 image ids per call (image-gc.md §8). */
const ECR_BATCH_LIMIT = 100;

function chunks<T>(items: readonly T[], size = ECR_BATCH_LIMIT): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}

export { chunks, ECR_BATCH_LIMIT };
