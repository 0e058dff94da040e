import { createAccessEntries } from "./access";
import type { FunctionVpc } from "./function-vpc";

interface ProbeArgs {
  /** Topic the function may publish to; it is given the ARN, not a link (links grant sns:* on the topic). */
  alerts: sst.aws.SnsTopic;
  /** Subnets and security groups to run in (CARETAKER_CONFIG `vpc`): the probe must see the network the others see. */
  vpc?: FunctionVpc | undefined;
  /** The clusters the deploy gives the probe's role an access entry on: the drain's (the configuration's `clusters`). */
  clusters: readonly string[];
}

/**
 * `caretaker-probe`: checks from the functions' network and role that each cluster is reachable and accepts the
 * functions' side of EKS authentication. Invoked directly (CLI `doctor`), so it has no trigger.
 *
 * Its role gets an access entry on each of the drain's clusters: STANDARD, with no Kubernetes group and no access
 * policy. CreateAccessEntry requires only the cluster and the principal (`kubernetesGroups` is optional, and access
 * policies are separate AssociateAccessPolicy calls), so EKS accepts such an entry: the role authenticates (as its
 * assumed-role ARN, in `system:authenticated` only) and may do only what every authenticated user may — GET
 * /version (system:public-info-viewer, system:discovery) and create a SelfSubjectReview or SelfSubjectAccessReview
 * (system:basic-user). Without the entry the probe gets 401 everywhere and proves nothing about authentication.
 */
function createProbe({ alerts, vpc, clusters }: ProbeArgs) {
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  const fn = new sst.aws.Function("Probe", {
    handler: "functions/probe.handler",
    description: "Caretaker: checks that EKS clusters are reachable and accept the functions' identity",
    timeout: "1 minute",
    memory: "512 MB",
    environment: { CARETAKER_TOPIC_ARN: alerts.arn },
    permissions: [
      { actions: ["sns:Publish"], resources: [alerts.arn] },
      {
        actions: ["eks:DescribeCluster"],
        resources: [$interpolate`arn:${aws.getPartitionOutput().partition}:eks:${region}:${account}:cluster/*`],
      },
    ],
    ...(vpc ? { vpc } : {}),
  });
  const accessEntries = createAccessEntries({ name: "Probe", clusters, principalArn: fn.nodes.role.arn, kubernetesGroups: [] });
  return { function: fn, accessEntries };
}

export { createProbe };
export type { ProbeArgs };
