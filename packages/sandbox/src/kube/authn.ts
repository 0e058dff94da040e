import type { SandboxClock } from "../clock";
import { type SandboxCredentials, verifyEksToken } from "./eks-token-verifier";
import type { Identity } from "./rbac";

/** What the simulator asks the AWS side: the account's credentials and the cluster's access entries. */
interface ClusterIdentitySource {
  credentials(): readonly SandboxCredentials[];
  /** The access entry for an IAM principal, or undefined (→ 401, as EKS answers unmapped principals). */
  identityFor(principalArn: string): Omit<Identity, "groups"> & { groups: string[] } | undefined;
}

interface StaticToken {
  username: string;
  groups?: string[];
}

type AuthResult = { ok: true; identity: Identity } | { ok: false; anonymous: true; identity: Identity } | { ok: false; anonymous: false; reason: string };

const ANONYMOUS: Identity = { username: "system:anonymous", groups: ["system:unauthenticated"] };

/**
 * Bearer-token authentication in front of every request: static tokens from the cluster spec (admin kubeconfigs),
 * else EKS tokens verified like aws-iam-authenticator + STS and mapped through EKS access entries. A request with no
 * token is anonymous (RBAC then allows only public info); a token that fails verification is 401.
 */
async function authenticate(
  authorization: string | undefined,
  context: { clusterName: string; clock: SandboxClock; staticTokens: Record<string, StaticToken>; identities?: ClusterIdentitySource },
): Promise<AuthResult> {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? "")?.[1];
  if (!token) return { ok: false, anonymous: true, identity: ANONYMOUS };
  const staticUser = context.staticTokens[token];
  if (staticUser) return { ok: true, identity: { username: staticUser.username, groups: [...(staticUser.groups ?? []), "system:authenticated"] } };
  if (!context.identities || !token.startsWith("k8s-aws-v1.")) return { ok: false, anonymous: false, reason: "unknown bearer token" };
  const verdict = await verifyEksToken(token, { clusterName: context.clusterName, credentials: context.identities.credentials(), now: context.clock.now() });
  if (!verdict.ok) return { ok: false, anonymous: false, reason: verdict.reason };
  const mapped = context.identities.identityFor(verdict.principalArn);
  if (!mapped) return { ok: false, anonymous: false, reason: `no EKS access entry for ${verdict.principalArn}` };
  return { ok: true, identity: { ...mapped, groups: [...mapped.groups, "system:authenticated"] } };
}

export { ANONYMOUS, authenticate };
export type { AuthResult, ClusterIdentitySource, StaticToken };
