import { z } from "zod";

/**
 * Drain options: kubectl's flags where they exist, with aws-node-termination-handler's defaults (ignore DaemonSets,
 * delete emptyDir data, force unmanaged pods, the pod's own grace period), plus Caretaker's own knobs.
 */
const DrainOptionsSchema = z.strictObject({
  /** kubectl --ignore-daemonsets. */
  ignoreDaemonSets: z.boolean().default(true),
  /** kubectl --delete-emptydir-data. */
  deleteEmptyDirData: z.boolean().default(true),
  /** kubectl --force: also remove pods that declare no controller. */
  force: z.boolean().default(true),
  /** kubectl --grace-period: -1 uses each pod's terminationGracePeriodSeconds; 0 is refused (kubectl's foot-gun). */
  gracePeriodSeconds: z.number().int().min(-1).default(-1).refine((value) => value !== 0, "0 would kill pods without a chance to stop; use -1 (the pod's own) or ≥ 1"),
  /** kubectl --timeout for the whole drain, in seconds; 0 = no deadline. */
  timeoutSeconds: z.number().int().min(0).default(0),
  /** kubectl --pod-selector: only pods matching this label selector are drained. */
  podSelector: z.string().optional(),
  /** kubectl --disable-eviction: DELETE instead of evict (bypasses PodDisruptionBudgets). */
  disableEviction: z.boolean().default(false),
  /** kubectl --skip-wait-for-delete-timeout: pods terminating for longer than this are not waited for; 0 = always wait. */
  skipWaitForDeleteTimeoutSeconds: z.number().int().min(0).default(0),
  /** kubectl --chunk-size: page size when listing pods. */
  chunkSize: z.number().int().min(1).max(5000).default(500),
  /** kubectl --dry-run=client: list and classify, change nothing. */
  dryRun: z.boolean().default(false),
  /** Delay before retrying an eviction a PodDisruptionBudget refused (kubectl CLI: 5 s; never less). */
  evictionRetryDelaySeconds: z.number().min(5).default(5),
  /** Evictions in flight at once. */
  concurrency: z.number().int().min(1).max(500).default(50),
  /** How often to check whether evicted pods are gone (kubectl: 1 s). */
  pollIntervalSeconds: z.number().min(0.1).default(1),
  /** How often a pod waiting for its PodDisruptionBudget re-reads the budget (one list per namespace, shared). */
  pdbPollIntervalSeconds: z.number().min(0.1).default(0.5),
  /** Label the node node.kubernetes.io/exclude-from-external-load-balancers before evicting. */
  excludeFromLoadBalancers: z.boolean().default(true),
  /** Add Caretaker's NoSchedule taint before evicting. */
  taint: z.boolean().default(true),
  /**
   * At the deadline: "stop" (report pending pods; a lifecycle hook then times out to its default result) or
   * "force-delete" (delete what is left with a grace period of at least 1 s, bypassing PDBs).
   */
  onDeadline: z.enum(["stop", "force-delete"]).default("stop"),
  /**
   * After the pods are gone, wait until their PersistentVolumes are detached from the node (VolumeAttachments), so
   * the instance does not terminate with EBS volumes attached (Multi-Attach errors on the replacement node).
   */
  waitForVolumeDetach: z.boolean().default(true),
  /** Evict pods without system-*-critical priority first, and wait for them, before critical ones. */
  criticalPodsLast: z.boolean().default(true),
});

type DrainOptions = z.output<typeof DrainOptionsSchema>;
type DrainOptionsInput = z.input<typeof DrainOptionsSchema>;

/** Parses options, with defaults, throwing a readable error for bad values. */
function drainOptions(input: DrainOptionsInput = {}): DrainOptions {
  const parsed = DrainOptionsSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid drain options: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}`);
  return parsed.data;
}

export { drainOptions, DrainOptionsSchema };
export type { DrainOptions, DrainOptionsInput };
