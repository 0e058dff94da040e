import type { DescribeRepositoriesRequest, DescribeRepositoriesResponse, Repository } from "@aws-sdk/client-ecr";
import { invalidRequest, repositoryNotFound } from "../errors";
import { collectPage, pageStart } from "../pagination";
import type { Registry } from "../registry";
import type { RepositorySettings } from "../repository-state";

/**
 * DescribeRepositories: all repositories in name order, pages of `maxResults` (1–1000, default 100); or the named
 * ones (no pagination), failing with RepositoryNotFoundException on the first unknown name.
 */
function describeRepositories(registry: Registry, input: DescribeRepositoriesRequest): DescribeRepositoriesResponse {
  const registryId = input.registryId ?? registry.registryId;
  if (input.repositoryNames !== undefined) {
    if (input.nextToken !== undefined || input.maxResults !== undefined) {
      // Documented restriction; wording not documented.
      throw invalidRequest("Invalid parameter: nextToken and maxResults cannot be used with repositoryNames");
    }
    const repositories = input.repositoryNames.map((name) => {
      const settings = registryId === registry.registryId ? registry.settings(name) : undefined;
      if (!settings) throw repositoryNotFound(registryId, name);
      return repositoryShape(registry, settings);
    });
    return { repositories };
  }
  if (registryId !== registry.registryId) return { repositories: [] };
  const start = pageStart(input, "DescribeRepositories", registryId, { defaultSize: 100, maxSize: 1000 });
  const page = collectPage(
    registry.names(),
    start,
    (name) => {
      const settings = registry.settings(name);
      return settings ? repositoryShape(registry, settings) : undefined;
    },
    "DescribeRepositories",
    registryId,
  );
  return { repositories: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function repositoryShape(registry: Registry, settings: RepositorySettings): Repository {
  const { name, createdAt, tagMutability } = settings;
  return {
    repositoryArn: registry.repositoryArn(name),
    registryId: registry.registryId,
    repositoryName: name,
    repositoryUri: registry.repositoryUri(name),
    createdAt: new Date(createdAt),
    imageTagMutability: tagMutability,
    imageScanningConfiguration: { scanOnPush: false },
    encryptionConfiguration: { encryptionType: "AES256" },
  };
}

export { describeRepositories };
