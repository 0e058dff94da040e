import type { EcrImageStatus, EcrTagMutability } from "./spec";

/** One manifest stored in a repository: each index, platform child and referrer is its own image, as in ECR. */
interface StoredImage {
  readonly digest: string;
  /** Exact manifest bytes (BatchGetImage returns them; the digest is their sha256). */
  readonly manifest: string;
  readonly mediaType: string;
  /** Manifest byte length (descriptor `size`). */
  readonly byteSize: number;
  /** `ImageDetail.artifactMediaType`: `artifactType` for OCI artifacts, else the config media type; none for indexes. */
  readonly artifactMediaType: string | undefined;
  readonly artifactType: string | undefined;
  /** `imageSizeInBytes`. */
  readonly sizeBytes: number;
  /** Digests of the manifests an index lists. */
  readonly children: readonly string[];
  /** Digest of the manifest a referrer points at. */
  readonly subject: string | undefined;
  readonly annotations: Readonly<Record<string, string>> | undefined;
  pushedAt: Date;
  lastPulledAt: Date | undefined;
  status: EcrImageStatus;
  lastArchivedAt: Date | undefined;
  lastActivatedAt: Date | undefined;
  /** In the order they were applied. */
  tags: string[];
}

type NewImage = Omit<StoredImage, "tags">;

interface RepositorySettings {
  name: string;
  createdAt: Date;
  resourceTags: Readonly<Record<string, string>>;
  tagMutability: EcrTagMutability;
  lifecyclePolicy: string | undefined;
  lifecyclePolicyEvaluatedAt: Date;
}

/**
 * A repository's images with the indexes ECR keeps: tag → digest, child → indexes listing it (for
 * ImageReferencedByManifestList), subject → referrers (ListImageReferrers), and a digest-sorted view that makes
 * pagination tokens stable while images come and go.
 */
class RepositoryState {
  readonly settings: RepositorySettings;
  readonly images = new Map<string, StoredImage>();
  readonly #tagIndex = new Map<string, string>();
  readonly #parents = new Map<string, Set<string>>();
  readonly #referrers = new Map<string, Set<string>>();
  readonly #refs = new Map<string, string>();
  readonly #deleted: string[] = [];
  #sorted: string[] | undefined;
  /** Makes images pushed without `content` unique. */
  pushCount = 0;

  constructor(settings: RepositorySettings) {
    this.settings = settings;
  }

  get name(): string {
    return this.settings.name;
  }

  /** Stores an image (or, for an existing digest, keeps the stored one — a re-push changes nothing but tags). */
  insert(image: NewImage): StoredImage {
    const existing = this.images.get(image.digest);
    if (existing) return existing;
    const stored: StoredImage = { ...image, tags: [] };
    this.images.set(stored.digest, stored);
    for (const child of stored.children) this.#link(this.#parents, child, stored.digest);
    if (stored.subject) this.#link(this.#referrers, stored.subject, stored.digest);
    this.#sorted = undefined;
    return stored;
  }

  /** Points `tag` at `digest`, taking it away from the image that had it (tags are unique within a repository). */
  setTag(tag: string, digest: string): void {
    const image = this.images.get(digest);
    if (!image) throw new RangeError(`no image ${digest} in repository ${this.name}`);
    const previous = this.#tagIndex.get(tag);
    if (previous === digest) return;
    if (previous !== undefined) this.#dropTagFrom(previous, tag);
    this.#tagIndex.set(tag, digest);
    image.tags.push(tag);
  }

  /** Removes a tag without deleting its image; returns the digest it pointed at. */
  removeTag(tag: string): string | undefined {
    const digest = this.#tagIndex.get(tag);
    if (digest === undefined) return undefined;
    this.#tagIndex.delete(tag);
    this.#dropTagFrom(digest, tag);
    return digest;
  }

  digestForTag(tag: string): string | undefined {
    return this.#tagIndex.get(tag);
  }

  /** Deletes an image and its tags; the digest is recorded for `deletedDigests()`. */
  delete(digest: string): StoredImage | undefined {
    const image = this.images.get(digest);
    if (!image) return undefined;
    for (const tag of image.tags) this.#tagIndex.delete(tag);
    for (const child of image.children) this.#unlink(this.#parents, child, digest);
    if (image.subject) this.#unlink(this.#referrers, image.subject, digest);
    this.images.delete(digest);
    this.#deleted.push(digest);
    this.#sorted = undefined;
    return image;
  }

  /** Indexes (still stored) that list `digest`. */
  parentsOf(digest: string): readonly string[] {
    return [...(this.#parents.get(digest) ?? [])];
  }

  /** Stored artifacts whose subject is `digest`. */
  referrersOf(digest: string): readonly string[] {
    return [...(this.#referrers.get(digest) ?? [])];
  }

  rememberRef(ref: string, digest: string): void {
    this.#refs.set(ref, digest);
  }

  /** A spec ref, a digest or a tag → digest (digest only if stored, except when `allowMissing`). */
  resolve(reference: string, allowMissing = false): string | undefined {
    const fromRef = this.#refs.get(reference);
    if (fromRef !== undefined) return fromRef;
    if (reference.startsWith("sha256:")) return allowMissing || this.images.has(reference) ? reference : undefined;
    return this.#tagIndex.get(reference);
  }

  deletedDigests(): readonly string[] {
    return [...this.#deleted];
  }

  /** Digests in ascending order: the listing order of DescribeImages/ListImages and the anchor of their tokens. */
  sortedDigests(): readonly string[] {
    this.#sorted ??= [...this.images.keys()].sort();
    return this.#sorted;
  }

  #dropTagFrom(digest: string, tag: string): void {
    const image = this.images.get(digest);
    if (image) image.tags = image.tags.filter((t) => t !== tag);
  }

  #link(index: Map<string, Set<string>>, key: string, value: string): void {
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(value);
  }

  #unlink(index: Map<string, Set<string>>, key: string, value: string): void {
    const set = index.get(key);
    set?.delete(value);
    if (set?.size === 0) index.delete(key);
  }
}

export { RepositoryState };
export type { NewImage, RepositorySettings, StoredImage };
