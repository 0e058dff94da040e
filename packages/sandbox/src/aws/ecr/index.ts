export type { EcrImageView } from "./fake-ecr";
export { FakeEcr } from "./fake-ecr";
export { MediaType } from "./media-types";
export { SandboxSpecError } from "./registry";
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
} from "./spec";
