import type { AccessScope } from "@aws-sdk/client-eks";
import { parsePrincipal, samePrincipal } from "./principals";
import type { EksState } from "./state";

/**
 * Who a caller is inside a cluster, as the EKS authenticator tells the API server after verifying the token: the
 * access entry's username (templates rendered) and groups, plus its access policies for the simulator's authorizer.
 * undefined when the cluster does not use access entries or has none for the principal, so the simulator answers 401.
 */
interface ClusterIdentity {
  username: string;
  groups: string[];
  accessPolicies: Array<{ policyArn: string; accessScope: AccessScope }>;
  /** The access entry that matched. */
  principalArn: string;
  type: string;
}

interface IdentityOptions {
  /**
   * STS session name for `{{SessionName}}`; default the session of an assumed-role ARN, else "caretaker-sandbox"
   * (a Lambda's session name is its function name, a CLI's the SDK's generated one).
   */
  sessionName?: string;
  /** For `{{EC2PrivateDNSName}}` in node entries. */
  privateDnsName?: string;
}

const DEFAULT_SESSION = "caretaker-sandbox";

function identityFor(state: EksState, clusterName: string, principalArn: string, options: IdentityOptions = {}): ClusterIdentity | undefined {
  const cluster = state.clusters.get(clusterName);
  if (!cluster || cluster.authenticationMode === "CONFIG_MAP") return undefined;
  const caller = parsePrincipal(principalArn);
  if (!caller) return undefined;
  const entry = [...cluster.accessEntries.values()].find((candidate) => {
    const principal = parsePrincipal(candidate.principalArn);
    return principal !== undefined && samePrincipal(principal, caller);
  });
  if (!entry) return undefined;
  const rawSession = options.sessionName ?? caller.sessionName ?? DEFAULT_SESSION;
  const username = entry.username
    // The authenticator replaces "@" in {{SessionName}} (e-mail-like SSO session names); {{SessionNameRaw}} keeps it.
    .replaceAll("{{SessionName}}", rawSession.replaceAll("@", "-"))
    .replaceAll("{{SessionNameRaw}}", rawSession)
    .replaceAll("{{AccountID}}", caller.accountId)
    .replaceAll("{{EC2PrivateDNSName}}", options.privateDnsName ?? "");
  // Node entries (EC2_LINUX, FARGATE_LINUX, …) authenticate as nodes; only STANDARD entries carry chosen groups.
  const groups = entry.type === "STANDARD" ? [...entry.kubernetesGroups] : ["system:nodes"];
  return {
    username,
    groups,
    accessPolicies: [...entry.policies.values()].map((p) => ({ policyArn: p.policyArn, accessScope: { ...p.accessScope } })),
    principalArn: entry.principalArn,
    type: entry.type,
  };
}

export { identityFor };
export type { ClusterIdentity, IdentityOptions };
