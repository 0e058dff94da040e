import { DescribeInsightCommand, type Insight, type InsightSummary, ListInsightsCommand } from "@aws-sdk/client-eks";
import { allPages, type CollectContext, DESCRIBE_CONCURRENCY, describeError, mapLimit } from "./context";
import type { InsightFacts } from "./facts";

function summaryFacts(summary: InsightSummary): InsightFacts {
  return {
    id: summary.id ?? "",
    name: summary.name ?? summary.id ?? "unnamed insight",
    ...(summary.category ? { category: summary.category } : {}),
    ...(summary.kubernetesVersion ? { kubernetesVersion: summary.kubernetesVersion } : {}),
    status: summary.insightStatus?.status ?? "UNKNOWN",
    ...(summary.insightStatus?.reason ? { reason: summary.insightStatus.reason } : {}),
    ...(summary.description ? { description: summary.description } : {}),
    ...(summary.lastTransitionTime ? { lastTransitionTime: summary.lastTransitionTime } : {}),
    described: false,
  };
}

function detailFacts(facts: InsightFacts, insight: Insight): InsightFacts {
  const summary = insight.categorySpecificSummary;
  const deprecations = (summary?.deprecationDetails ?? []).map((detail) => ({
    ...(detail.usage ? { usage: detail.usage } : {}),
    ...(detail.replacedWith ? { replacedWith: detail.replacedWith } : {}),
    ...(detail.stopServingVersion ? { stopServingVersion: detail.stopServingVersion } : {}),
    clients: (detail.clientStats ?? []).map((stat) => stat.userAgent ?? "").filter(Boolean),
  }));
  const addonCompatibility = (summary?.addonCompatibilityDetails ?? []).map((detail) => ({
    ...(detail.name ? { name: detail.name } : {}),
    compatibleVersions: [...(detail.compatibleVersions ?? [])],
  }));
  return {
    ...facts,
    ...(insight.recommendation ? { recommendation: insight.recommendation } : {}),
    described: true,
    resourceCount: insight.resources?.length ?? 0,
    ...(deprecations.length > 0 ? { deprecations } : {}),
    ...(addonCompatibility.length > 0 ? { addonCompatibility } : {}),
  };
}

/**
 * EKS upgrade insights (drift.md §9.2, checklist 12): every insight of every category and status (ListInsights,
 * paginated), then DescribeInsight for the ones that are not PASSING — those carry the recommendation and the
 * resources, deprecated APIs and add-ons concerned.
 */
async function collectInsights(ctx: CollectContext): Promise<InsightFacts[]> {
  const { eks } = ctx.deps;
  let summaries: InsightFacts[];
  try {
    const pages = await allPages(
      (nextToken) => ctx.aws("eks:ListInsights", () => eks.send(new ListInsightsCommand({ clusterName: ctx.cluster, ...(nextToken ? { nextToken } : {}) }))),
      (page) => page.nextToken,
    );
    summaries = pages.flatMap((page) => page.insights ?? []).map(summaryFacts);
  } catch (error) {
    ctx.problem("insights", `ListInsights failed, so EKS upgrade insights were not checked: ${describeError(error)}`);
    return [];
  }
  return mapLimit(summaries, DESCRIBE_CONCURRENCY, async (facts) => {
    if (facts.status === "PASSING" || !facts.id) return facts;
    try {
      const { insight } = await ctx.aws("eks:DescribeInsight", () => eks.send(new DescribeInsightCommand({ clusterName: ctx.cluster, id: facts.id })));
      return detailFacts(facts, insight ?? {});
    } catch (error) {
      ctx.problem("insights", `Insight "${facts.name}" could not be described (only its summary is reported): ${describeError(error)}`);
      return facts;
    }
  });
}

export { collectInsights };
