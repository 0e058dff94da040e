import { AppsV1Api, BatchV1Api, CoreV1Api, type V1ObjectMeta } from "@kubernetes/client-node";
import { type Clock, systemClock } from "../../clock";
import type { ClusterConnection } from "../../eks/connection";
import type { ImageRef } from "../references";
import { type KubeApis, SCANNED_KINDS, type ScannedKind } from "./kinds";
import { listAll, type ListPolicy } from "./list";
import type { UseField } from "./references";

/** One image reference in one object of one cluster. */
interface ImageUse {
  ref: ImageRef;
  /** The text as found (a spec's image, or the runtime's imageID). */
  raw: string;
  /** `<cluster>/<namespace>/<Kind>/<name>` */
  source: string;
  field: UseField;
}

/** Text in an image field that is not a pullable reference (e.g. a bare `docker://sha256:…` image id). */
interface UnreadableReference {
  raw: string;
  source: string;
  field: UseField;
}

/**
 * What one cluster uses. `complete: false` means some objects could not be listed (`failures` says which and why)
 * or the answer looked wrong; then `uses` is only part of the truth and the cluster may use any image.
 */
interface InUseScan {
  cluster: string;
  /** When the scan started (ISO): images pushed after it cannot be in `uses`. */
  startedAt: string;
  uses: ImageUse[];
  unreadable: UnreadableReference[];
  /** Objects listed per kind (for a kind whose list failed: those seen before the failure). */
  counts: Record<ScannedKind, number>;
  complete: boolean;
  failures: string[];
}

interface ScanOptions {
  /** Objects per list request (limit/continue); default 500, kubectl's chunk size. */
  pageSize?: number;
  /** Per request; default 30 s. A slow API server fails the scan rather than stalling the run. */
  requestTimeoutMs?: number;
  /** Tries per request for 5xx, 429, timeouts and unreachable servers; default 3. */
  attempts?: number;
  clock?: Clock;
}

/**
 * Why zero pods fails the scan (image-gc.md §13 item 10): every EKS cluster runs system pods — CoreDNS and the
 * VPC CNI / kube-proxy add-ons; CoreDNS pods exist (Pending) even with no nodes — so an empty pod list across all
 * namespaces means the answer is wrong (a misrouted endpoint, an aggregator, a policy filtering lists), not that
 * nothing runs. Checking nodes instead would cost another RBAC verb and another list that can fail.
 */
const EMPTY_POD_LIST = "listed 0 pods in all namespaces; a cluster always runs system pods (CoreDNS, kube-proxy, the VPC CNI), so the answer is treated as wrong";

function policyFrom(options: ScanOptions): ListPolicy {
  const policy = { pageSize: options.pageSize ?? 500, requestTimeoutMs: options.requestTimeoutMs ?? 30_000, attempts: options.attempts ?? 3, clock: options.clock ?? systemClock };
  if (!Number.isInteger(policy.pageSize) || policy.pageSize < 1) throw new RangeError(`pageSize must be a positive integer (got ${policy.pageSize})`);
  if (!(policy.requestTimeoutMs > 0)) throw new RangeError(`requestTimeoutMs must be positive (got ${policy.requestTimeoutMs})`);
  if (!Number.isInteger(policy.attempts) || policy.attempts < 1) throw new RangeError(`attempts must be a positive integer (got ${policy.attempts})`);
  return policy;
}

function sourceOf(cluster: string, kind: ScannedKind, metadata: V1ObjectMeta | undefined): string {
  return `${cluster}/${metadata?.namespace ?? ""}/${kind}/${metadata?.name ?? ""}`;
}

/**
 * Lists, across all namespaces, every object kind that can name an image a pod runs now or may run later, and
 * records each image reference with where it was found. Read-only (RBAC: `list` on the resources in
 * IMAGE_SCAN_RULES). Fails closed: a list that fails (403, 5xx after retries, timeout, unreachable) or an implausible
 * answer makes the scan incomplete with the reason, and never yields a partial set presented as complete. Does not
 * throw for cluster failures.
 */
async function scanClusterImages(connection: ClusterConnection, options: ScanOptions = {}): Promise<InUseScan> {
  const policy = policyFrom(options);
  const startedAt = new Date(policy.clock.now()).toISOString();
  const apis: KubeApis = { core: connection.api(CoreV1Api), apps: connection.api(AppsV1Api), batch: connection.api(BatchV1Api) };
  // Kinds are listed concurrently; results are assembled in the table's order so scans compare stably.
  const outcomes = await Promise.all(
    SCANNED_KINDS.map(async (scanner) => ({
      scanner,
      outcome: await listAll(connection, `list ${scanner.resource} in all namespaces`, (page, requestOptions) => scanner.list(apis, page, requestOptions), policy),
    })),
  );

  const uses: ImageUse[] = [];
  const unreadable: UnreadableReference[] = [];
  const failures: string[] = [];
  const counts = {} as Record<ScannedKind, number>;
  for (const { scanner, outcome } of outcomes) {
    counts[scanner.kind] = outcome.items.length;
    if (outcome.failure) failures.push(outcome.failure);
    for (const object of outcome.items) {
      const source = sourceOf(connection.cluster, scanner.kind, object.metadata);
      for (const { raw, field, ref } of scanner.references(object)) {
        if (ref) uses.push({ ref, raw, source, field });
        else unreadable.push({ raw, source, field });
      }
    }
  }
  const podsFailed = outcomes.some(({ scanner, outcome }) => scanner.kind === "Pod" && outcome.failure);
  if (!podsFailed && counts.Pod === 0) failures.push(`Cluster "${connection.cluster}" ${EMPTY_POD_LIST}`);
  return { cluster: connection.cluster, startedAt, uses, unreadable, counts, complete: failures.length === 0, failures };
}

/** The scan of a cluster Caretaker could not even connect to (DescribeCluster failed, no access entry, …). */
function unscannedCluster(cluster: string, reason: string, clock: Clock = systemClock): InUseScan {
  const counts = Object.fromEntries(SCANNED_KINDS.map((scanner) => [scanner.kind, 0])) as Record<ScannedKind, number>;
  return { cluster, startedAt: new Date(clock.now()).toISOString(), uses: [], unreadable: [], counts, complete: false, failures: [reason] };
}

export { scanClusterImages, unscannedCluster };
export type { ImageUse, InUseScan, ScanOptions, UnreadableReference };
