import { ImageTagAlreadyExistsException, ReferencedImagesNotFoundException } from "@aws-sdk/client-ecr";
import {
  type Descriptor,
  type Platform,
  parseManifest,
  type RenderedManifest,
  renderArtifactManifest,
  renderAttestationManifest,
  renderImageManifest,
  renderIndex,
  seededInt,
  sha256Digest,
  byteLength,
} from "./manifest";
import { isIndexMediaType, MediaType } from "./media-types";
import type { NewImage, RepositoryState, StoredImage } from "./repository-state";
import type { EcrImageSpec, EcrTime } from "./spec";

/**
 * Turns an image spec into stored manifests the way a client push does: children first (an index may only list
 * manifests already in the repository — otherwise ReferencedImagesNotFoundException), then the image, then its tags.
 */

const DEFAULT_ARTIFACT_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

const DEFAULT_PLATFORMS: readonly Platform[] = [
  { os: "linux", architecture: "amd64" },
  { os: "linux", architecture: "arm64" },
  { os: "linux", architecture: "arm", variant: "v7" },
  { os: "linux", architecture: "ppc64le" },
  { os: "linux", architecture: "s390x" },
  { os: "linux", architecture: "386" },
  { os: "windows", architecture: "amd64" },
];

const MEGABYTE = 1024 * 1024;

interface PushOptions {
  /** Seed for synthetic content when the spec has no `content`. */
  seed: string;
  /** Time used when the spec has no `pushedAt`. */
  now: Date;
}

function toDate(time: EcrTime): Date {
  const date = new Date(time);
  if (Number.isNaN(date.getTime())) throw new RangeError(`invalid time ${String(time)}`);
  return date;
}

function defaultPlatform(position: number): Platform {
  const platform = DEFAULT_PLATFORMS[position % DEFAULT_PLATFORMS.length] as Platform;
  const round = Math.floor(position / DEFAULT_PLATFORMS.length);
  return round === 0 ? platform : { ...platform, variant: `x${round}` };
}

function descriptorOf(image: StoredImage, extra: Partial<Descriptor> = {}): Descriptor {
  return { mediaType: image.mediaType, digest: image.digest, size: image.byteSize, ...extra };
}

function requireImage(repository: RepositoryState, reference: string, role: string): StoredImage {
  const digest = repository.resolve(reference);
  const image = digest === undefined ? undefined : repository.images.get(digest);
  if (!image) {
    throw new ReferencedImagesNotFoundException({
      message: `The ${role} '${reference}' does not exist in the repository with name '${repository.name}'`,
      $metadata: {},
    });
  }
  return image;
}

interface Rendered {
  manifest: RenderedManifest;
  sizeBytes: number;
  children: string[];
  subject?: string;
  artifactType?: string;
  artifactMediaType?: string;
}

function renderFromText(repository: RepositoryState, text: string): Rendered {
  const parsed = parseManifest(text);
  const children = parsed.children.map((child) => child.digest);
  const missing = children.filter((digest) => !repository.images.has(digest));
  if (missing.length > 0) {
    throw new ReferencedImagesNotFoundException({
      message: `The manifest list references images that do not exist in the repository with name '${repository.name}': [${missing.join(", ")}]`,
      $metadata: {},
    });
  }
  const index = isIndexMediaType(parsed.mediaType);
  const sizes = children.map((digest) => repository.images.get(digest)?.sizeBytes ?? 0);
  const artifactMediaType = index ? undefined : (parsed.artifactType ?? parsed.configMediaType);
  return {
    manifest: { text, digest: sha256Digest(text), mediaType: parsed.mediaType, byteSize: byteLength(text) },
    sizeBytes: index ? Math.max(0, ...sizes) : parsed.layersSize,
    children,
    ...(parsed.subject ? { subject: parsed.subject } : {}),
    ...(parsed.artifactType ? { artifactType: parsed.artifactType } : {}),
    ...(artifactMediaType ? { artifactMediaType } : {}),
  };
}

function renderImage(spec: EcrImageSpec, seed: string): Rendered {
  const mediaType = spec.mediaType ?? MediaType.ociManifest;
  if (mediaType !== MediaType.ociManifest && mediaType !== MediaType.dockerManifest) {
    throw new RangeError(`an image manifest is ${MediaType.ociManifest} or ${MediaType.dockerManifest}, not ${mediaType}`);
  }
  const sizeBytes = spec.sizeBytes ?? seededInt(`${seed}#size`, 5 * MEGABYTE, 300 * MEGABYTE);
  const manifest = renderImageManifest({
    mediaType,
    seed,
    sizeBytes,
    ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
  });
  const artifactMediaType = mediaType === MediaType.dockerManifest ? MediaType.dockerConfig : MediaType.ociConfig;
  return { manifest, sizeBytes, children: [], artifactMediaType };
}

function renderArtifact(repository: RepositoryState, spec: EcrImageSpec, seed: string): Rendered {
  const artifactType = spec.artifactType ?? DEFAULT_ARTIFACT_TYPE;
  const sizeBytes = spec.sizeBytes ?? seededInt(`${seed}#size`, 1_000, 8_000);
  const subject = spec.subject === undefined ? undefined : requireImage(repository, spec.subject, "subject");
  const manifest = renderArtifactManifest({
    seed,
    artifactType,
    sizeBytes,
    ...(subject ? { subject: descriptorOf(subject) } : {}),
    ...(spec.annotations ? { annotations: { ...spec.annotations } } : {}),
  });
  return {
    manifest,
    sizeBytes,
    children: [],
    artifactType,
    artifactMediaType: artifactType,
    ...(subject ? { subject: subject.digest } : {}),
  };
}

function renderIndexOf(repository: RepositoryState, spec: EcrImageSpec, options: PushOptions, seed: string) {
  const mediaType = spec.mediaType ?? MediaType.ociIndex;
  if (!isIndexMediaType(mediaType)) {
    throw new RangeError(`an index is ${MediaType.ociIndex} or ${MediaType.dockerManifestList}, not ${mediaType}`);
  }
  const childMediaType = mediaType === MediaType.dockerManifestList ? MediaType.dockerManifest : MediaType.ociManifest;
  const pushedAt = spec.pushedAt ?? options.now;
  const descriptors: Descriptor[] = [];
  const sizes: number[] = [];
  let platformPosition = 0;
  (spec.children ?? []).forEach((entry, position) => {
    if (typeof entry === "string") {
      const child = requireImage(repository, entry, "child manifest");
      descriptors.push(descriptorOf(child, { platform: defaultPlatform(platformPosition++) }));
      sizes.push(child.sizeBytes);
      return;
    }
    const childSeed = entry.content ?? `${seed}/${position}`;
    if (entry.attests !== undefined) {
      const target = requireImage(repository, entry.attests, "attested manifest");
      const child = pushRendered(repository, { pushedAt, ...entry }, renderAttestation(entry, childSeed), options);
      descriptors.push(
        descriptorOf(child, {
          platform: { os: "unknown", architecture: "unknown" },
          annotations: { "vnd.docker.reference.digest": target.digest, "vnd.docker.reference.type": "attestation-manifest" },
        }),
      );
      sizes.push(child.sizeBytes);
      return;
    }
    // Platform children of a Docker manifest list are Docker manifests unless the entry says otherwise.
    const defaults = entry.kind === undefined || entry.kind === "image" ? { mediaType: childMediaType, pushedAt } : { pushedAt };
    const child = pushImage(repository, { ...defaults, ...entry }, { seed: childSeed, now: options.now });
    descriptors.push(descriptorOf(child, { platform: entry.platform ?? defaultPlatform(platformPosition++) }));
    sizes.push(child.sizeBytes);
  });
  const annotations = spec.annotations ? { ...spec.annotations } : undefined;
  return {
    manifest: renderIndex(mediaType, descriptors, annotations),
    sizeBytes: Math.max(0, ...sizes),
    children: descriptors.map((descriptor) => descriptor.digest),
  };
}

function renderAttestation(spec: EcrImageSpec, seed: string): Rendered {
  const sizeBytes = spec.sizeBytes ?? seededInt(`${seed}#size`, 2_000, 30_000);
  return { manifest: renderAttestationManifest(seed, sizeBytes), sizeBytes, children: [], artifactMediaType: MediaType.ociConfig };
}

function pushRendered(repository: RepositoryState, spec: EcrImageSpec, rendered: Rendered, options: PushOptions) {
  const { manifest } = rendered;
  if (spec.digest !== undefined && spec.digest !== manifest.digest) {
    throw new RangeError(`image digest ${spec.digest} does not match its manifest (sha256 is ${manifest.digest})`);
  }
  const pushedAt = spec.pushedAt === undefined ? options.now : toDate(spec.pushedAt);
  const status = spec.status ?? "ACTIVE";
  const image: NewImage = {
    digest: manifest.digest,
    manifest: manifest.text,
    mediaType: manifest.mediaType,
    byteSize: manifest.byteSize,
    artifactMediaType: rendered.artifactMediaType,
    artifactType: rendered.artifactType,
    sizeBytes: rendered.sizeBytes,
    children: rendered.children,
    subject: rendered.subject,
    annotations: spec.annotations,
    pushedAt,
    lastPulledAt: spec.lastPulledAt === undefined ? undefined : toDate(spec.lastPulledAt),
    status,
    lastArchivedAt: status === "ARCHIVED" ? toDate(spec.archivedAt ?? pushedAt) : undefined,
    lastActivatedAt: undefined,
  };
  const stored = repository.insert(image);
  for (const tag of spec.tags ?? []) applyTag(repository, tag, stored.digest);
  if (spec.ref !== undefined) repository.rememberRef(spec.ref, stored.digest);
  return stored;
}

/** Tags an image; in an IMMUTABLE repository moving an existing tag fails as a push would. */
function applyTag(repository: RepositoryState, tag: string, digest: string): void {
  const current = repository.digestForTag(tag);
  if (current !== undefined && current !== digest && repository.settings.tagMutability === "IMMUTABLE") {
    throw new ImageTagAlreadyExistsException({
      message: `The image tag '${tag}' already exists in the '${repository.name}' repository and cannot be overwritten because the repository is immutable.`,
      $metadata: {},
    });
  }
  repository.setTag(tag, digest);
}

/** Pushes one image spec (with inline children) and returns the stored top-level manifest. */
function pushImage(repository: RepositoryState, spec: EcrImageSpec, options: PushOptions): StoredImage {
  const seed = spec.content ?? options.seed;
  let rendered: Rendered;
  if (spec.manifest !== undefined) rendered = renderFromText(repository, spec.manifest);
  else if (spec.kind === "index") rendered = renderIndexOf(repository, spec, options, seed);
  else if (spec.kind === "artifact") rendered = renderArtifact(repository, spec, seed);
  else rendered = renderImage(spec, seed);
  return pushRendered(repository, spec, rendered, options);
}

export { applyTag, pushImage, toDate };
export type { PushOptions };
