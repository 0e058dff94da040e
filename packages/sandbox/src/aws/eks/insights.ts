import type {
  DescribeInsightRequest,
  DescribeInsightResponse,
  Insight,
  InsightSummary,
  ListInsightsRequest,
  ListInsightsResponse,
} from "@aws-sdk/client-eks";
import { requireCluster } from "./clusters";
import { insightNotFound } from "./errors";
import { eksPage } from "./list";
import type { EksInsightSpec } from "./spec";
import { type EksState, toMs } from "./state";

/** Cluster insights: ListInsights with its filter and DescribeInsight (drift.md §9.2). */
function createInsight(state: EksState, spec: EksInsightSpec): Insight {
  const now = state.context.clock.nowMs();
  return {
    id: spec.id ?? state.random.uuid(),
    name: spec.name,
    category: spec.category ?? "UPGRADE_READINESS",
    kubernetesVersion: spec.kubernetesVersion,
    lastRefreshTime: new Date(toMs(spec.lastRefreshTime, now)),
    lastTransitionTime: new Date(toMs(spec.lastTransitionTime, now)),
    description: spec.description ?? spec.name,
    insightStatus: { status: spec.status, reason: spec.reason ?? "" },
    recommendation: spec.recommendation ?? "",
    additionalInfo: { ...spec.additionalInfo },
    resources: [...(spec.resources ?? [])],
    categorySpecificSummary: spec.categorySpecificSummary ?? { deprecationDetails: [], addonCompatibilityDetails: [] },
  };
}

function summary(insight: Insight): InsightSummary {
  const { id, name, category, kubernetesVersion, lastRefreshTime, lastTransitionTime, description, insightStatus } = insight;
  return { id, name, category, kubernetesVersion, lastRefreshTime, lastTransitionTime, description, insightStatus };
}

function listInsights(state: EksState, input: ListInsightsRequest): ListInsightsResponse {
  const cluster = requireCluster(state, input.clusterName);
  const filter = input.filter ?? {};
  const admits = (wanted: readonly string[] | undefined, value: string | undefined) =>
    wanted === undefined || wanted.length === 0 || (value !== undefined && wanted.includes(value));
  const matching = cluster.insights.filter(
    (i) =>
      admits(filter.categories, i.category) &&
      admits(filter.kubernetesVersions, i.kubernetesVersion) &&
      admits(filter.statuses, i.insightStatus?.status),
  );
  const page = eksPage(matching, (i) => i.id ?? "", input, `ListInsights:${cluster.name}:${JSON.stringify(filter)}`);
  return { insights: page.items.map(summary), ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function describeInsight(state: EksState, input: DescribeInsightRequest): DescribeInsightResponse {
  const cluster = requireCluster(state, input.clusterName);
  const insight = cluster.insights.find((i) => i.id === input.id);
  if (!insight) throw insightNotFound(cluster.name, input.id ?? "");
  return { insight };
}

export { createInsight, describeInsight, listInsights };
