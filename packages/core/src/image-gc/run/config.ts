import { z } from "zod";
import { InvalidLifecyclePolicyError } from "../policy/errors";
import { parseLifecyclePolicy } from "../policy/parse";

/**
 * Image GC configuration (part of Caretaker's one configuration). Safe by default: deletion is off (every run is a
 * dry run) until `enabled` is set; caps bound every run; with no rule nothing is a candidate at all.
 */
const GcConfigSchema = z
  .strictObject({
    /** Deletes for real only when true; otherwise runs only plan. */
    enabled: z.boolean().default(false),
    /** EKS clusters whose workloads protect images; default every cluster of the account and Region. */
    clusters: z.array(z.string().min(1)).optional(),
    repositories: z
      .strictObject({
        include: z.array(z.string().min(1)).optional(),
        exclude: z.array(z.string().min(1)).optional(),
        includePullThroughCache: z.boolean().default(false),
      })
      .default({ includePullThroughCache: false }),
    rules: z
      .strictObject({
        /** An ECR lifecycle policy (JSON text or object), evaluated with ECR's semantics. */
        lifecyclePolicy: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
        keepNewest: z.number().int().min(0).optional(),
        minAgeDays: z.number().int().min(0).default(14),
        lastPullGuardDays: z.number().int().min(0).optional(),
        protectedTags: z.array(z.string().min(1)).default(["latest"]),
      })
      .default({ minAgeDays: 14, protectedTags: ["latest"] }),
    caps: z
      .strictObject({
        perRun: z.number().int().min(0).default(1000),
        perRepository: z.number().int().min(0).default(200),
        maxFraction: z.number().gt(0).max(1).default(0.5),
      })
      .default({ perRun: 1000, perRepository: 200, maxFraction: 0.5 }),
  })
  .superRefine((config, context) => {
    if (config.enabled && (config.caps.perRun === 0 || config.caps.perRepository === 0)) {
      context.addIssue({ code: "custom", path: ["caps"], message: "a cap of 0 with deletion enabled deletes nothing: set the caps above 0, or leave `enabled` false" });
    }
    if (config.enabled && config.rules.lifecyclePolicy === undefined && config.rules.keepNewest === undefined) {
      context.addIssue({ code: "custom", path: ["rules"], message: "deletion is enabled but no rule selects images: set rules.keepNewest or rules.lifecyclePolicy" });
    }
    if (config.rules.lifecyclePolicy !== undefined) {
      try {
        parseLifecyclePolicy(config.rules.lifecyclePolicy);
      } catch (error) {
        if (!(error instanceof InvalidLifecyclePolicyError)) throw error;
        for (const problem of error.problems) context.addIssue({ code: "custom", path: ["rules", "lifecyclePolicy"], message: problem });
      }
    }
  });

type GcConfig = z.output<typeof GcConfigSchema>;
type GcConfigInput = z.input<typeof GcConfigSchema>;

/** Parses the configuration, throwing one error that names every problem. */
function gcConfig(input: GcConfigInput = {}): GcConfig {
  const parsed = GcConfigSchema.safeParse(input);
  if (!parsed.success) throw new Error(`Invalid image GC configuration: ${z.prettifyError(parsed.error).replace(/\n/g, "; ")}. Nothing was deleted.`);
  return parsed.data;
}

export { gcConfig, GcConfigSchema };
export type { GcConfig, GcConfigInput };
