import { z } from "zod";
// Deep imports, not the index files: this schema is part of `@caretaker/core/config`, which infra imports.
import { DEFAULT_HOOK_NAME } from "../findings/hook-findings";
import { EKS_STRICT_MODES } from "../skew/eks-strict";
import { DEFAULT_ALERT_WINDOW_DAYS } from "../support/support-codes";

/** EKS cluster names: 1–100 characters, starting with a letter or digit (CreateCluster's rule). */
const ClusterName = z.string().regex(/^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/, "must be an EKS cluster name (letters, digits, - and _)");

/** Drift configuration (the `drift` key of Caretaker's one configuration, `@caretaker/core/config`). Every field has a safe default. */
const DriftConfigSchema = z.strictObject({
  clusters: z.array(ClusterName).optional().meta({ description: "EKS clusters to check; default every cluster of the account and Region." }),
  concurrency: z.number().int().min(1).max(32).default(4).meta({ description: "Clusters checked at once (each lists its nodes page by page, so memory grows with this)." }),
  alertWindowDays: z.number().int().min(1).max(730).default(DEFAULT_ALERT_WINDOW_DAYS).meta({ description: "Days ahead of a support deadline to start warning (and to project a forced upgrade)." }),
  eksStrict: z.enum(EKS_STRICT_MODES).default("warning").meta({ description: 'How EKS\'s "node groups must match the cluster version" rule is reported: "off", as a "warning" or as an "error".' }),
  hookName: z.string().min(1).max(255).default(DEFAULT_HOOK_NAME).meta({ description: "The terminate lifecycle hook Caretaker's drain uses; Auto Scaling groups without it are reported." }),
  digestPeriodDays: z.number().int().min(0).max(90).default(7).meta({ description: "A digest of every open finding every this many days; 0 turns it off." }),
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
