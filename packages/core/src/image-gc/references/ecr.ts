import { type ImageRef, parseImageReference } from "./parse";

/** One ECR repository: a registry (account) in one Region; replicas in other Regions are other repositories. */
interface EcrRepository {
  /** The 12-digit account id of the registry. */
  registryId: string;
  region: string;
  name: string;
}

/** A reference into a private ECR registry, whatever host spelling it used. */
interface EcrImageRef {
  registryId: string;
  region: string;
  repository: string;
  tag?: string;
  digest?: string;
}

/**
 * Every host a private ECR registry answers image pulls on (image-gc.md §9.1), each with or without FIPS:
 * `<acct>.dkr.ecr[-fips].<region>.amazonaws.com`, the China partition's `….amazonaws.com.cn`, and the dual-stack
 * `<acct>.dkr-ecr[-fips].<region>.on.aws`. An explicit `:443` is the same registry. Substring tests for `.dkr.ecr.`
 * (ecrm, awslabs) miss the dual-stack host, and a missed host means an in-use image left unprotected; recognising a
 * spelling no runtime could pull from only ever protects more.
 */
const ECR_HOST =
  /^(\d{12})\.(?:dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|dkr-ecr(?:-fips)?\.([a-z0-9-]+)\.on\.aws)(?::443)?$/;
/** us-east-1, us-gov-west-1, cn-north-1, ap-southeast-7, eusc-de-east-1, … */
const REGION = /^[a-z]{2,}(?:-[a-z]+)+-\d{1,2}$/;

/**
 * The ECR registry, Region and repository an image reference points into, with its tag and digest; undefined for
 * references outside private ECR (Docker Hub, public.ecr.aws, ghcr.io, registry.k8s.io, …) and for malformed ones.
 * Pull-through cache repositories need nothing special: the cache's repository is the whole path, prefix included
 * (`<acct>.dkr.ecr.<region>.amazonaws.com/ecr-public/…` → repository `ecr-public/…`).
 */
function ecrRepositoryOf(reference: string | ImageRef): EcrImageRef | undefined {
  const ref = typeof reference === "string" ? parseImageReference(reference) : reference;
  if (!ref) return undefined;
  const match = ECR_HOST.exec(ref.registry);
  const region = match?.[2] ?? match?.[3];
  if (!match || !region || !REGION.test(region)) return undefined;
  return {
    registryId: match[1] as string,
    region,
    repository: ref.repository,
    ...(ref.tag !== undefined ? { tag: ref.tag } : {}),
    ...(ref.digest !== undefined ? { digest: ref.digest } : {}),
  };
}

/** A stable map key for a repository. */
function repositoryKey(repository: EcrRepository): string {
  return `${repository.registryId}.${repository.region}/${repository.name}`;
}

export { ecrRepositoryOf, repositoryKey };
export type { EcrImageRef, EcrRepository };
