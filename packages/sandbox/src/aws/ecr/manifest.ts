import { hash } from "node:crypto";
import { MediaType } from "./media-types";

/**
 * Renders real manifest documents (OCI image manifest/index, Docker v2 manifest/manifest list, OCI 1.1 artifact
 * manifests with `subject`) and their digests: sha256 over the exact bytes returned by BatchGetImage, so code that
 * verifies or parses manifests works as against ECR.
 *
 * Blob (config/layer) digests are well-formed but synthetic — no blob store exists — and come from a fast seeded
 * generator instead of hashing: rendering is the cost of building large registries, and one real sha256 per
 * manifest is all the fidelity needs.
 */

interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
}

interface RenderedManifest {
  text: string;
  digest: string;
  mediaType: string;
  /** Bytes of `text` (the descriptor size other manifests use). */
  byteSize: number;
}

function sha256Digest(text: string): string {
  return `sha256:${hash("sha256", text, "hex")}`;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** FNV-1a over the seed, with a given offset basis so two calls give two independent 32-bit words. */
function fnv1a(seed: string, basis: number): number {
  let h = basis >>> 0;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const digestBytes = Buffer.alloc(32);

/** Deterministic numbers and synthetic digests for one seed (mulberry32-style mixing of a 64-bit seed hash). */
class SeededStream {
  #a: number;
  #b: number;

  constructor(seed: string) {
    this.#a = fnv1a(seed, 0x811c9dc5);
    this.#b = fnv1a(seed, 0x01000193 ^ 0x5bd1e995);
  }

  word(): number {
    this.#a = (this.#a + 0x6d2b79f5) >>> 0;
    let t = this.#a ^ this.#b;
    this.#b = (this.#b + 0x9e3779b9) >>> 0;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + (this.word() % (max - min + 1));
  }

  /** A `sha256:` digest that looks like any other, for a blob that does not exist. */
  digest(): string {
    return `sha256:${this.hex(1)}`;
  }

  /** 64 × `count` hex digits in one native conversion (the hot path renders several blob digests per image). */
  hex(count: number): string {
    const bytes = count === 1 ? digestBytes : Buffer.allocUnsafe(32 * count);
    for (let offset = 0; offset < bytes.length; offset += 4) bytes.writeUInt32BE(this.word(), offset);
    return bytes.toString("hex");
  }
}

/** Deterministic integer in [min, max] for a seed. */
function seededInt(seed: string, min: number, max: number): number {
  return new SeededStream(seed).int(min, max);
}

function finish(text: string, mediaType: string, ascii = false): RenderedManifest {
  return { text, digest: sha256Digest(text), mediaType, byteSize: ascii ? text.length : byteLength(text) };
}

function finishDocument(document: object, mediaType: string): RenderedManifest {
  return finish(JSON.stringify(document), mediaType);
}

/** Splits `total` bytes into 1–4 layers. */
function layerSizes(stream: SeededStream, total: number): number[] {
  const count = Math.min(Math.max(1, total), stream.int(1, 4));
  const sizes: number[] = [];
  let left = total;
  for (let i = 0; i < count - 1; i++) {
    const share = Math.floor(left / (count - i + 1));
    sizes.push(share);
    left -= share;
  }
  sizes.push(left);
  return sizes;
}

interface ImageManifestInput {
  mediaType: string;
  seed: string;
  sizeBytes: number;
  annotations?: Record<string, string>;
}

/**
 * Single-platform image: OCI image manifest or Docker image manifest v2 (schema 2). Written as a template rather than
 * through JSON.stringify because it is the hot path of building large registries; the output is the same compact JSON.
 */
function renderImageManifest({ mediaType, seed, sizeBytes, annotations }: ImageManifestInput): RenderedManifest {
  const docker = mediaType === MediaType.dockerManifest;
  const layerType = docker ? MediaType.dockerLayer : MediaType.ociLayer;
  const configType = docker ? MediaType.dockerConfig : MediaType.ociConfig;
  const stream = new SeededStream(seed);
  const configSize = stream.int(900, 8000);
  const sizes = layerSizes(stream, sizeBytes);
  const hex = stream.hex(sizes.length + 1);
  let text = `{"schemaVersion":2,"mediaType":"${mediaType}","config":{"mediaType":"${configType}","digest":"sha256:${hex.slice(0, 64)}","size":${configSize}},"layers":[`;
  for (let i = 0; i < sizes.length; i++) {
    const digest = hex.slice((i + 1) * 64, (i + 2) * 64);
    text += `${i === 0 ? "" : ","}{"mediaType":"${layerType}","digest":"sha256:${digest}","size":${sizes[i]}}`;
  }
  text += annotations ? `],"annotations":${JSON.stringify(annotations)}}` : "]}";
  // Without annotations the document is ASCII (media types, hex digests, numbers), so characters are bytes.
  return finish(text, mediaType, annotations === undefined);
}

/** BuildKit provenance attestation manifest, as `docker buildx build` pushes inside every index by default. */
function renderAttestationManifest(seed: string, sizeBytes: number): RenderedManifest {
  const stream = new SeededStream(seed);
  const document = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    config: {
      mediaType: MediaType.ociConfig,
      digest: stream.digest(),
      size: 167,
    },
    layers: [
      {
        mediaType: MediaType.inToto,
        digest: stream.digest(),
        size: sizeBytes,
        annotations: { "in-toto.io/predicate-type": "https://slsa.dev/provenance/v0.2" },
      },
    ],
  };
  return finishDocument(document, MediaType.ociManifest);
}

/** Multi-platform image: OCI image index or Docker manifest list over already-rendered children. */
function renderIndex(mediaType: string, children: readonly Descriptor[], annotations?: Record<string, string>) {
  const document = {
    schemaVersion: 2,
    mediaType,
    manifests: children,
    ...(annotations ? { annotations } : {}),
  };
  return finishDocument(document, mediaType);
}

const EMPTY_CONFIG_TEXT = "{}";

interface ArtifactManifestInput {
  seed: string;
  artifactType: string;
  sizeBytes: number;
  subject?: Descriptor;
  annotations?: Record<string, string>;
}

/** OCI 1.1 artifact (signature, SBOM, attestation) with `artifactType`, empty config and an optional `subject`. */
function renderArtifactManifest({ seed, artifactType, sizeBytes, subject, annotations }: ArtifactManifestInput) {
  const document = {
    schemaVersion: 2,
    mediaType: MediaType.ociManifest,
    artifactType,
    config: { mediaType: MediaType.ociEmpty, digest: sha256Digest(EMPTY_CONFIG_TEXT), size: EMPTY_CONFIG_TEXT.length },
    layers: [{ mediaType: artifactType, digest: new SeededStream(seed).digest(), size: sizeBytes }],
    ...(subject ? { subject } : {}),
    ...(annotations ? { annotations } : {}),
  };
  return finishDocument(document, MediaType.ociManifest);
}

/** What the registry needs from a manifest it did not render (a caller-supplied `manifest` string). */
interface ParsedManifest {
  mediaType: string;
  children: Descriptor[];
  subject?: string;
  artifactType?: string;
  configMediaType?: string;
  layersSize: number;
  annotations?: Record<string, string>;
}

function parseManifest(text: string): ParsedManifest {
  const document = JSON.parse(text) as {
    mediaType?: unknown;
    manifests?: Descriptor[];
    subject?: { digest?: unknown };
    artifactType?: unknown;
    config?: { mediaType?: unknown };
    layers?: Array<{ size?: unknown }>;
    annotations?: Record<string, string>;
  };
  // ECR rejects manifests without a top-level mediaType ("Invalid JSON syntax"), so a stored one always has it.
  if (typeof document.mediaType !== "string") throw new RangeError("manifest has no top-level mediaType");
  const parsed: ParsedManifest = {
    mediaType: document.mediaType,
    children: Array.isArray(document.manifests) ? document.manifests : [],
    layersSize: (document.layers ?? []).reduce((sum, layer) => sum + (typeof layer.size === "number" ? layer.size : 0), 0),
  };
  if (typeof document.subject?.digest === "string") parsed.subject = document.subject.digest;
  if (typeof document.artifactType === "string") parsed.artifactType = document.artifactType;
  if (typeof document.config?.mediaType === "string") parsed.configMediaType = document.config.mediaType;
  if (document.annotations) parsed.annotations = document.annotations;
  return parsed;
}

export {
  byteLength,
  parseManifest,
  renderArtifactManifest,
  renderAttestationManifest,
  renderImageManifest,
  renderIndex,
  seededInt,
  sha256Digest,
};
export type { Descriptor, ParsedManifest, Platform, RenderedManifest };
