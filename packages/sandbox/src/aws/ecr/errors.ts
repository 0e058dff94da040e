import {
  ImageNotFoundException,
  type ImageIdentifier,
  InvalidParameterException,
  LifecyclePolicyNotFoundException,
  PullThroughCacheRuleNotFoundException,
  RepositoryNotFoundException,
} from "@aws-sdk/client-ecr";

/**
 * ECR's exceptions with the messages ECR sends (as seen in the wild: CLI output, SDK issue threads, LocalStack parity
 * tests). Messages whose exact wording is not documented follow ECR's phrasing and are marked so.
 */

function repositoryNotFound(registryId: string, repositoryName: string): RepositoryNotFoundException {
  return new RepositoryNotFoundException({
    message: `The repository with name '${repositoryName}' does not exist in the registry with id '${registryId}'`,
    $metadata: {},
  });
}

/** ECR's form for request-shape violations, e.g. more than 100 imageIds (image-gc.md §8). */
function invalidParameter(field: string, constraint: string): InvalidParameterException {
  return new InvalidParameterException({
    message: `Invalid parameter at '${field}' failed to satisfy constraint: '${constraint}'`,
    $metadata: {},
  });
}

/** A parameter combination ECR refuses (wording not documented). */
function invalidRequest(message: string): InvalidParameterException {
  return new InvalidParameterException({ message, $metadata: {} });
}

function imageNotFound(id: ImageIdentifier, repositoryName: string, registryId: string): ImageNotFoundException {
  return new ImageNotFoundException({
    message: `The image with imageId {imageDigest:'${id.imageDigest ?? "null"}', imageTag:'${id.imageTag ?? "null"}'} does not exist within the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
    $metadata: {},
  });
}

function lifecyclePolicyNotFound(registryId: string, repositoryName: string): LifecyclePolicyNotFoundException {
  return new LifecyclePolicyNotFoundException({
    message: `Lifecycle policy does not exist for the repository with name '${repositoryName}' in the registry with id '${registryId}'`,
    $metadata: {},
  });
}

/** Wording not documented; follows the repository-not-found form. */
function pullThroughCacheRuleNotFound(registryId: string, prefix: string): PullThroughCacheRuleNotFoundException {
  return new PullThroughCacheRuleNotFoundException({
    message: `The pull through cache rule with prefix '${prefix}' does not exist in the registry with id '${registryId}'`,
    $metadata: {},
  });
}

export {
  imageNotFound,
  invalidParameter,
  invalidRequest,
  lifecyclePolicyNotFound,
  pullThroughCacheRuleNotFound,
  repositoryNotFound,
};
