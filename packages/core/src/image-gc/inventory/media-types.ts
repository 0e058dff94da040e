/** How a manifest is treated by the collector (image-gc.md §7, §13 item 2). */
type ImageKind = "image" | "index" | "artifact" | "unknown";

const INDEX_TYPES = new Set(["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"]);
const IMAGE_TYPES = new Set([
  "application/vnd.oci.image.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v2+json",
  "application/vnd.docker.distribution.manifest.v1+json",
  "application/vnd.docker.distribution.manifest.v1+prettyjws",
]);

/**
 * An index is an index; a manifest pointing at a subject is a referrer (signature, SBOM, attestation); a manifest
 * whose config is not an image config is an artifact; a standalone artifact without a subject (a Helm chart) is
 * collected like an image. Anything unrecognised is "unknown" and always kept.
 */
function classify(detail: { imageManifestMediaType?: string | undefined; subjectManifestDigest?: string | undefined }): ImageKind {
  const manifest = detail.imageManifestMediaType ?? "";
  if (INDEX_TYPES.has(manifest)) return "index";
  if (!IMAGE_TYPES.has(manifest)) return "unknown";
  return detail.subjectManifestDigest ? "artifact" : "image";
}

export { classify, INDEX_TYPES };
export type { ImageKind };
