import { z } from "zod";
import { InvalidLifecyclePolicyError } from "../policy/errors";
import { parseLifecyclePolicy } from "../policy/parse";

/**
 * Image GC configuration (the `gc` key of Caretaker's one configuration, `@caretaker/core/config`). Safe by default:
 * deletion is off (every run is a dry run) until `enabled` is set; caps bound every run; with no rule nothing is a
 * candidate at all.
 */
const GcConfigSchema = z
  .strictObject({
    enabled: z.boolean().default(false).meta({ description: "The explicit switch: images are deleted only when true; otherwise every run only plans and reports what it would delete (and the function's role cannot delete)." }),
    clusters: z.array(z.string().min(1)).optional().meta({ description: "EKS clusters whose workloads protect images; default every cluster of the account and Region." }),
    repositories: z
      .strictObject({
        include: z.array(z.string().min(1)).optional().meta({ description: "Repository name globs (`*` = any run of characters, `/` included) to collect; default every repository." }),
        exclude: z.array(z.string().min(1)).optional().meta({ description: "Repository name globs never touched (the function's role is denied deletion there)." }),
        includePullThroughCache: z.boolean().default(false).meta({ description: "Also collect repositories of pull-through cache rules." }),
      })
      .default({ includePullThroughCache: false })
      .meta({ description: "Which ECR repositories are collected." }),
    rules: z
      .strictObject({
        lifecyclePolicy: z
          .union([z.string(), z.record(z.string(), z.unknown())])
          .optional()
          .meta({ description: "An ECR lifecycle policy (JSON text or object), evaluated with ECR's own semantics; what it expires is a candidate." }),
        keepNewest: z.number().int().min(0).optional().meta({ description: "Keep this many newest images per repository; older ones are candidates (0 with minAgeDays selects by age alone)." }),
        minAgeDays: z.number().int().min(0).default(14).meta({ description: "Never delete an image pushed fewer than this many days ago." }),
        lastPullGuardDays: z.number().int().min(0).optional().meta({ description: "Never delete an image pulled within this many days." }),
        protectedTags: z.array(z.string().min(1)).default(["latest"]).meta({ description: "Images carrying any of these tags are kept." }),
      })
      .default({ minAgeDays: 14, protectedTags: ["latest"] })
      .meta({ description: "What makes an image a candidate. Images in use, children of kept indexes and referrers of kept images are always kept." }),
    caps: z
      .strictObject({
        perRun: z.number().int().min(0).default(1000).meta({ description: "At most this many images deleted per run." }),
        perRepository: z.number().int().min(0).default(200).meta({ description: "At most this many images deleted per repository and run; a repository over the cap is left alone whole." }),
        maxFraction: z.number().gt(0).max(1).default(0.5).meta({ description: "At most this fraction of a repository's images deleted per run; a repository over it is left alone whole." }),
      })
      .default({ perRun: 1000, perRepository: 200, maxFraction: 0.5 })
      .meta({ description: "Caps that bound every run." }),
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
