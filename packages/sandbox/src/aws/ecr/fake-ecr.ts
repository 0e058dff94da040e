import {
  BatchDeleteImageCommand,
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribePullThroughCacheRulesCommand,
  DescribeRepositoriesCommand,
  ECRClient,
  GetLifecyclePolicyCommand,
  ListImageReferrersCommand,
  ListImagesCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-ecr";
import type { CommandClass, CommandHandler, FakeService, FakeServiceContext } from "../service";
import { isIndexMediaType } from "./media-types";
import { batchDeleteImage } from "./operations/batch-delete-image";
import { batchGetImage } from "./operations/batch-get-image";
import { describeImages } from "./operations/describe-images";
import { describePullThroughCacheRules } from "./operations/describe-pull-through-cache-rules";
import { describeRepositories } from "./operations/describe-repositories";
import { getLifecyclePolicy } from "./operations/get-lifecycle-policy";
import { listImageReferrers } from "./operations/list-image-referrers";
import { listImages } from "./operations/list-images";
import { listTagsForResource } from "./operations/list-tags-for-resource";
import { applyTag, pushImage, toDate } from "./push";
import { RateLimiter } from "./rate-limiter";
import { Registry } from "./registry";
import type { RepositoryState, StoredImage } from "./repository-state";
import type { EcrImageKind, EcrImageSpec, EcrImageStatus, EcrRepositorySpec, EcrSpec, EcrTime } from "./spec";

/** An image as tests see it (`images()`, `push()`): the facts invariants are written against. */
interface EcrImageView {
  digest: string;
  uri: string;
  kind: EcrImageKind;
  mediaType: string;
  tags: string[];
  sizeBytes: number;
  pushedAt: Date;
  lastPulledAt: Date | undefined;
  status: EcrImageStatus;
  /** Digests an index lists. */
  children: string[];
  /** Digest a referrer points at. */
  subject: string | undefined;
  artifactType: string | undefined;
}

/**
 * Stateful ECR for the sandbox: a private registry built from an `EcrSpec`, serving the read and delete API a
 * collector uses (DescribeRepositories, DescribeImages, ListImages, BatchGetImage, BatchDeleteImage,
 * ListImageReferrers, GetLifecyclePolicy, DescribePullThroughCacheRules, ListTagsForResource) with ECR's shapes,
 * limits, pagination and failure codes, plus mutations and invariant checks for tests. A spec repository renders its
 * images on first use, so large registries cost nothing until read (a spec mistake then surfaces as SandboxSpecError).
 *
 * Not modelled: layer/blob APIs, scanning, replication, lifecycle policy execution and preview, storage class
 * changes through the API, repository creation through the API, and ECR's own clean-up of referrers after their
 * subject is deleted (image-gc.md §7) — orphaned referrers stay until deleted.
 */
class FakeEcr implements FakeService {
  readonly serviceName = "ecr";
  readonly clientClass = ECRClient;
  readonly operations: ReadonlyArray<{ name: string; command: CommandClass; handle: CommandHandler }>;
  readonly #registry: Registry;
  readonly #limiter: RateLimiter;

  constructor(context: FakeServiceContext, spec: EcrSpec = {}) {
    this.#registry = new Registry(context, spec);
    this.#limiter = new RateLimiter(context.clock, spec.rateLimits);
    const registry = this.#registry;
    const operation = <I, O>(name: string, command: CommandClass, run: (registry: Registry, input: I) => O) => ({
      name,
      command,
      handle: (input: I) => {
        this.#limiter.take(name);
        return run(registry, input);
      },
    });
    this.operations = [
      operation("DescribeRepositories", DescribeRepositoriesCommand, describeRepositories),
      operation("DescribeImages", DescribeImagesCommand, describeImages),
      operation("ListImages", ListImagesCommand, listImages),
      operation("BatchGetImage", BatchGetImageCommand, batchGetImage),
      operation("BatchDeleteImage", BatchDeleteImageCommand, batchDeleteImage),
      operation("ListImageReferrers", ListImageReferrersCommand, listImageReferrers),
      operation("GetLifecyclePolicy", GetLifecyclePolicyCommand, getLifecyclePolicy),
      operation("DescribePullThroughCacheRules", DescribePullThroughCacheRulesCommand, describePullThroughCacheRules),
      operation("ListTagsForResource", ListTagsForResourceCommand, listTagsForResource),
    ];
  }

  /** The registry id, which is the account id. */
  get registryId(): string {
    return this.#registry.registryId;
  }

  /** Adds a repository (with its images) as if created outside the code under test. */
  createRepository(spec: EcrRepositorySpec): void {
    this.#registry.createRepository(spec);
  }

  /** Pushes an image (inline children and referrer subjects resolved as in the spec); returns the top manifest. */
  push(repositoryName: string, image: EcrImageSpec): EcrImageView {
    const repository = this.#repository(repositoryName);
    const seed = `${repositoryName}\u0000push\u0000${repository.pushCount++}`;
    const stored = pushImage(repository, image, { seed, now: this.#registry.context.clock.now() });
    return this.#view(repository, stored);
  }

  /** Points `tag` at an image (moving it from another image, except in an IMMUTABLE repository). */
  tag(repositoryName: string, reference: string, tag: string): void {
    const repository = this.#repository(repositoryName);
    applyTag(repository, tag, this.digestOf(repositoryName, reference));
  }

  /** Removes a tag and keeps the image, now possibly untagged (what a tag moving to a newer build leaves behind). */
  untag(repositoryName: string, tag: string): void {
    if (this.#repository(repositoryName).removeTag(tag) === undefined) {
      throw new RangeError(`no tag ${tag} in repository ${repositoryName}`);
    }
  }

  /**
   * Records a pull of exactly this manifest (`lastRecordedPullTime`). A node pulling a multi-arch image fetches the
   * index and then one platform child: record both to model it.
   */
  recordPull(repositoryName: string, reference: string, at?: EcrTime): void {
    const image = this.#image(repositoryName, reference);
    image.lastPulledAt = at === undefined ? this.#registry.context.clock.now() : toDate(at);
  }

  /** Moves an image to the archive tier (`ARCHIVED`, `lastArchivedAt`) or back (`ACTIVE`, `lastActivatedAt`). */
  setStatus(repositoryName: string, reference: string, status: EcrImageStatus, at?: EcrTime): void {
    const image = this.#image(repositoryName, reference);
    const when = at === undefined ? this.#registry.context.clock.now() : toDate(at);
    image.status = status;
    if (status === "ARCHIVED") image.lastArchivedAt = when;
    if (status === "ACTIVE") image.lastActivatedAt = when;
  }

  /** A spec ref, tag or digest → the digest it names now. */
  digestOf(repositoryName: string, reference: string): string {
    return this.#image(repositoryName, reference).digest;
  }

  /** `<account>.dkr.ecr.<region>.amazonaws.com/<repository>@sha256:…`, as pods reference images. */
  imageUri(repositoryName: string, digest: string): string {
    return this.#registry.imageUri(repositoryName, digest);
  }

  /** The exact manifest bytes stored for an image. */
  manifest(repositoryName: string, reference: string): string {
    return this.#image(repositoryName, reference).manifest;
  }

  /** Whether the repository still holds the digest. */
  exists(repositoryName: string, digest: string): boolean {
    return this.#repository(repositoryName).images.has(digest);
  }

  /** Digests deleted from the repository (through BatchDeleteImage), in deletion order. */
  deletedDigests(repositoryName: string): string[] {
    return [...this.#repository(repositoryName).deletedDigests()];
  }

  /** Every stored image of a repository, in digest order. */
  images(repositoryName: string): EcrImageView[] {
    const repository = this.#repository(repositoryName);
    return repository.sortedDigests().map((digest) => this.#view(repository, repository.images.get(digest) as StoredImage));
  }

  repositoryNames(): string[] {
    return this.#registry.names();
  }

  #repository(name: string): RepositoryState {
    const repository = this.#registry.get(name);
    if (!repository) throw new RangeError(`no repository ${name} in the sandbox registry`);
    return repository;
  }

  #image(repositoryName: string, reference: string): StoredImage {
    const repository = this.#repository(repositoryName);
    const digest = repository.resolve(reference);
    const image = digest === undefined ? undefined : repository.images.get(digest);
    if (!image) throw new RangeError(`no image ${reference} in repository ${repositoryName}`);
    return image;
  }

  #view(repository: RepositoryState, image: StoredImage): EcrImageView {
    const kind: EcrImageKind = isIndexMediaType(image.mediaType)
      ? "index"
      : image.artifactType !== undefined
        ? "artifact"
        : "image";
    return {
      digest: image.digest,
      uri: this.#registry.imageUri(repository.name, image.digest),
      kind,
      mediaType: image.mediaType,
      tags: [...image.tags],
      sizeBytes: image.sizeBytes,
      pushedAt: new Date(image.pushedAt),
      lastPulledAt: image.lastPulledAt && new Date(image.lastPulledAt),
      status: image.status,
      children: [...image.children],
      subject: image.subject,
      artifactType: image.artifactType,
    };
  }
}

export { FakeEcr };
export type { EcrImageView };
