import { z } from "zod";
import { DEFAULT_HOOK_NAME } from "../findings";
import { EKS_STRICT_MODES } from "../skew";
import { DEFAULT_ALERT_WINDOW_DAYS } from "../support";

/** EKS cluster names: 1–100 characters, starting with a letter or digit (CreateCluster's rule). */
const ClusterName = z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "must be an EKS cluster name (letters, digits, - and _)");

/** Drift configuration (part of Caretaker's one configuration). Every field has a safe default. */
const DriftConfigSchema = z.strictObject({
  /** EKS clusters to check; default every cluster of the account and Region. */
  clusters: z.array(ClusterName).optional(),
  /** Clusters checked at once (each lists its nodes page by page, so memory grows with this). */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Days ahead of a support deadline to start warning (and to project a forced upgrade). */
  alertWindowDays: z.number().int().min(1).max(730).default(DEFAULT_ALERT_WINDOW_DAYS),
  /** How EKS's "node groups must match the cluster version" is reported. */
  eksStrict: z.enum(EKS_STRICT_MODES).default("warning"),
  /** The terminate lifecycle hook Caretaker's drain uses; Auto Scaling groups without it are reported. */
  hookName: z.string().min(1).max(255).default(DEFAULT_HOOK_NAME),
  /** A digest of every open finding every this many days; 0 turns it off. */
  digestPeriodDays: z.number().int().min(0).max(90).default(7),
});

type DriftConfig = z.output<typeof DriftConfigSchema>;
type DriftConfigInput = z.input<typeof DriftConfigSchema>;

/** Parses the configuration, throwing one error that names every problem. */
function driftConfig(input: DriftConfigInput = {}): DriftConfig {
  const parsed = DriftConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid drift configuration: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}.`);
  return parsed.data;
}

export { ClusterName, driftConfig, DriftConfigSchema };
export type { DriftConfig, DriftConfigInput };
