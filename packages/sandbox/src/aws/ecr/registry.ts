import type { FakeServiceContext } from "../service";
import { invalidParameter, repositoryNotFound } from "./errors";
import { pushImage, toDate } from "./push";
import { type RepositorySettings, RepositoryState } from "./repository-state";
import type { EcrImageSpec, EcrPullThroughCacheRuleSpec, EcrRepositorySpec, EcrSpec } from "./spec";

/** A sandbox spec that cannot be built: a mistake in the test's setup, never an AWS error. */
class SandboxSpecError extends Error {
  override readonly name = "SandboxSpecError";
}

interface PullThroughCacheRuleState {
  ecrRepositoryPrefix: string;
  upstreamRegistryUrl: string;
  upstreamRegistry: string | undefined;
  credentialArn: string | undefined;
  upstreamRepositoryPrefix: string | undefined;
  createdAt: Date;
}

/**
 * The account's private registry in one region: repositories by name, pull-through cache rules, and the identity
 * (registry id = account id) that URIs, ARNs and error messages carry.
 *
 * A repository declared in the spec renders and hashes its images the first time anything looks at them, so a
 * 200 × 500-image registry costs nothing until a test or collector reads a repository (listing repositories does
 * not). A mistake in such a spec therefore surfaces on first use, as a SandboxSpecError naming the repository.
 */
class Registry {
  readonly context: FakeServiceContext;
  readonly #repositories = new Map<string, RepositoryState>();
  readonly #pending = new Map<string, { images: readonly EcrImageSpec[]; now: Date; error?: SandboxSpecError }>();
  readonly pullThroughCacheRules: PullThroughCacheRuleState[];
  /** Whether BatchGetImage counts as a pull for `lastRecordedPullTime` (see FakeEcr docs). */
  readonly batchGetImageRecordsPull: boolean;

  constructor(context: FakeServiceContext, spec: EcrSpec) {
    this.context = context;
    this.batchGetImageRecordsPull = spec.batchGetImageRecordsPull ?? false;
    this.pullThroughCacheRules = (spec.pullThroughCacheRules ?? []).map((rule) => this.#ruleFrom(rule));
    for (const repository of spec.repositories ?? []) this.createRepository(repository);
  }

  get registryId(): string {
    return this.context.accountId;
  }

  /** `<account>.dkr.ecr.<region>.amazonaws.com` (`.com.cn` in the China partition). */
  get host(): string {
    const suffix = this.context.partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
    return `${this.registryId}.dkr.ecr.${this.context.region}.${suffix}`;
  }

  repositoryUri(name: string): string {
    return `${this.host}/${name}`;
  }

  repositoryArn(name: string): string {
    const { partition, region } = this.context;
    return `arn:${partition}:ecr:${region}:${this.registryId}:repository/${name}`;
  }

  imageUri(name: string, digest: string): string {
    return `${this.repositoryUri(name)}@${digest}`;
  }

  /**
   * The repository a request names. Another account's registry id finds nothing here, as cross-account access to a
   * registry without a policy does not.
   */
  repository(registryId: string | undefined, name: string | undefined): RepositoryState {
    if (name === undefined) throw invalidParameter("repositoryName", "Member must not be null");
    const registry = registryId ?? this.registryId;
    const repository = registry === this.registryId ? this.get(name) : undefined;
    if (!repository) throw repositoryNotFound(registry, name);
    return repository;
  }

  /** Repository names in ascending order. */
  names(): string[] {
    return [...this.#repositories.keys()].sort();
  }

  /** A repository's settings, without building its images. */
  settings(name: string): RepositorySettings | undefined {
    return this.#repositories.get(name)?.settings;
  }

  /** A repository with its images. */
  get(name: string): RepositoryState | undefined {
    const repository = this.#repositories.get(name);
    const pending = this.#pending.get(name);
    if (repository && pending) {
      // A broken spec stays broken: every use reports it, not just the first.
      if (pending.error) throw pending.error;
      try {
        pending.images.forEach((image, position) => {
          pushImage(repository, image, { seed: `${name}\u0000${position}`, now: pending.now });
        });
        this.#pending.delete(name);
      } catch (error) {
        const message = `invalid ECR spec for repository ${name}: ${(error as Error).message}`;
        pending.error = new SandboxSpecError(message, { cause: error });
        throw pending.error;
      }
    }
    return repository;
  }

  createRepository(spec: EcrRepositorySpec): RepositoryState {
    if (this.#repositories.has(spec.name)) throw new RangeError(`repository ${spec.name} already exists`);
    const now = this.context.clock.now();
    const policy = spec.lifecyclePolicy;
    const repository = new RepositoryState({
      name: spec.name,
      createdAt: spec.createdAt === undefined ? now : toDate(spec.createdAt),
      resourceTags: { ...spec.tags },
      tagMutability: spec.imageTagMutability ?? "MUTABLE",
      lifecyclePolicy: policy === undefined || typeof policy === "string" ? policy : JSON.stringify(policy),
      lifecyclePolicyEvaluatedAt: toDate(spec.lifecyclePolicyEvaluatedAt ?? 0),
    });
    this.#repositories.set(spec.name, repository);
    if (spec.images !== undefined && spec.images.length > 0) this.#pending.set(spec.name, { images: spec.images, now });
    return repository;
  }

  #ruleFrom(rule: EcrPullThroughCacheRuleSpec): PullThroughCacheRuleState {
    return {
      ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
      upstreamRegistryUrl: rule.upstreamRegistryUrl,
      upstreamRegistry: rule.upstreamRegistry,
      credentialArn: rule.credentialArn,
      upstreamRepositoryPrefix: rule.upstreamRepositoryPrefix,
      createdAt: rule.createdAt === undefined ? this.context.clock.now() : toDate(rule.createdAt),
    };
  }
}

export { Registry, SandboxSpecError };
export type { PullThroughCacheRuleState };
