import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { SNSClient } from "@aws-sdk/client-sns";
import { drainerRbac } from "@caretaker/core/access";
import type { Clock } from "@caretaker/core/clock";
import { drainConfig, parseDrainTrigger, runDrain } from "@caretaker/core/drain";
import type { ClusterConnector } from "@caretaker/core/eks";
import { createLifecycleActions } from "@caretaker/core/lifecycle";
import { createNotifier } from "@caretaker/core/notify";
import { createClaims } from "@caretaker/core/state";
import type { SandboxAccount } from "@caretaker/sandbox";
import { applyRbacAsAdmin } from "./apply-rbac";
import type { CliIo } from "../io";

/**
 * The demo's drain: the Auto Scaling group scales in the node that carries the shop's web pods, the terminate hook
 * fires, and Caretaker's drain use-case (the same code the Lambda runs) cordons, evicts one PDB-allowed disruption
 * at a time, heartbeats, completes the lifecycle action and notifies — printed as it happens.
 */
async function demoDrain(io: CliIo, sandbox: SandboxAccount, clock: Clock, clusters: ClusterConnector): Promise<boolean> {
  const cluster = "prod-eu";
  await applyRbacAsAdmin(sandbox, [cluster], drainerRbac({ forceDelete: false }));
  const members = sandbox.nodeGroups[cluster]?.general ?? [];
  const pods = sandbox.cluster(cluster).list("v1", "Pod").filter((pod) => pod.metadata.namespace === "shop" || pod.metadata.namespace === "payments");
  const load = (node: string) => pods.filter((pod) => (pod.spec as { nodeName?: string }).nodeName === node).length;
  const target = [...members].sort((a, b) => load(b.node) - load(a.node))[0];
  if (!target) throw new Error("the demo account has no node group to scale in");
  io.out(`Auto Scaling scales in ${target.asg}: instance ${target.instanceId} (node ${target.node}, ${load(target.node)} application pods) enters Terminating:Wait.`);
  const event = sandbox.aws.autoscaling.terminateInstance(target.asg, target.instanceId);
  if (!event) throw new Error(`${target.asg} has no terminate lifecycle hook`);

  const autoscaling = new AutoScalingClient({});
  const topicArn = `arn:aws:sns:${sandbox.aws.region}:${sandbox.aws.accountId}:caretaker-alerts`;
  const result = await runDrain(
    parseDrainTrigger(event),
    { remainingMs: 15 * 60_000 },
    {
      ec2: new EC2Client({}),
      autoscaling,
      connect: (name) => clusters.connect(name),
      lifecycle: createLifecycleActions({ autoscaling, clock }),
      clock,
      config: drainConfig(),
      notifier: createNotifier({ sns: new SNSClient({}), topicArn }),
      claims: createClaims({ dynamodb: new DynamoDBClient({}), table: "caretaker-state", clock }),
      logger: {
        info: (message, ...extra) => {
          const fields = Object.assign({}, ...extra) as { type?: string; pod?: string; message?: string; outcome?: string };
          if (message === "drain waiting-for-pdb") io.out(`  waiting: ${fields.message}`);
          else if (message.startsWith("drain ") && fields.pod) io.out(`  ${message.slice(6)} ${fields.pod}`);
          else if (message === "drain cordoned") io.out(`  cordoned ${target.node} (and tainted, excluded from load balancers)`);
          else if (message === "lifecycle action completed") io.out(`  lifecycle action completed: ${fields.outcome}`);
        },
        warn: (message) => io.out(`  warning: ${message}`),
      },
    },
  );
  const run = result.runs[0];
  io.out(`Drain ${run?.drain?.outcome ?? result.status}: ${run?.drain?.evicted.length ?? 0} pods evicted, ${sandbox.cluster(cluster).counters.pdbViolations} PodDisruptionBudget violations; lifecycle: ${run?.lifecycle ?? "-"}`);
  const email = sandbox.aws.sns.published("caretaker-alerts").find((message) => message.attributes.format === "email");
  if (email) io.out(`\nThe notification (e-mail variant; Slack gets the Chatbot variant):\nSubject: ${email.subject}\n\n${email.message}`);
  return run?.drain?.outcome === "drained";
}

export { demoDrain };
