import type { IamStatement } from "./drain-iam";

/**
 * IAM for the drift function, as plain data over any ARN type (strings in tests, Pulumi outputs in infra): read-only
 * EKS, the public EKS AMI parameters, Auto Scaling describes, its memory in the state table and the alerts topic.
 * test/infra/drift-iam.test.ts runs the function on the sandbox and checks every call it made is allowed here and
 * nothing here goes unused.
 */
interface DriftArns<R> {
  topic: R;
  table: R;
  /** `arn:<partition>:<service>:<region>:<account>:<resource>` for this stack's account and region. */
  inAccount(service: string, resource: string): R;
  /** `arn:<partition>:ssm:<region>::parameter/<path>` — AWS-owned public parameters have no account. */
  publicParameter(path: string): R;
}

function driftStatements<R>(arns: DriftArns<R>, checkedClusters: readonly string[] | "all"): IamStatement<R>[] {
  const names = checkedClusters === "all" ? ["*"] : checkedClusters;
  const clusterScoped = (kind: string) => names.map((name) => arns.inAccount("eks", kind === "cluster" ? `cluster/${name}` : `${kind}/${name}/*`));
  return [
    // No resource-level permissions for these (List/Read without a resource type): "*" is the only valid resource.
    { sid: "ListAndCatalog", actions: ["eks:ListClusters", "eks:DescribeClusterVersions", "eks:DescribeAddonVersions", "autoscaling:DescribeAutoScalingGroups", "autoscaling:DescribeLifecycleHooks"], resources: ["*"] },
    { sid: "Clusters", actions: ["eks:DescribeCluster", "eks:ListNodegroups", "eks:ListAddons", "eks:ListInsights", "eks:DescribeInsight"], resources: clusterScoped("cluster") },
    { sid: "NodegroupsAndAddons", actions: ["eks:DescribeNodegroup", "eks:DescribeAddon"], resources: [...clusterScoped("nodegroup"), ...clusterScoped("addon")] },
    { sid: "RecommendedAmis", actions: ["ssm:GetParameters"], resources: [arns.publicParameter("aws/service/eks/optimized-ami/*"), arns.publicParameter("aws/service/bottlerocket/*"), arns.publicParameter("aws/service/ami-windows-latest/*")] },
    { sid: "Memory", actions: ["dynamodb:BatchGetItem", "dynamodb:PutItem"], resources: [arns.table] },
    { sid: "Notify", actions: ["sns:Publish"], resources: [arns.topic] },
  ];
}

export { driftStatements };
export type { DriftArns };
