import type {
  DescribePullThroughCacheRulesRequest,
  DescribePullThroughCacheRulesResponse,
  PullThroughCacheRule,
} from "@aws-sdk/client-ecr";
import { pullThroughCacheRuleNotFound } from "../errors";
import { collectPage, pageStart } from "../pagination";
import type { PullThroughCacheRuleState, Registry } from "../registry";

/**
 * DescribePullThroughCacheRules: every rule (prefix order, pages of 1–1000, default 100) or the ones named by
 * `ecrRepositoryPrefixes`, failing with PullThroughCacheRuleNotFoundException on an unknown prefix. Collectors use the
 * prefixes to recognise cache repositories (`<prefix>/<upstream repo>`, image-gc.md §9.2).
 */
function describePullThroughCacheRules(
  registry: Registry,
  input: DescribePullThroughCacheRulesRequest,
): DescribePullThroughCacheRulesResponse {
  const registryId = input.registryId ?? registry.registryId;
  const rules = registryId === registry.registryId ? registry.pullThroughCacheRules : [];
  const byPrefix = new Map(rules.map((rule) => [rule.ecrRepositoryPrefix, rule]));
  if (input.ecrRepositoryPrefixes !== undefined) {
    for (const prefix of input.ecrRepositoryPrefixes) {
      if (!byPrefix.has(prefix)) throw pullThroughCacheRuleNotFound(registryId, prefix);
    }
  }
  const wanted = input.ecrRepositoryPrefixes ? new Set(input.ecrRepositoryPrefixes) : undefined;
  const start = pageStart(input, "DescribePullThroughCacheRules", registryId, { defaultSize: 100, maxSize: 1000 });
  const page = collectPage(
    [...byPrefix.keys()].sort(),
    start,
    (prefix) => {
      const rule = byPrefix.get(prefix);
      return rule && (!wanted || wanted.has(prefix)) ? ruleShape(registryId, rule) : undefined;
    },
    "DescribePullThroughCacheRules",
    registryId,
  );
  return { pullThroughCacheRules: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function ruleShape(registryId: string, rule: PullThroughCacheRuleState): PullThroughCacheRule {
  return {
    ecrRepositoryPrefix: rule.ecrRepositoryPrefix,
    upstreamRegistryUrl: rule.upstreamRegistryUrl,
    createdAt: new Date(rule.createdAt),
    updatedAt: new Date(rule.createdAt),
    registryId,
    ...(rule.upstreamRegistry !== undefined ? { upstreamRegistry: rule.upstreamRegistry as PullThroughCacheRule["upstreamRegistry"] } : {}),
    ...(rule.credentialArn !== undefined ? { credentialArn: rule.credentialArn } : {}),
    ...(rule.upstreamRepositoryPrefix !== undefined ? { upstreamRepositoryPrefix: rule.upstreamRepositoryPrefix } : {}),
  };
}

export { describePullThroughCacheRules };
