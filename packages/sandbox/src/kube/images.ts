import { createHash } from "node:crypto";

/** Maps a container image to the digest the kubelet reports in `imageID` (the ECR fake knows tags → digests). */
type ImageResolver = (image: string) => string | undefined;

/**
 * What the kubelet (containerd) reports as `imageID`: `<repository>@sha256:<digest>`. Images given by digest keep
 * it; tags are resolved through the registry; unknown images get a stable digest derived from their name, as if
 * pulled from a registry the sandbox does not model.
 */
function imageIdFor(image: string, resolve: ImageResolver): string {
  if (image.includes("@sha256:")) return image;
  const repository = image.replace(/:[^/:@]+$/, "");
  const digest = resolve(image) ?? `sha256:${createHash("sha256").update(image).digest("hex")}`;
  return `${repository}@${digest}`;
}

export { imageIdFor };
export type { ImageResolver };
