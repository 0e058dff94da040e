import type { IamStatement } from "./drain-iam";
import type { ImageGcPlan } from "./image-gc-plan";

/**
 * IAM for the image GC function, as plain data over any ARN type (strings in tests, Pulumi outputs in infra). The
 * statements list exactly the AWS calls the GC code makes (test/infra/image-gc-iam.test.ts derives them from the SDK
 * commands and paginators reachable from functions/image-gc.ts); resources are scoped wherever the service allows
 * it (Service Authorization Reference).
 */

interface ImageGcStatement<R> extends IamStatement<R> {
  /** Allow unless set: a deny guards what must never happen even if the code had a bug. */
  effect?: "deny";
}

interface ImageGcArns<R> {
  topic: R;
  /** The state table: where the next scheduled run starts (core/cursor) when a run stops at its time limit. */
  table: R;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>` for this stack's account and region. */
  inAccount(service: string, resource: string): R;
}

const DELETE = "ecr:BatchDeleteImage";

function imageGcStatements<R>(arns: ImageGcArns<R>, plan: Pick<ImageGcPlan, "scannedClusters" | "deletableRepositories" | "protectedRepositories">): ImageGcStatement<R>[] {
  const repository = (pattern: string) => arns.inAccount("ecr", `repository/${pattern}`);
  const deletable = plan.deletableRepositories === "all" ? [repository("*")] : plan.deletableRepositories.map(repository);
  return [
    // No resource-level permissions for these (List access level): "*" is the only valid resource.
    { sid: "List", actions: ["ecr:DescribePullThroughCacheRules", "eks:ListClusters"], resources: ["*"] },
    // The inventory reads every repository it may manage, and the selection lists them all: the account's own only.
    { sid: "ReadRepositories", actions: ["ecr:DescribeRepositories", "ecr:DescribeImages", "ecr:BatchGetImage"], resources: [repository("*")] },
    // With configured clusters, only those; without, the function lists the account's clusters and must describe each
    // (one it cannot reach is reported unscanned, and nothing it may use is deleted).
    {
      sid: "ClusterEndpoint",
      actions: ["eks:DescribeCluster"],
      resources: plan.scannedClusters === "all" ? [arns.inAccount("eks", "cluster/*")] : plan.scannedClusters.map((name) => arns.inAccount("eks", `cluster/${name}`)),
    },
    { sid: "Notify", actions: ["sns:Publish"], resources: [arns.topic] },
    { sid: "ScheduleCursor", actions: ["dynamodb:GetItem", "dynamodb:PutItem"], resources: [arns.table] },
    // The only write. Included repositories become resource patterns as they are (core's and IAM's `*` agree); no
    // statement at all while deletion is off or nothing is included, rather than an empty or wider one.
    ...(deletable.length > 0 ? [{ sid: "DeleteImages", actions: [DELETE], resources: deletable }] : []),
    ...(deletable.length > 0 && plan.protectedRepositories.length > 0 ? [{ sid: "NeverDeleteExcluded", effect: "deny" as const, actions: [DELETE], resources: plan.protectedRepositories.map(repository) }] : []),
  ];
}

export { imageGcStatements };
export type { ImageGcArns, ImageGcStatement };
