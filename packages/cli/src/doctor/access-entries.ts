import { DescribeAccessEntryCommand, type EKSClient } from "@aws-sdk/client-eks";
import type { Deployment } from "@caretaker/core/deployment";
import { mapLimit } from "@caretaker/core/drift/collect";
import { type CheckResult, couldNotCheck } from "./check";
import type { ManagedCluster } from "./clusters";

/** One IAM role of the stage, the functions that run as it, and the Kubernetes groups its access entry must map it to. */
interface RoleNeeds {
  roleArn: string;
  functions: string[];
  groups: string[];
}

/**
 * What each function's role needs on every managed cluster: the drain the drainer group, image GC and drift the reader
 * group. Functions sharing a role need the union. The probe needs no group (any authenticated identity may review
 * itself) and infra gives it no access entry, so it is not checked here; the Network checks use it.
 */
function roleNeeds(deployment: Deployment): RoleNeeds[] {
  const { drainer, reader } = deployment.kubernetesGroups;
  const wanted: Array<[string, { roleArn: string }, string]> = [
    ["drain", deployment.functions.drain, drainer],
    ["image GC", deployment.functions.imageGc, reader],
    ["drift", deployment.functions.drift, reader],
  ];
  const byRole = new Map<string, RoleNeeds>();
  for (const [name, fn, group] of wanted) {
    const needs = byRole.get(fn.roleArn) ?? { roleArn: fn.roleArn, functions: [], groups: [] };
    needs.functions.push(name);
    if (!needs.groups.includes(group)) needs.groups.push(group);
    byRole.set(fn.roleArn, needs);
  }
  return [...byRole.values()];
}

function bootstrap(cluster: string, deployment: Deployment): string {
  return `caretaker bootstrap --cluster ${cluster} --stage ${deployment.stage}`;
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
        fix: [`aws eks update-cluster-config --name ${cluster} --access-config authenticationMode=API_AND_CONFIG_MAP   (cannot be reverted)`, `then: ${bootstrap(cluster, deployment)}`].join("\n"),
      },
    ];
  }
  const fine: string[] = [];
  const checks: CheckResult[] = [];
  for (const role of roles) {
    const who = `${role.functions.join(", ")} role ${role.roleArn}`;
    try {
      const { accessEntry } = await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn: role.roleArn }));
      const has = accessEntry?.kubernetesGroups ?? [];
      const missing = role.groups.filter((group) => !has.includes(group));
      if (accessEntry?.type && accessEntry.type !== "STANDARD") {
        checks.push({ area: "access", name: cluster, status: "fail", detail: `the access entry of the ${who} is of type ${accessEntry.type}, not STANDARD, so it maps no Kubernetes groups`, fix: `Delete it (aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${role.roleArn}), then: ${bootstrap(cluster, deployment)}` });
      } else if (missing.length > 0) {
        checks.push({
          area: "access",
          name: cluster,
          status: "fail",
          detail: `the access entry of the ${who} maps it to ${has.length > 0 ? has.join(", ") : "no Kubernetes group"}, not ${missing.join(", ")}: ${role.functions.join(", ")} would be refused by RBAC`,
          fix: [
            `aws eks update-access-entry --cluster-name ${cluster} --principal-arn ${role.roleArn} --kubernetes-groups ${role.groups.join(" ")}`,
            `(bootstrap never changes an existing entry), then check: ${bootstrap(cluster, deployment)} --dry-run`,
          ].join("\n"),
        });
      } else {
        fine.push(`${role.functions.join(", ")} → ${role.groups.join(", ")}`);
      }
    } catch (error) {
      if ((error as Error).name === "ResourceNotFoundException") {
        checks.push({
          area: "access",
          name: cluster,
          status: "fail",
          detail: `no access entry for the ${who}: the cluster answers ${role.functions.join(", ")} with 401 Unauthorized`,
          fix: bootstrap(cluster, deployment),
        });
      } else {
        checks.push(couldNotCheck("access", `${cluster}: ${role.functions.join(", ")}`, "eks:DescribeAccessEntry", error));
      }
    }
  }
  if (fine.length > 0) checks.unshift({ area: "access", name: cluster, status: "ok", detail: fine.join("; ") });
  return checks;
}

/** Each function role has an EKS access entry with the right Kubernetes groups on every managed cluster that exists. */
async function accessChecks(eks: EKSClient, deployment: Deployment, clusters: readonly ManagedCluster[] | undefined): Promise<CheckResult[]> {
  if (clusters === undefined) {
    return [{ area: "access", name: "managed clusters", status: "warn", unchecked: true, detail: "not checked: the managed clusters could not be listed (see Clusters)", fix: "Fix the Clusters check first." }];
  }
  const roles = roleNeeds(deployment);
  const existing = clusters.filter((managed) => !managed.missing);
  return (await mapLimit(existing, 4, (managed) => clusterAccess(eks, deployment, managed, roles))).flat();
}

export { accessChecks, roleNeeds };
