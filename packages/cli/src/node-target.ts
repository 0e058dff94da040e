import { EC2Client } from "@aws-sdk/client-ec2";
import { EKSClient } from "@aws-sdk/client-eks";
import type { Clock } from "@caretaker/core/clock";
import { describeInstance, type DrainKube, NodeNotFoundError, resolveNode } from "@caretaker/core/drain";
import { type ClusterConnection, createClusterConnector, fromKubeconfig } from "@caretaker/core/eks";
import type { Command } from "commander";

/** The connection flags drain and uncordon share with kubectl (and probe). */
interface ConnectionFlags {
  kubeconfig?: string;
  context?: string;
  cluster?: string;
}

type NodeTarget = { kind: "node"; name: string } | { kind: "instance"; instanceId: string };

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** A node name is a DNS subdomain (RFC 1123): lower-case alphanumerics, '-' and '.', at most 253 characters. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function addConnectionFlags(command: Command): Command {
  return command
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    .option("--context <name>", "kubeconfig context (default: the current context)")
    .option("--cluster <name>", "EKS cluster name, reached through DescribeCluster and an IAM token (AWS default credential chain)");
}

/** Why these flags cannot be used together, if they cannot; checked before anything is contacted. */
function connectionConflict(flags: ConnectionFlags): string | undefined {
  if (flags.cluster && (flags.kubeconfig || flags.context)) return "--cluster connects through EKS; it cannot be combined with --kubeconfig or --context.";
  return undefined;
}

/**
 * `NAME`, kubectl's `node/NAME` (or `nodes/NAME`), or an EC2 instance id; anything else is a usage error, because
 * only nodes can be drained.
 */
function parseNodeTarget(argument: string): NodeTarget | { error: string } {
  const slash = argument.indexOf("/");
  const type = slash === -1 ? undefined : argument.slice(0, slash);
  const name = slash === -1 ? argument : argument.slice(slash + 1);
  if (type !== undefined && type !== "node" && type !== "nodes" && type !== "no") return { error: `"${argument}" is not a node: only nodes (NAME, node/NAME or an EC2 instance id) can be named here` };
  if (type === undefined && INSTANCE_ID.test(name)) return { kind: "instance", instanceId: name };
  if (name.length > 253 || !NODE_NAME.test(name)) return { error: `"${name}" is not a valid node name (a lower-case DNS subdomain) nor an EC2 instance id (i- and 8 or 17 hex digits)` };
  return { kind: "node", name };
}

/** The cluster the flags name, connected like kubectl (kubeconfig) or like Caretaker's functions (EKS). */
async function connect(flags: ConnectionFlags, env: NodeJS.ProcessEnv, clock: Clock): Promise<ClusterConnection> {
  if (flags.cluster) {
    // Tokens are signed on the command's clock, so a simulated cluster and the token's expiry agree on the time.
    return createClusterConnector({ eks: new EKSClient({}), now: () => new Date(clock.now()) }).connect(flags.cluster);
  }
  return fromKubeconfig({ ...(flags.kubeconfig ? { file: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}), env });
}

/** The instance's private DNS name, which EKS nodes are named after (and labelled kubernetes.io/hostname with). */
async function privateDnsName(instanceId: string): Promise<string | undefined> {
  try {
    return (await describeInstance(new EC2Client({}), instanceId))?.privateDnsName;
  } catch (error) {
    throw new Error(`Could not look up instance ${instanceId} (ec2:DescribeInstances): ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The node's name. Instance ids are matched on `spec.providerID` (`aws:///<zone>/<id>`) as NTH does; with
 * `--cluster` (EKS, so AWS credentials are at hand) a node with a custom providerID is also found through the
 * instance's private DNS name (node name or `kubernetes.io/hostname` label, full or short). Throws when there is no
 * such node (NodeNotFoundError for a name).
 */
async function findNode(kube: DrainKube, target: NodeTarget, { viaEc2 }: { viaEc2: boolean }): Promise<string> {
  if (target.kind === "node") {
    if (!(await kube.getNode(target.name))) throw new NodeNotFoundError(kube.cluster, target.name);
    return target.name;
  }
  const { instanceId } = target;
  const byProviderId = await resolveNode(kube, instanceId);
  if (byProviderId?.metadata?.name) return byProviderId.metadata.name;
  const notFound = (detail: string) => new Error(`no node of cluster "${kube.cluster}" belongs to instance ${instanceId}: ${detail}`);
  if (!viaEc2) throw notFound(`no spec.providerID ends in /${instanceId}; with --cluster the instance's private DNS name is tried too`);
  const dns = await privateDnsName(instanceId);
  if (!dns) throw notFound(`no spec.providerID ends in /${instanceId}, and EC2 knows no running instance by that id (no private DNS name)`);
  const byDns = await resolveNode(kube, instanceId, dns);
  if (byDns?.metadata?.name) return byDns.metadata.name;
  throw notFound(`neither a spec.providerID ending in /${instanceId} nor a node named or labelled kubernetes.io/hostname=${dns}`);
}

export { addConnectionFlags, connect, connectionConflict, findNode, parseNodeTarget };
export type { ConnectionFlags, NodeTarget };
