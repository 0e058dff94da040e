/**
 * Media types ECR stores and reports (`imageManifestMediaType`, `artifactMediaType`, descriptor `mediaType`), from the
 * OCI image spec and Docker's distribution spec. GC code identifies indexes by these exact strings (image-gc.md §7).
 */
const MediaType = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociEmpty: "application/vnd.oci.empty.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestV1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayer: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  inToto: "application/vnd.in-toto+json",
} as const;

const INDEX_MEDIA_TYPES: ReadonlySet<string> = new Set([MediaType.ociIndex, MediaType.dockerManifestList]);

/**
 * What BatchGetImage accepts when the caller sends no `acceptedMediaTypes`: the single-image manifest types the API
 * documents as valid values. Indexes are therefore only returned when asked for explicitly (image-gc.md §7, "Reading an
 * index"), which is the behaviour ecrm and other collectors guard against.
 */
const DEFAULT_ACCEPTED_MEDIA_TYPES: readonly string[] = [
  MediaType.dockerManifestV1,
  MediaType.dockerManifest,
  MediaType.ociManifest,
];

function isIndexMediaType(mediaType: string): boolean {
  return INDEX_MEDIA_TYPES.has(mediaType);
}

export { DEFAULT_ACCEPTED_MEDIA_TYPES, isIndexMediaType, MediaType };
