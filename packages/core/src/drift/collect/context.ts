import type { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import type { EKSClient } from "@aws-sdk/client-eks";
import type { SSMClient } from "@aws-sdk/client-ssm";
import type { Clock } from "../../clock";
import type { ClusterConnection } from "../../eks/connection";
import type { CallCounts, CheckArea, DriftProblem } from "./facts";
import type { DriftLookups } from "./lookups";

interface CollectDeps {
  eks: EKSClient;
  ssm: SSMClient;
  autoscaling: AutoScalingClient;
  /**
   * A connection to the cluster's Kubernetes API (`createClusterConnector(...).connect`); `known` is the endpoint and
   * CA the collection's own DescribeCluster returned, which a connector may use instead of describing again.
   */
  connect(cluster: string, known?: { endpoint: string; certificateAuthority: string }): Promise<ClusterConnection>;
  clock: Clock;
  /** Shared across the clusters of one run (`createDriftLookups()`); a fresh one per cluster when absent. */
  lookups?: DriftLookups;
  /** Deadline of one Kubernetes request; default `KUBE_REQUEST_TIMEOUT_MS` (30 s). */
  kubeRequestTimeoutMs?: number;
}

/** What every collection step gets: the clients, the cluster, and where to count requests and report problems. */
interface CollectContext {
  deps: CollectDeps;
  cluster: string;
  lookups: DriftLookups;
  /** Runs one AWS request, counted as `operation` ("eks:DescribeCluster"). */
  aws<T>(operation: string, request: () => Promise<T>): Promise<T>;
  /** Runs one Kubernetes request, counted as `kubernetes:<operation>`. */
  kube<T>(operation: string, request: () => Promise<T>): Promise<T>;
  problem(check: CheckArea, message: string): void;
  readonly problems: DriftProblem[];
  readonly calls: CallCounts;
}

function createCollectContext(deps: CollectDeps, cluster: string, lookups: DriftLookups): CollectContext {
  const calls: CallCounts = { aws: {}, kubernetes: {} };
  const problems: DriftProblem[] = [];
  const count = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };
  return {
    deps,
    cluster,
    lookups,
    calls,
    problems,
    // async: a request that throws before it returns a promise still becomes a rejection the caller handles.
    async aws(operation, request) {
      count(calls.aws, operation);
      return request();
    },
    async kube(operation, request) {
      count(calls.kubernetes, `kubernetes:${operation}`);
      return request();
    },
    problem(check, message) {
      problems.push({ check, message });
    },
  };
}

/** "ResourceNotFoundException: No cluster found for name: x." — AWS errors name themselves; others say what they are. */
function describeError(error: unknown): string {
  if (error instanceof Error) {
    const name = error.name && error.name !== "Error" && !error.message.includes(error.name) ? `${error.name}: ` : "";
    return `${name}${error.message}`;
  }
  return String(error);
}

/** Runs `items` through `task` at most `limit` at a time, keeping order: bounded to stay clear of API throttling. */
async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * Every page of a paginated AWS list (`nextToken`/`NextToken`). A service that never stops handing out tokens is
 * broken; stop rather than loop for the whole run.
 */
async function allPages<Page>(fetch: (token: string | undefined) => Promise<Page>, nextToken: (page: Page) => string | undefined): Promise<Page[]> {
  const pages: Page[] = [];
  let token: string | undefined;
  do {
    const page = await fetch(token);
    pages.push(page);
    token = nextToken(page) || undefined;
    if (pages.length >= MAX_PAGES && token) throw new Error(`still returning next tokens after ${MAX_PAGES} pages`);
  } while (token);
  return pages;
}

const MAX_PAGES = 1_000;

/** How many DescribeNodegroup / DescribeAddon / … requests one cluster has in flight at once. */
const DESCRIBE_CONCURRENCY = 5;

export { allPages, createCollectContext, DESCRIBE_CONCURRENCY, describeError, mapLimit };
export type { CollectContext, CollectDeps };
