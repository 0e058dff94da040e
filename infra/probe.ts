import type { FunctionVpc } from "./function-vpc";

interface ProbeArgs {
  /** Topic the function may publish to; it is given the ARN, not a link (links grant sns:* on the topic). */
  alerts: sst.aws.SnsTopic;
  /** Subnets and security groups to run in (CARETAKER_CONFIG `vpc`): the probe must see the network the others see. */
  vpc?: FunctionVpc | undefined;
}

/**
 * `caretaker-probe`: checks from the functions' network and role that each cluster is reachable and maps the role
 * to the expected Kubernetes identity. Invoked directly (CLI `doctor`), so it has no trigger.
 */
function createProbe({ alerts, vpc }: ProbeArgs) {
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  return new sst.aws.Function("Probe", {
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
}

export { createProbe };
export type { ProbeArgs };
