import { DescribeAccessEntryCommand, type EKSClient } from "@aws-sdk/client-eks";
import type { Deployment } from "@caretaker/core/deployment";
import { mapLimit } from "@caretaker/core/drift/collect";
import { blockedByClusters, bootstrapCommand, type CheckResult, couldNotCheck } from "./check";
import type { ManagedCluster } from "./clusters";
import { type FunctionScope, functionScopes, listing, worksOn } from "./scopes";

/** One IAM role of the stage, the functions that run as it on a cluster, and the Kubernetes groups its access entry must map it to. */
interface RoleNeeds {
  roleArn: string;
  functions: FunctionScope[];
  groups: string[];
}

/**
 * What each role needs on one cluster: the groups of the functions that work on it (the drain the drainer group,
 * image GC and drift the reader group); functions sharing a role need the union. The probe needs no group (any
 * authenticated identity may review itself): its entry is checked apart (probeAccess).
 */
function roleNeeds(scopes: readonly FunctionScope[], cluster: string): RoleNeeds[] {
  const byRole = new Map<string, RoleNeeds>();
  for (const scope of scopes.filter((candidate) => worksOn(candidate, cluster))) {
    const needs = byRole.get(scope.roleArn) ?? { roleArn: scope.roleArn, functions: [], groups: [] };
    needs.functions.push(scope);
    if (!needs.groups.includes(scope.group)) needs.groups.push(scope.group);
    byRole.set(scope.roleArn, needs);
  }
  return [...byRole.values()];
}

const names = (role: RoleNeeds) => role.functions.map((scope) => scope.label).join(", ");

/**
 * Why a function that works on every cluster has no entry here, and how to fix it: the deploy created entries only on
 * its access-entry clusters, so a cluster outside them (discovery's exclude, created since the deploy, or simply not
 * in "clusters") needs bootstrap — or the function's own cluster list, to leave the cluster alone.
 */
function missingEntry(cluster: string, role: RoleNeeds, deployment: Deployment): { detail: string; fix: string } {
  const detail = `no access entry for the ${names(role)} role ${role.roleArn}: the cluster answers ${names(role)} with 401 Unauthorized`;
  const outside = role.functions.filter((scope) => scope.clusters === "all" && !scope.accessEntryClusters.includes(cluster));
  if (outside.length === 0) return { detail, fix: bootstrapCommand(cluster, deployment.stage) };
  const excluded = deployment.excludedClusters.includes(cluster);
  const deployedOn = outside[0]?.accessEntryClusters ?? [];
  const why = `${listing(outside.map((scope) => scope.label))} ${outside.length === 1 ? "works" : "work"} on every cluster of ${deployment.region}, but the deploy created ${outside.length === 1 ? "its access entry" : "their access entries"} only on ${deployedOn.length > 0 ? deployedOn.join(", ") : "no cluster"}${excluded ? ` (${cluster} is in clusters.exclude)` : ""}`;
  return {
    detail: `${detail}; ${why}`,
    fix: [
      bootstrapCommand(cluster, deployment.stage),
      `or keep ${listing(outside.map((scope) => scope.label))} off ${cluster}: set ${listing(outside.map((scope) => `"${scope.configKey}"`))} to the clusters ${outside.length === 1 ? "it" : "they"} should work on in CARETAKER_CONFIG and redeploy: npx sst deploy --stage ${deployment.stage}`,
    ].join("\n"),
  };
}

async function clusterAccess(eks: EKSClient, deployment: Deployment, managed: ManagedCluster, roles: readonly RoleNeeds[]): Promise<CheckResult[]> {
  const cluster = managed.name;
  const mode = managed.cluster?.accessConfig?.authenticationMode;
  if (mode === "CONFIG_MAP") {
    return [
      {
        area: "access",
        name: cluster,
        status: "fail",
        detail: "authentication mode is CONFIG_MAP: the cluster takes no access entries, so Caretaker's roles cannot be mapped",
        fix: [`aws eks update-cluster-config --name ${cluster} --access-config authenticationMode=API_AND_CONFIG_MAP   (cannot be reverted)`, `then: ${bootstrapCommand(cluster, deployment.stage)}`].join("\n"),
      },
    ];
  }
  const fine: string[] = [];
  const checks: CheckResult[] = [];
  for (const role of roles) {
    const who = `${names(role)} role ${role.roleArn}`;
    try {
      const { accessEntry } = await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn: role.roleArn }));
      const has = accessEntry?.kubernetesGroups ?? [];
      const missing = role.groups.filter((group) => !has.includes(group));
      if (accessEntry?.type && accessEntry.type !== "STANDARD") {
        checks.push({ area: "access", name: cluster, status: "fail", detail: `the access entry of the ${who} is of type ${accessEntry.type}, not STANDARD, so it maps no Kubernetes groups`, fix: `Delete it (aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${role.roleArn}), then: ${bootstrapCommand(cluster, deployment.stage)}` });
      } else if (missing.length > 0) {
        checks.push({
          area: "access",
          name: cluster,
          status: "fail",
          detail: `the access entry of the ${who} maps it to ${has.length > 0 ? has.join(", ") : "no Kubernetes group"}, not ${missing.join(", ")}: ${names(role)} would be refused by RBAC`,
          fix: [
            `aws eks update-access-entry --cluster-name ${cluster} --principal-arn ${role.roleArn} --kubernetes-groups ${role.groups.join(" ")}`,
            `(bootstrap never changes an existing entry), then check: ${bootstrapCommand(cluster, deployment.stage)} --dry-run`,
          ].join("\n"),
        });
      } else if (has.length > role.groups.length) {
        // Least privilege, as bootstrap judges it: any other group grants the role whatever that group is bound to.
        const extra = has.filter((group) => !role.groups.includes(group));
        checks.push({
          area: "access",
          name: cluster,
          status: "warn",
          detail: `the access entry of the ${who} also maps it to ${extra.join(", ")}: ${names(role)} may do whatever ${extra.length === 1 ? "that group is" : "those groups are"} bound to, beyond what it needs`,
          fix: `aws eks update-access-entry --cluster-name ${cluster} --principal-arn ${role.roleArn} --kubernetes-groups ${role.groups.join(" ")}`,
        });
      } else {
        fine.push(`${names(role)} → ${role.groups.join(", ")}`);
      }
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") {
        checks.push({ area: "access", name: cluster, status: "fail", ...missingEntry(cluster, role, deployment) });
      } else {
        checks.push(couldNotCheck("access", `${cluster}: ${names(role)}`, "eks:DescribeAccessEntry", error));
      }
    }
  }
  const probe = await probeAccess(eks, deployment, cluster, roles);
  if (typeof probe === "string") fine.push(probe);
  else if (probe) checks.push(probe);
  if (fine.length > 0) checks.unshift({ area: "access", name: cluster, status: "ok", detail: fine.join("; ") });
  return checks;
}

/**
 * The probe's role on a cluster its stage's functions work on: a STANDARD entry with no Kubernetes group, so the probe
 * authenticates as the functions do (system:authenticated) and may do nothing more. Without it the probe — and the
 * Network check, which invokes it — gets 401 and cannot tell whether EKS authenticates the functions' side. The deploy
 * creates it on `probe.accessEntryClusters` (the drain's clusters); elsewhere bootstrap with the stage does.
 * Returns the ✓ text, a problem, or nothing when the probe shares a role already checked.
 */
async function probeAccess(eks: EKSClient, deployment: Deployment, cluster: string, roles: readonly RoleNeeds[]): Promise<string | CheckResult | undefined> {
  const roleArn = deployment.functions.probe.roleArn;
  if (roles.some((role) => role.roleArn === roleArn)) return undefined;
  const who = `probe role ${roleArn}`;
  try {
    const { accessEntry } = await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn: roleArn }));
    const groups = accessEntry?.kubernetesGroups ?? [];
    if (accessEntry?.type && accessEntry.type !== "STANDARD") {
      return { area: "access", name: cluster, status: "fail", detail: `the access entry of the ${who} is of type ${accessEntry.type}, not STANDARD: the probe does not authenticate as the functions do`, fix: `Delete it (aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${roleArn}), then: ${bootstrapCommand(cluster, deployment.stage)}` };
    }
    if (groups.length > 0) {
      return {
        area: "access",
        name: cluster,
        status: "fail",
        detail: `the access entry of the ${who} maps it to ${groups.join(", ")}: the probe needs no group (it only authenticates and reviews itself), so the entry grants it more than it uses`,
        fix: `aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${roleArn}, then: ${bootstrapCommand(cluster, deployment.stage)} (it re-creates the entry with no group)`,
      };
    }
    return "probe → no group (authenticated only)";
  } catch (error) {
    if ((error as Error).name !== "ResourceNotFoundException") return couldNotCheck("access", `${cluster}: probe`, "eks:DescribeAccessEntry", error);
    const deployed = deployment.probe.accessEntryClusters;
    const where = deployed.includes(cluster)
      ? "the deploy created it, and it has been deleted since"
      : `the deploy created the probe's entries only on ${deployed.length > 0 ? deployed.join(", ") : "no cluster"} (the drain's clusters)`;
    return {
      area: "access",
      name: cluster,
      status: "fail",
      detail: `no access entry for the ${who}: the probe gets 401 Unauthorized, so it cannot prove that the cluster authenticates the functions' side; ${where}`,
      fix: bootstrapCommand(cluster, deployment.stage),
    };
  }
}

/**
 * Each function's role has an EKS access entry with the right Kubernetes groups on every existing cluster that
 * function works on (for image GC and drift on every cluster of the Region: each one ListClusters returns).
 */
async function accessChecks(eks: EKSClient, deployment: Deployment, clusters: readonly ManagedCluster[] | undefined): Promise<CheckResult[]> {
  if (clusters === undefined) {
    return [blockedByClusters("access", "managed clusters")];
  }
  const scopes = functionScopes(deployment);
  const existing = clusters.filter((managed) => !managed.missing);
  const perCluster = await mapLimit(existing, 4, (managed) => {
    const roles = roleNeeds(scopes, managed.name);
    return roles.length > 0 ? clusterAccess(eks, deployment, managed, roles) : Promise.resolve([]);
  });
  return perCluster.flat();
}

export { accessChecks, roleNeeds };
