import type { Cluster } from "@aws-sdk/client-eks";
import type { Deployment } from "@caretaker/core/deployment";
import type { ProbeResult } from "@caretaker/core/probe";
import { invokeFunction } from "../invoke-function";
import { blockedByClusters, bootstrapCommand, type CheckResult, couldNotCheck } from "./check";
import type { ManagedCluster } from "./clusters";

/** The probe function takes at most this many clusters per invocation (its payload schema). */
const PROBE_BATCH = 50;

/** Why the functions' network decides whether they reach this cluster, or undefined when anyone can. */
function networkConcern(cluster: Cluster, functionsInVpc: boolean): string | undefined {
  const vpc = cluster.resourcesVpcConfig;
  if (vpc?.endpointPublicAccess === false) return "its endpoint is private only";
  const cidrs = vpc?.publicAccessCidrs ?? ["0.0.0.0/0"];
  if (!cidrs.includes("0.0.0.0/0")) return `its public endpoint only admits ${cidrs.join(", ")}`;
  if (functionsInVpc) return "the functions run in a VPC, so they reach it only through a NAT gateway or its private endpoint";
  return undefined;
}

function networkFix(managed: ManagedCluster, deployment: Deployment): string {
  const vpc = managed.cluster?.resourcesVpcConfig;
  const vpcId = vpc?.vpcId ?? "the cluster's VPC";
  const clusterGroup = vpc?.clusterSecurityGroupId ?? "the cluster security group";
  const redeploy = `npx sst deploy --stage ${deployment.stage}`;
  if (!deployment.network) {
    return `The functions run outside any VPC. Set "vpc": { "subnetIds": [...], "securityGroupIds": [...] } in CARETAKER_CONFIG to subnets of ${vpcId} that reach the endpoint and a security group that ${clusterGroup} accepts on TCP 443, then redeploy: ${redeploy}`;
  }
  const groups = deployment.network.securityGroupIds;
  return [
    `The functions run in subnets ${deployment.network.subnetIds.join(", ")} with security groups ${groups.join(", ")} (the "vpc" setting of CARETAKER_CONFIG).`,
    `Check that those subnets are in ${vpcId} (or routed to it), and that ${clusterGroup} accepts them on TCP 443:`,
    `  aws ec2 authorize-security-group-ingress --group-id ${clusterGroup} --protocol tcp --port 443 --source-group ${groups[0] ?? "FUNCTIONS_SG"}`,
    `If the subnets are wrong, fix "vpc" in CARETAKER_CONFIG and redeploy: ${redeploy}`,
  ].join("\n");
}

function probeVerdict(managed: ManagedCluster, concern: string, result: ProbeResult | undefined, deployment: Deployment): CheckResult {
  const name = managed.name;
  if (!result) return { area: "network", name, status: "warn", unchecked: true, detail: "not checked: the probe function returned no result for it", fix: "Run caretaker doctor again." };
  if (result.ok) {
    return { area: "network", name, status: "ok", detail: `${concern}, and the functions reach it (${result.version ?? "unknown version"}, as ${result.identity?.username ?? "unknown"})` };
  }
  const reason = result.error?.reason;
  const message = result.error?.message ?? "";
  // The API server answered, so the network is fine; but the functions' side of EKS authentication is not.
  if (reason === "unauthenticated") {
    return {
      area: "network",
      name,
      status: "fail",
      detail: `${concern}; the functions reach it, but it rejects the probe's credentials (401 Unauthorized): authentication from the functions' side fails (${message})`,
      fix: [
        `${bootstrapCommand(name, deployment.stage)}   (creates the probe's access entry, with no group, if it is missing; see Access entries)`,
        `If the entry exists, the cluster's authentication mode must include API: aws eks describe-cluster --name ${name} --query cluster.accessConfig`,
      ].join("\n"),
    };
  }
  if (reason === "forbidden") {
    return {
      area: "network",
      name,
      status: "fail",
      detail: `${concern}; the functions reach it and it authenticates the probe, but denies what every authenticated user may (GET /version, SelfSubjectReview): ${message}`,
      fix: [
        "The API server's default ClusterRoles system:public-info-viewer, system:discovery and system:basic-user, bound to system:authenticated, grant these; check that they and their bindings are intact:",
        "  kubectl get clusterrolebinding system:public-info-viewer system:discovery system:basic-user -o wide",
        `then: ${bootstrapCommand(name, deployment.stage)}`,
      ].join("\n"),
    };
  }
  if (reason === "unreachable") {
    return { area: "network", name, status: "fail", detail: `${concern}, and the functions cannot reach it: ${message}`, fix: networkFix(managed, deployment) };
  }
  if (reason === "tls") {
    return { area: "network", name, status: "fail", detail: `the functions reach something at the endpoint that is not the cluster's API server: ${message}`, fix: "Look for a proxy or a DNS override between the functions' subnets and the endpoint." };
  }
  return {
    area: "network",
    name,
    status: "warn",
    unchecked: true,
    detail: `not checked: the probe could not get as far as the network (${reason ?? "error"}): ${message}`,
    fix: reason === "describe-denied" ? `Allow eks:DescribeCluster on ${name} to the probe function's role (${deployment.functions.probe.roleArn}), then run caretaker doctor again.` : "Follow the error above, then run caretaker doctor again.",
  };
}

async function invokeProbe(functionName: string, clusters: readonly string[]): Promise<ProbeResult[]> {
  const answer = (await invokeFunction(functionName, { clusters, notify: "never" })) as { results?: ProbeResult[] };
  return answer.results ?? [];
}

/**
 * Clusters whose endpoint is private (or closed to the internet, or reached from functions in a VPC) are reachable
 * from the functions' network: the deployed probe function, invoked with Lambda Invoke, connects from there. Clusters
 * with an open public endpoint need no proof.
 */
async function reachabilityChecks(deployment: Deployment, clusters: readonly ManagedCluster[] | undefined): Promise<CheckResult[]> {
  if (clusters === undefined) {
    return [blockedByClusters("network", "managed clusters")];
  }
  const checks: CheckResult[] = [];
  const toProbe: Array<{ managed: ManagedCluster; concern: string }> = [];
  for (const managed of clusters) {
    if (managed.missing) continue;
    if (!managed.cluster) {
      checks.push(blockedByClusters("network", managed.name, "the cluster could not be described"));
      continue;
    }
    const concern = networkConcern(managed.cluster, deployment.network !== undefined);
    if (concern) toProbe.push({ managed, concern });
    else checks.push({ area: "network", name: managed.name, status: "ok", detail: "public endpoint open to 0.0.0.0/0: the functions reach it without a VPC" });
  }
  for (let start = 0; start < toProbe.length; start += PROBE_BATCH) {
    const batch = toProbe.slice(start, start + PROBE_BATCH);
    let results: ProbeResult[];
    try {
      results = await invokeProbe(deployment.functions.probe.name, batch.map((item) => item.managed.name));
    } catch (error) {
      for (const { managed } of batch) checks.push(couldNotCheck("network", managed.name, `lambda:InvokeFunction on ${deployment.functions.probe.name}`, error));
      continue;
    }
    for (const { managed, concern } of batch) checks.push(probeVerdict(managed, concern, results.find((result) => result.cluster === managed.name), deployment));
  }
  return checks;
}

export { reachabilityChecks };
