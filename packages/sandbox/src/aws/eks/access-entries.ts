import type {
  AccessEntry,
  AssociateAccessPolicyRequest,
  AssociateAccessPolicyResponse,
  AssociatedAccessPolicy,
  CreateAccessEntryRequest,
  CreateAccessEntryResponse,
  DeleteAccessEntryRequest,
  DeleteAccessEntryResponse,
  DescribeAccessEntryRequest,
  DescribeAccessEntryResponse,
  ListAccessEntriesRequest,
  ListAccessEntriesResponse,
  ListAssociatedAccessPoliciesRequest,
  ListAssociatedAccessPoliciesResponse,
} from "@aws-sdk/client-eks";
import { requireCluster } from "./clusters";
import { accessEntryInUse, accessEntryNotFound, authenticationModeRequired, invalidParameter } from "./errors";
import { eksPage } from "./list";
import { defaultUsername, parsePrincipal } from "./principals";
import type { AccessEntryRecord, ClusterRecord, EksState } from "./state";

/**
 * Access entries (drain.md §8.2): one per principal and cluster, STANDARD by default with Kubernetes groups and
 * associated access policies (only STANDARD entries take policies). They need API or API_AND_CONFIG_MAP authentication.
 */
const ENTRY_TYPES = new Set(["STANDARD", "EC2_LINUX", "EC2_WINDOWS", "FARGATE_LINUX", "HYBRID_LINUX"]);
const POLICY_ARN = /^arn:(aws|aws-cn|aws-us-gov):eks::aws:cluster-access-policy\/[A-Za-z0-9]+$/;

function requireApiAuthentication(cluster: ClusterRecord): void {
  if (cluster.authenticationMode === "CONFIG_MAP") throw authenticationModeRequired(cluster.name);
}

function requireEntry(cluster: ClusterRecord, principalArn: string | undefined): AccessEntryRecord {
  const entry = cluster.accessEntries.get(principalArn ?? "");
  if (!entry) throw accessEntryNotFound(cluster.name);
  return entry;
}

function entryShape(cluster: ClusterRecord, entry: AccessEntryRecord): AccessEntry {
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    kubernetesGroups: [...entry.kubernetesGroups],
    accessEntryArn: entry.arn,
    createdAt: new Date(entry.createdAt),
    modifiedAt: new Date(entry.modifiedAt),
    tags: { ...entry.tags },
    username: entry.username,
    type: entry.type,
  };
}

function policyShape(policy: AccessEntryRecord["policies"] extends Map<string, infer P> ? P : never): AssociatedAccessPolicy {
  return {
    policyArn: policy.policyArn,
    accessScope: { type: policy.accessScope.type, namespaces: [...(policy.accessScope.namespaces ?? [])] },
    associatedAt: new Date(policy.associatedAt),
    modifiedAt: new Date(policy.modifiedAt),
  };
}

function createAccessEntry(state: EksState, input: CreateAccessEntryRequest): CreateAccessEntryResponse {
  const cluster = requireCluster(state, input.clusterName);
  requireApiAuthentication(cluster);
  const principalArn = input.principalArn ?? "";
  const principal = parsePrincipal(principalArn);
  // observed: "The specified principalArn is invalid: invalid principal."
  if (!principal || principalArn.includes(":sts::")) throw invalidParameter("The specified principalArn is invalid: invalid principal.", cluster.name);
  const type = input.type ?? "STANDARD";
  if (!ENTRY_TYPES.has(type)) throw invalidParameter(`The specified type is invalid: ${type}.`, cluster.name);
  if (type !== "STANDARD" && (input.kubernetesGroups?.length || input.username)) {
    throw invalidParameter(`kubernetesGroups and username can only be specified for access entries of type "STANDARD".`, cluster.name);
  }
  if (cluster.accessEntries.has(principalArn)) throw accessEntryInUse(cluster.name);
  const { region, accountId, partition, clock } = state.context;
  const now = clock.nowMs();
  const entry: AccessEntryRecord = {
    principalArn,
    arn: `arn:${partition}:eks:${region}:${accountId}:access-entry/${cluster.name}/${principal.kind}/${principal.accountId}/${principal.name}/${state.random.uuid()}`,
    kubernetesGroups: [...(input.kubernetesGroups ?? [])],
    type,
    username: input.username ?? (type === "STANDARD" ? defaultUsername(principal, principalArn) : "system:node:{{EC2PrivateDNSName}}"),
    tags: { ...input.tags },
    createdAt: now,
    modifiedAt: now,
    policies: new Map(),
  };
  cluster.accessEntries.set(principalArn, entry);
  return { accessEntry: entryShape(cluster, entry) };
}

function describeAccessEntry(state: EksState, input: DescribeAccessEntryRequest): DescribeAccessEntryResponse {
  const cluster = requireCluster(state, input.clusterName);
  return { accessEntry: entryShape(cluster, requireEntry(cluster, input.principalArn)) };
}

function listAccessEntries(state: EksState, input: ListAccessEntriesRequest): ListAccessEntriesResponse {
  const cluster = requireCluster(state, input.clusterName);
  const arns = [...cluster.accessEntries.values()]
    .filter((entry) => input.associatedPolicyArn === undefined || entry.policies.has(input.associatedPolicyArn))
    .map((entry) => entry.principalArn)
    .sort();
  const page = eksPage(arns, (a) => a, input, `ListAccessEntries:${cluster.name}:${input.associatedPolicyArn ?? ""}`);
  return { accessEntries: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
}

function deleteAccessEntry(state: EksState, input: DeleteAccessEntryRequest): DeleteAccessEntryResponse {
  const cluster = requireCluster(state, input.clusterName);
  requireEntry(cluster, input.principalArn);
  cluster.accessEntries.delete(input.principalArn ?? "");
  return {};
}

function associateAccessPolicy(state: EksState, input: AssociateAccessPolicyRequest): AssociateAccessPolicyResponse {
  const cluster = requireCluster(state, input.clusterName);
  const entry = requireEntry(cluster, input.principalArn);
  // observed: 'This operation can only be performed on Access Entries with a type of "STANDARD".'
  if (entry.type !== "STANDARD") throw invalidParameter('This operation can only be performed on Access Entries with a type of "STANDARD".', cluster.name);
  const policyArn = input.policyArn ?? "";
  if (!POLICY_ARN.test(policyArn)) throw invalidParameter(`The specified policyArn is invalid: ${policyArn}.`, cluster.name);
  const scope = input.accessScope;
  if (scope?.type !== "cluster" && scope?.type !== "namespace") throw invalidParameter("The accessScope type must be cluster or namespace.", cluster.name);
  if (scope.type === "namespace" && !scope.namespaces?.length) throw invalidParameter("Namespaces must be specified for an accessScope of type namespace.", cluster.name);
  if (scope.type === "cluster" && scope.namespaces?.length) throw invalidParameter("Namespaces can't be specified for an accessScope of type cluster.", cluster.name);
  const now = state.context.clock.nowMs();
  const existing = entry.policies.get(policyArn);
  const policy = {
    policyArn,
    accessScope: { type: scope.type, ...(scope.type === "namespace" ? { namespaces: [...(scope.namespaces ?? [])] } : {}) },
    associatedAt: existing?.associatedAt ?? now,
    modifiedAt: now,
  };
  entry.policies.set(policyArn, policy);
  return { clusterName: cluster.name, principalArn: entry.principalArn, associatedAccessPolicy: policyShape(policy) };
}

function listAssociatedAccessPolicies(state: EksState, input: ListAssociatedAccessPoliciesRequest): ListAssociatedAccessPoliciesResponse {
  const cluster = requireCluster(state, input.clusterName);
  const entry = requireEntry(cluster, input.principalArn);
  const policies = [...entry.policies.values()].sort((a, b) => a.policyArn.localeCompare(b.policyArn));
  const page = eksPage(policies, (p) => p.policyArn, input, `ListAssociatedAccessPolicies:${cluster.name}:${entry.principalArn}`);
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    associatedAccessPolicies: page.items.map(policyShape),
    ...(page.nextToken ? { nextToken: page.nextToken } : {}),
  };
}

export {
  associateAccessPolicy,
  createAccessEntry,
  deleteAccessEntry,
  describeAccessEntry,
  listAccessEntries,
  listAssociatedAccessPolicies,
};
