export { ecrRepositoryOf, repositoryKey } from "./ecr";
export type { EcrImageRef, EcrRepository } from "./ecr";
export { formatImageRef, parseImageReference } from "./parse";
export type { ImageRef } from "./parse";
