import { z } from "zod";

/**
 * Drain options: kubectl's flags where they exist, with aws-node-termination-handler's defaults (ignore DaemonSets,
 * delete emptyDir data, force unmanaged pods, the pod's own grace period), plus Caretaker's own knobs. Each field's
 * description (`.meta`) is also the documentation of CARETAKER_CONFIG's `drain.options` (docs/configuration.md).
 */
const DrainOptionsSchema = z.strictObject({
  ignoreDaemonSets: z.boolean().default(true).meta({ description: "kubectl --ignore-daemonsets: leave DaemonSet-managed pods alone instead of refusing the drain." }),
  deleteEmptyDirData: z.boolean().default(true).meta({ description: "kubectl --delete-emptydir-data: evict pods that use emptyDir volumes (their data is lost)." }),
  force: z.boolean().default(true).meta({ description: "kubectl --force: also remove pods that declare no controller." }),
  gracePeriodSeconds: z
    .number()
    .int()
    .min(-1)
    .default(-1)
    .refine((value) => value !== 0, "0 would kill pods without a chance to stop; use -1 (the pod's own) or ≥ 1")
    .meta({ description: "kubectl --grace-period: -1 uses each pod's terminationGracePeriodSeconds; 0 is refused (kubectl's foot-gun)." }),
  timeoutSeconds: z.number().int().min(0).default(0).meta({ description: "kubectl --timeout for the whole drain, in seconds; 0 = no deadline (the trigger's deadline still applies)." }),
  podSelector: z.string().optional().meta({ description: "kubectl --pod-selector: only pods matching this label selector are drained." }),
  disableEviction: z.boolean().default(false).meta({ description: "kubectl --disable-eviction: DELETE instead of evict (bypasses PodDisruptionBudgets)." }),
  skipWaitForDeleteTimeoutSeconds: z.number().int().min(0).default(0).meta({ description: "kubectl --skip-wait-for-delete-timeout: pods terminating for longer than this are not waited for; 0 = always wait." }),
  chunkSize: z.number().int().min(1).max(5000).default(500).meta({ description: "kubectl --chunk-size: page size when listing pods." }),
  dryRun: z.boolean().default(false).meta({ description: "kubectl --dry-run=client: list and classify, change nothing." }),
  evictionRetryDelaySeconds: z.number().min(5).default(5).meta({ description: "Delay before retrying an eviction a PodDisruptionBudget refused (kubectl CLI: 5 s; never less)." }),
  concurrency: z.number().int().min(1).max(500).default(50).meta({ description: "Evictions in flight at once." }),
  pollIntervalSeconds: z.number().min(0.1).default(1).meta({ description: "How often to check whether evicted pods are gone (kubectl: 1 s)." }),
  pdbPollIntervalSeconds: z.number().min(0.1).default(0.5).meta({ description: "How often a pod waiting for its PodDisruptionBudget re-reads the budget (one list per namespace, shared)." }),
  excludeFromLoadBalancers: z.boolean().default(true).meta({ description: "Label the node node.kubernetes.io/exclude-from-external-load-balancers before evicting." }),
  taint: z.boolean().default(true).meta({ description: "Add Caretaker's caretaker.dev/draining:NoSchedule taint before evicting." }),
  onDeadline: z
    .enum(["stop", "force-delete"])
    .default("stop")
    .meta({ description: 'At the deadline: "stop" (report pending pods; a lifecycle hook then times out to its default result) or "force-delete" (delete what is left with a grace period of at least 1 s, bypassing PDBs).' }),
  waitForVolumeDetach: z
    .boolean()
    .default(true)
    .meta({ description: "After the pods are gone, wait until their PersistentVolumes are detached from the node (VolumeAttachments), so the instance does not terminate with EBS volumes attached (Multi-Attach errors on the replacement node)." }),
  criticalPodsLast: z.boolean().default(true).meta({ description: "Evict pods without system-*-critical priority first, and wait for them, before critical ones." }),
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
