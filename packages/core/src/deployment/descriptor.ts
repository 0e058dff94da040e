import { z } from "zod";

/**
 * What one deployed Caretaker stage is made of, published by infra (infra/deployment.ts) as the SSM String parameter
 * `deploymentParameterName(stage)`, so operator commands (`caretaker doctor`, `invoke`, `bootstrap`) find a stage's
 * functions, roles, queues and topic from its name alone: no copying of `sst deploy` outputs between machines.
 * Only names and ARNs — nothing secret.
 */
const FunctionRefSchema = z.strictObject({
  /** The Lambda function's name (what Invoke takes). */
  name: z.string().min(1),
  /** Its execution role; the principal of its EKS access entries. */
  roleArn: z.string().startsWith("arn:"),
});

const DeploymentSchema = z.strictObject({
  /** Bumped when a field changes meaning, so an older CLI refuses a newer stage instead of misreading it. */
  version: z.literal(1),
  stage: z.string().min(1),
  region: z.string().min(1),
  functions: z.strictObject({
    drain: FunctionRefSchema,
    imageGc: FunctionRefSchema,
    drift: FunctionRefSchema,
    probe: FunctionRefSchema,
  }),
  drain: z.strictObject({
    queueUrl: z.string().url(),
    deadLetterQueueUrl: z.string().url(),
    /** The terminate lifecycle hook every managed Auto Scaling group must carry. */
    hookName: z.string().min(1),
    /** Auto Scaling groups listed in the configuration. */
    autoScalingGroups: z.array(z.string()),
    /** Also every group tagged for a managed cluster (`eks:cluster-name` / `kubernetes.io/cluster/<name>`). */
    discoverAutoScalingGroups: z.boolean(),
  }),
  alertsTopicArn: z.string().startsWith("arn:"),
  stateTable: z.string().min(1),
  /** Clusters Caretaker manages; empty means every cluster of the account and Region. */
  clusters: z.array(z.string()),
  /** The Kubernetes groups the access entries map each role to (their RBAC is `caretaker rbac`). */
  kubernetesGroups: z.strictObject({ drainer: z.string().min(1), reader: z.string().min(1) }),
  /** Set when the functions run in the VPC of clusters with private endpoints. */
  network: z.strictObject({ subnetIds: z.array(z.string()), securityGroupIds: z.array(z.string()) }).optional(),
});

type Deployment = z.infer<typeof DeploymentSchema>;
type FunctionRef = z.infer<typeof FunctionRefSchema>;

/** The SSM parameter a stage's descriptor lives in. */
function deploymentParameterName(stage: string): string {
  return `/caretaker/${stage}/deployment`;
}

export { DeploymentSchema, deploymentParameterName, FunctionRefSchema };
export type { Deployment, FunctionRef };
