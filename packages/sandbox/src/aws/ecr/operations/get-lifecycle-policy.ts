import type { GetLifecyclePolicyRequest, GetLifecyclePolicyResponse } from "@aws-sdk/client-ecr";
import { lifecyclePolicyNotFound } from "../errors";
import type { Registry } from "../registry";

/** GetLifecyclePolicy: the policy text as stored; LifecyclePolicyNotFoundException for a repository without one. */
function getLifecyclePolicy(registry: Registry, input: GetLifecyclePolicyRequest): GetLifecyclePolicyResponse {
  const repository = registry.repository(input.registryId, input.repositoryName);
  const { lifecyclePolicy, lifecyclePolicyEvaluatedAt } = repository.settings;
  if (lifecyclePolicy === undefined) throw lifecyclePolicyNotFound(registry.registryId, repository.name);
  return {
    registryId: registry.registryId,
    repositoryName: repository.name,
    lifecyclePolicyText: lifecyclePolicy,
    lastEvaluatedAt: new Date(lifecyclePolicyEvaluatedAt),
  };
}

export { getLifecyclePolicy };
