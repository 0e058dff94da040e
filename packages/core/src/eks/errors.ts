import { ApiException } from "@kubernetes/client-node";

/** Why Caretaker could not do something on a cluster; each reason has its own remedy in the message. */
type ClusterAccessReason =
  | "cluster-not-found"
  | "describe-denied"
  | "no-endpoint"
  | "unreachable"
  | "tls"
  | "unauthenticated"
  | "forbidden"
  | "api-error";

/** Where the connection's credentials come from: the remedy for a 401/403 differs. */
type CredentialSource = "eks" | "kubeconfig";

interface MissingPermission {
  user?: string;
  verb: string;
  resource: string;
  group: string;
  namespace?: string;
}

interface ClusterAccessErrorDetails {
  cluster: string;
  operation: string;
  reason: ClusterAccessReason;
  status?: number;
  missing?: MissingPermission;
  cause?: unknown;
}

/** An error that names the cluster, what Caretaker was doing, the cause, and what to do about it. */
class ClusterAccessError extends Error {
  override readonly name = "ClusterAccessError";
  readonly cluster: string;
  readonly operation: string;
  readonly reason: ClusterAccessReason;
  readonly status?: number;
  readonly missing?: MissingPermission;

  constructor(message: string, details: ClusterAccessErrorDetails) {
    super(message, { cause: details.cause });
    this.cluster = details.cluster;
    this.operation = details.operation;
    this.reason = details.reason;
    if (details.status !== undefined) this.status = details.status;
    if (details.missing !== undefined) this.missing = details.missing;
  }
}

interface KubernetesStatus {
  reason?: string;
  message?: string;
  code?: number;
}

/** `ApiException.body` is the raw response text in client-node 1.x/2.x; parse it into a Status when it is one. */
function parseStatus(body: unknown): KubernetesStatus | undefined {
  if (body && typeof body === "object") return body as KubernetesStatus;
  if (typeof body !== "string" || !body.trim().startsWith("{")) return undefined;
  try {
    return JSON.parse(body) as KubernetesStatus;
  } catch {
    return undefined;
  }
}

/**
 * The RBAC authorizer's denial, e.g. `pods "a" is forbidden: User "arn:…" cannot create resource "pods/eviction" in
 * API group "" in the namespace "default"` or `… cannot list resource "nodes" in API group "" at the cluster scope`.
 */
const RBAC_DENIAL =
  /User "([^"]*)" cannot (\w+) resource "([^"]+)" in API group "([^"]*)"(?: in the namespace "([^"]*)")?/;

function parseMissingPermission(message: string): MissingPermission | undefined {
  const match = RBAC_DENIAL.exec(message);
  if (!match) return undefined;
  const [, user, verb = "", resource = "", group = "", namespace] = match;
  return { ...(user ? { user } : {}), verb, resource, group, ...(namespace ? { namespace } : {}) };
}

/** Node's network and TLS error codes, found on `fetch failed` errors' causes. */
const TLS_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "ERR_TLS_CERT_ALTNAME_INVALID",
]);

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** `fetch failed` says nothing; the innermost cause says what actually went wrong. */
function innermostMessage(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && (current as { cause?: unknown })?.cause; depth++) current = (current as { cause: unknown }).cause;
  return current instanceof Error ? current.message : String(current);
}

interface ExplainContext {
  cluster: string;
  server: string;
  operation: string;
  source: CredentialSource;
}

function describeScope(missing: MissingPermission): string {
  const group = missing.group ? `API group "${missing.group}"` : "the core API group";
  return `${missing.verb} on ${missing.resource} (${group}, ${missing.namespace ? `namespace "${missing.namespace}"` : "cluster scope"})`;
}

/** `caretaker bootstrap` for this cluster; the roles come from the deployed stage ("prod" unless --stage says). */
function bootstrapCommand(cluster: string): string {
  return `caretaker bootstrap --cluster ${cluster}`;
}

function unauthenticatedRemedy({ cluster, source }: ExplainContext): string {
  return source === "eks"
    ? `the function's role has no EKS access entry for this cluster. Run \`${bootstrapCommand(cluster)}\` (with --stage for a stage other ` +
        `than prod), which creates the stage's access entries, or \`aws eks create-access-entry --cluster-name ${cluster} --principal-arn <role-arn> ` +
        "--kubernetes-groups <group>`; the cluster's authentication mode must be API or API_AND_CONFIG_MAP (bootstrap checks it)"
    : "the kubeconfig's credentials for this context were rejected; refresh them (e.g. `aws eks update-kubeconfig`)";
}

/**
 * A denied `pods delete` is the force-delete permission: bootstrap grants it when the stage's descriptor says its drain
 * force-deletes (--force-delete when the roles are given by flags instead).
 */
function forbiddenRemedy({ cluster, source }: ExplainContext, missing: MissingPermission): string {
  const forceDelete = missing.verb === "delete" && missing.resource === "pods";
  if (source !== "eks") return "the kubeconfig's user lacks this RBAC rule";
  const what = forceDelete
    ? "Caretaker's RBAC with pods delete when the stage's configuration force-deletes (a trigger's onDeadline \"force-delete\", or " +
      "drain.options.disableEviction; if it does not, configure that and deploy first)"
    : "Caretaker's RBAC";
  return (
    `the Kubernetes groups of the role's access entry are not granted it. Run \`${bootstrapCommand(cluster)}\` (with --stage for a stage ` +
    `other than prod): it applies ${what}, then verifies what the role may do and says what else is wrong (e.g. the access entry's groups)`
  );
}

/**
 * Translates whatever a Kubernetes call threw into a ClusterAccessError whose message says what failed and how to
 * fix it. Errors that already are ClusterAccessErrors pass through unchanged.
 */
function explainKubernetesError(error: unknown, context: ExplainContext): ClusterAccessError {
  if (error instanceof ClusterAccessError) return error;
  const { cluster, server, operation } = context;
  const base = { cluster, operation, cause: error };

  if (error instanceof ApiException) {
    const status = parseStatus(error.body);
    const serverMessage = status?.message ?? (typeof error.body === "string" ? error.body.slice(0, 500) : "");
    if (error.code === 401) {
      return new ClusterAccessError(
        `Cluster "${cluster}" rejected Caretaker's credentials while trying to ${operation} (401 Unauthorized): ${unauthenticatedRemedy(context)}.`,
        { ...base, reason: "unauthenticated", status: 401 },
      );
    }
    const missing = error.code === 403 ? parseMissingPermission(serverMessage) : undefined;
    if (missing) {
      const who = missing.user ? ` to ${missing.user}` : "";
      return new ClusterAccessError(
        `Cluster "${cluster}" denied ${describeScope(missing)}${who} while trying to ${operation} (403 Forbidden): ${forbiddenRemedy(context, missing)}.`,
        { ...base, reason: "forbidden", status: 403, missing },
      );
    }
    return new ClusterAccessError(
      `Cluster "${cluster}" answered ${error.code}${status?.reason ? ` ${status.reason}` : ""} while trying to ${operation}` +
        `${serverMessage ? `: ${serverMessage}` : ""}`,
      { ...base, reason: "api-error", status: error.code },
    );
  }

  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    return new ClusterAccessError(
      `TLS verification of the API server of cluster "${cluster}" at ${server} failed while trying to ${operation} (${code}): ` +
        "the server certificate does not chain to the cluster's certificate authority (DescribeCluster certificateAuthority.data or the kubeconfig's CA).",
      { ...base, reason: "tls" },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  if (code || /fetch failed|ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket/i.test(message)) {
    return new ClusterAccessError(
      `Cannot reach the API server of cluster "${cluster}" at ${server} while trying to ${operation} (${code ?? innermostMessage(error)}): ` +
        "if the cluster's endpoint is private, the function must run in the cluster's VPC with a security group the control plane accepts.",
      { ...base, reason: "unreachable" },
    );
  }
  return new ClusterAccessError(`Failed to ${operation} on cluster "${cluster}": ${message}`, { ...base, reason: "api-error" });
}

export { ClusterAccessError, explainKubernetesError, parseMissingPermission, parseStatus };
export type { ClusterAccessReason, CredentialSource, MissingPermission, KubernetesStatus };
