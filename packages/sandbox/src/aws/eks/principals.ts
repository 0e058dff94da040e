/**
 * IAM principal ARNs as EKS sees them: access entries name IAM roles or users; a caller authenticated through STS is
 * an assumed-role session (`arn:aws:sts::<acct>:assumed-role/<role>/<session>`), which the authenticator maps back to
 * its role. Role paths are not part of an assumed-role ARN, so roles match by account and name.
 */
interface Principal {
  partition: string;
  accountId: string;
  kind: "role" | "user";
  /** Name without path. */
  name: string;
  /** The session of an assumed-role ARN. */
  sessionName?: string;
}

const IAM_ARN = /^arn:(aws|aws-cn|aws-us-gov):iam::(\d{12}):(role|user)\/((?:[\w+=,.@-]+\/)*)([\w+=,.@-]{1,128})$/;
const ASSUMED_ROLE_ARN = /^arn:(aws|aws-cn|aws-us-gov):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,128})\/([\w+=,.@-]{2,64})$/;

function parsePrincipal(arn: string): Principal | undefined {
  const iam = IAM_ARN.exec(arn);
  if (iam) {
    const [, partition, accountId, kind, , name] = iam;
    return { partition: partition as string, accountId: accountId as string, kind: kind as "role" | "user", name: name as string };
  }
  const sts = ASSUMED_ROLE_ARN.exec(arn);
  if (sts) {
    const [, partition, accountId, name, sessionName] = sts;
    return { partition: partition as string, accountId: accountId as string, kind: "role", name: name as string, sessionName: sessionName as string };
  }
  return undefined;
}

function samePrincipal(a: Principal, b: Principal): boolean {
  return a.partition === b.partition && a.accountId === b.accountId && a.kind === b.kind && a.name === b.name;
}

/** The username EKS gives a STANDARD access entry when none is set (drain.md §8.2). */
function defaultUsername(principal: Principal, principalArn: string): string {
  return principal.kind === "role"
    ? `arn:${principal.partition}:sts::${principal.accountId}:assumed-role/${principal.name}/{{SessionName}}`
    : principalArn;
}

export { defaultUsername, parsePrincipal, samePrincipal };
export type { Principal };
