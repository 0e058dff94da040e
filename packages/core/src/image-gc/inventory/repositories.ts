import { type ECRClient, paginateDescribePullThroughCacheRules, paginateDescribeRepositories } from "@aws-sdk/client-ecr";

interface RepositorySelection {
  /** Glob patterns (`*` any run of characters) of repositories to manage; default all. */
  include?: string[];
  /** Glob patterns never managed; always win over `include`. */
  exclude?: string[];
  /** Pull-through cache repositories are left alone unless this is set. */
  includePullThroughCache?: boolean;
}

interface SelectedRepositories {
  managed: string[];
  /** Registry (account) id of each managed repository. */
  registryIds: Record<string, string>;
  skipped: Array<{ repository: string; reason: string }>;
}

function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, "\\$&")).join(".*")}$`);
}

/** The account's repositories (paginated) split into the managed ones and the ones skipped, each with its reason. */
async function selectRepositories(ecr: ECRClient, selection: RepositorySelection = {}): Promise<SelectedRepositories> {
  const names: string[] = [];
  const registryIds: Record<string, string> = {};
  for await (const page of paginateDescribeRepositories({ client: ecr, pageSize: 1000 }, {})) {
    for (const repository of page.repositories ?? []) {
      names.push(repository.repositoryName ?? "");
      registryIds[repository.repositoryName ?? ""] = repository.registryId ?? "";
    }
  }
  const prefixes: string[] = [];
  if (!selection.includePullThroughCache) {
    for await (const page of paginateDescribePullThroughCacheRules({ client: ecr }, {})) prefixes.push(...(page.pullThroughCacheRules ?? []).map((rule) => rule.ecrRepositoryPrefix ?? "").filter(Boolean));
  }
  const include = (selection.include ?? ["*"]).map(glob);
  const exclude = (selection.exclude ?? []).map(glob);
  const result: SelectedRepositories = { managed: [], registryIds: {}, skipped: [] };
  for (const name of names.sort()) {
    const cache = prefixes.find((prefix) => name.startsWith(`${prefix}/`));
    if (cache) result.skipped.push({ repository: name, reason: `pull-through cache (${cache}/)` });
    else if (exclude.some((pattern) => pattern.test(name))) result.skipped.push({ repository: name, reason: "excluded" });
    else if (!include.some((pattern) => pattern.test(name))) result.skipped.push({ repository: name, reason: "not included" });
    else {
      result.managed.push(name);
      result.registryIds[name] = registryIds[name] ?? "";
    }
  }
  return result;
}

export { selectRepositories };
export type { RepositorySelection, SelectedRepositories };
