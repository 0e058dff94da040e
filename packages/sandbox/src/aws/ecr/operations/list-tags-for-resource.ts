import type { ListTagsForResourceRequest, ListTagsForResourceResponse } from "@aws-sdk/client-ecr";
import { invalidParameter, repositoryNotFound } from "../errors";
import type { Registry } from "../registry";

/** ListTagsForResource for a repository ARN: its resource tags (how a collector can honour opt-out tags). */
function listTagsForResource(registry: Registry, input: ListTagsForResourceRequest): ListTagsForResourceResponse {
  const arn = input.resourceArn;
  const match = arn === undefined ? null : /^arn:[^:]+:ecr:[^:]+:(\d{12}):repository\/(.+)$/.exec(arn);
  if (!match) throw invalidParameter("resourceArn", "Invalid ARN");
  const [, registryId, name] = match as unknown as [string, string, string];
  const settings = registryId === registry.registryId ? registry.settings(name) : undefined;
  if (!settings || registry.repositoryArn(name) !== arn) throw repositoryNotFound(registryId, name);
  const tags = Object.entries(settings.resourceTags).map(([Key, Value]) => ({ Key, Value }));
  return { tags };
}

export { listTagsForResource };
