import { createAccessEntries } from "./access";
import type { FunctionVpc } from "./function-vpc";
import { READER_GROUP } from "./image-gc-config";
import { imageGcStatements } from "./image-gc-iam";
import type { ImageGcPlan } from "./image-gc-plan";

interface ImageGcArgs {
  /** Topic the function notifies; it gets the ARN and sns:Publish, not a link (links grant sns:*). */
  alerts: sst.aws.SnsTopic;
  /** Where the next scheduled run starts when one stops at its time limit; GetItem/PutItem only, not a link. */
  state: sst.aws.Dynamo;
  /** Image GC's plan (image-gc-plan.ts) from CARETAKER_CONFIG's `gc` and top-level `clusters`, checked before the first resource. */
  plan: ImageGcPlan;
  /** Subnets and security groups to run in (CARETAKER_CONFIG `vpc`), for clusters with private endpoints. */
  vpc?: FunctionVpc | undefined;
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>` for the stack's account and region. */
function accountArn() {
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  return (service: string, resource: string) => $interpolate`arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/**
 * `caretaker-image-gc`: deletes ECR images no cluster uses, on a schedule (EventBridge Scheduler through SST's
 * CronV2, in UTC) and on request (`caretaker gc --remote`). Deletion stays off until `gc.enabled`; until then every
 * run only plans and the role cannot delete at all. Access entries map the function's role to the reader group on
 * each cluster, whose image-scanner RBAC lists workloads and nothing more. The configuration is checked
 * (image-gc-plan.ts) before the first resource is declared: the plan comes in checked.
 */
function createImageGc({ alerts, state, plan, vpc }: ImageGcArgs) {
  const statements = imageGcStatements({ topic: alerts.arn, table: state.arn, inAccount: accountArn() }, plan);

  const fn = new sst.aws.Function("ImageGc", {
    handler: "functions/image-gc.handler",
    description: "Caretaker: deletes ECR images that no EKS cluster uses (dry run unless enabled)",
    timeout: `${plan.functionTimeoutSeconds} seconds`,
    memory: `${plan.memoryMb} MB`,
    environment: {
      CARETAKER_TOPIC_ARN: alerts.arn,
      CARETAKER_STATE_TABLE: state.name,
      CARETAKER_GC_CONFIG: JSON.stringify(plan.functionSettings),
    },
    permissions: statements.map(({ effect, actions, resources }) => ({ ...(effect ? { effect } : {}), actions, resources })),
    ...(vpc ? { vpc } : {}),
  });

  // No retries (the function's async retries are 0 too, infra/functions.ts): a failed run is reported, and the next
  // scheduled run starts from a fresh scan rather than repeating a stale one.
  const schedule = new sst.aws.CronV2("ImageGcSchedule", {
    function: fn,
    schedule: plan.schedule,
    timezone: plan.timezone,
    retries: 0,
    event: plan.event,
  });
  const accessEntries = createAccessEntries({ name: "ImageGc", clusters: plan.accessClusters, principalArn: fn.nodes.role.arn, kubernetesGroups: [READER_GROUP] });

  return { function: fn, schedule, accessEntries };
}

export { createImageGc };
export type { ImageGcArgs };
