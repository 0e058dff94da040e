/**
 * Declarative description of a private ECR registry for tests, the demo and benchmarks. Everything is optional except
 * repository names; omitted values get deterministic defaults, so the same spec always yields the same digests.
 *
 * Identity: digests are always computed as the sha256 of the manifest the fake renders (GC code parses manifests and
 * may verify digests). Images refer to each other (index children, referrer subjects) by `ref` — a local name in the
 * spec — or by a `sha256:` digest of an image already present in the same repository.
 */

type EcrImageKind = "image" | "index" | "artifact";

type EcrImageStatus = "ACTIVE" | "ARCHIVED" | "ACTIVATING";

/** A point in simulated time: a Date, an ISO-8601 string, or epoch milliseconds. */
type EcrTime = Date | string | number;

interface EcrPlatform {
  os: string;
  architecture: string;
  variant?: string;
}

interface EcrImageSpec {
  /** Local name other images in the same repository use in `children` / `subject` / `attests`. */
  ref?: string;
  /** "image" (single-platform manifest, default), "index" (multi-arch) or "artifact" (OCI 1.1 referrer). */
  kind?: EcrImageKind;
  tags?: readonly string[];
  /** Default: the sandbox clock's now. */
  pushedAt?: EcrTime;
  /** Sets `lastRecordedPullTime`; never pulled when omitted (the field is then absent, as in ECR). */
  lastPulledAt?: EcrTime;
  /** Compressed size of the layers (images, artifacts). Indexes report the largest child, as ECR does. */
  sizeBytes?: number;
  /**
   * Manifest media type. Images: OCI manifest (default) or Docker v2; indexes: OCI index (default) or Docker manifest
   * list. Artifacts are always OCI manifests.
   */
  mediaType?: string;
  /**
   * What the image is built from: images with the same content (and shape) get the same digest, in any repository.
   * Default: unique per position in the spec (or per push), so distinct entries never collide.
   */
  content?: string;
  /** Expected digest: the build fails if the rendered manifest hashes to something else (pins test vectors). */
  digest?: string;
  /** Exact manifest bytes to store instead of a rendered one (real-world vectors); kind/mediaType/children are read from it. */
  manifest?: string;
  /** Index children: refs or digests of images in the repository, or inline child specs (pushed untagged first). */
  children?: ReadonlyArray<string | EcrImageSpec>;
  /** As an index child: the platform in the index entry. Default: linux/amd64, linux/arm64, linux/arm/v7, … by position. */
  platform?: EcrPlatform;
  /**
   * As an index child: makes this a BuildKit attestation manifest (`unknown/unknown` platform, in-toto layer,
   * `vnd.docker.reference.*` annotations) for the sibling with this ref or digest.
   */
  attests?: string;
  /** Artifacts: ref or digest of the subject image (the image this signature/SBOM refers to). */
  subject?: string;
  /** Artifacts: `artifactType` (default `application/vnd.dev.sigstore.bundle.v0.3+json`). */
  artifactType?: string;
  /** Manifest annotations. */
  annotations?: Readonly<Record<string, string>>;
  /** Storage class state (archive tier, image-gc.md §3). Default ACTIVE. */
  status?: EcrImageStatus;
  /** When an ARCHIVED image was archived (`lastArchivedAt`). Default: `pushedAt`. */
  archivedAt?: EcrTime;
}

type EcrTagMutability = "MUTABLE" | "IMMUTABLE";

interface EcrRepositorySpec {
  /** Repository name, e.g. "team/api" or a pull-through cache path "ecr-public/nginx/nginx". */
  name: string;
  /** Default: the sandbox clock's now. */
  createdAt?: EcrTime;
  /** Resource tags (ListTagsForResource), e.g. `{ "caretaker/gc": "off" }`. */
  tags?: Readonly<Record<string, string>>;
  imageTagMutability?: EcrTagMutability;
  /** Lifecycle policy text (an object is serialised to JSON). Absent: GetLifecyclePolicy fails as in ECR. */
  lifecyclePolicy?: string | object;
  /** `lastEvaluatedAt` of the lifecycle policy. Default: the epoch, which is what ECR reports before any evaluation. */
  lifecyclePolicyEvaluatedAt?: EcrTime;
  /** Pushed in order. */
  images?: readonly EcrImageSpec[];
}

interface EcrPullThroughCacheRuleSpec {
  ecrRepositoryPrefix: string;
  upstreamRegistryUrl: string;
  /** e.g. "ecr-public", "docker-hub", "quay", "k8s", "github-container-registry". */
  upstreamRegistry?: string;
  credentialArn?: string;
  upstreamRepositoryPrefix?: string;
  createdAt?: EcrTime;
}

/** Requests per second allowed for one operation (token bucket on the sandbox clock); beyond it ThrottlingException. */
interface EcrRateLimit {
  perSecond: number;
  /** Bucket size. Default: `perSecond`. */
  burst?: number;
}

interface EcrSpec {
  repositories?: readonly EcrRepositorySpec[];
  pullThroughCacheRules?: readonly EcrPullThroughCacheRuleSpec[];
  /**
   * Per-operation rate limits, e.g. `{ DescribeImages: { perSecond: 10 } }`. ECR publishes no quota for the listing and
   * delete APIs and throttles them with `ThrottlingException: Rate exceeded` (image-gc.md §8). Default: unlimited.
   */
  rateLimits?: Readonly<Record<string, EcrRateLimit>>;
  /**
   * Whether BatchGetImage updates `lastRecordedPullTime` like a pull. ECR documents pulls (and the Inspector exclusion)
   * but not whether this API call counts; off by default, on to test a collector that must not disturb the signal.
   */
  batchGetImageRecordsPull?: boolean;
}

export type {
  EcrImageKind,
  EcrImageSpec,
  EcrImageStatus,
  EcrPlatform,
  EcrPullThroughCacheRuleSpec,
  EcrRateLimit,
  EcrRepositorySpec,
  EcrSpec,
  EcrTagMutability,
  EcrTime,
};
