import { DescribeClusterCommand, type EKSClient } from "@aws-sdk/client-eks";
import { AuthorizationV1Api } from "@kubernetes/client-node";
import type { ClusterConnection } from "../eks/connection";
import { type AccessCheck, describeCheck } from "./access-checks";
import { type AccessEntryResult, ensureAccessEntry, type RoleAccess } from "./access-entries";
import { type AppliedObject, applyRbac } from "./apply-rbac";
import type { RbacObject } from "./rbac";
import { type RoleVerification, type VerificationSubject, verifyRole } from "./verify-access";

/** One Caretaker function whose IAM role bootstrap maps into the cluster. */
interface FunctionAccess {
  /** "drain", "imageGc", "drift", "probe". */
  function: string;
  /** The Lambda function's name: its STS session name, i.e. `{{SessionName}}` in the role's username. */
  functionName?: string;
  /** Its execution role; without one, only the RBAC is applied for it (no access entry, no verification). */
  roleArn?: string;
  /**
   * The Kubernetes group the shipped RBAC binds its ClusterRoles to; none for the probe, whose entry only authenticates
   * it and which may do only what every authenticated user may.
   */
  group?: string;
}

interface BootstrapRequest {
  /** The EKS cluster's name. */
  cluster: string;
  /** The RBAC Caretaker ships (ClusterRoles and their group bindings). */
  objects: readonly RbacObject[];
  functions: readonly FunctionAccess[];
  /** Change nothing: writes go to the server with dryRun=All, no access entry is created. */
  dryRun?: boolean;
  /** Whether `objects` grant the drainer `pods delete` (for the commands the report suggests). */
  forceDelete?: boolean;
  /**
   * The deployed stage the roles and `forceDelete` were read from (its descriptor's `drain.forceDelete`): the commands
   * the report suggests then name the stage, which decides `pods delete`, rather than `--force-delete`.
   */
  stage?: string;
}

interface BootstrapDeps {
  /** The operator's EKS client (DescribeCluster and access entries). */
  eks: EKSClient;
  /** The operator's connection to the cluster (kubeconfig), which must be the cluster `DescribeCluster` names. */
  connection: ClusterConnection;
  /** Waits between verification attempts right after changes (the authorizer's RBAC cache follows within seconds). */
  sleep?: (ms: number) => Promise<void>;
}

interface BootstrapReport {
  cluster: string;
  dryRun: boolean;
  forceDelete: boolean;
  endpoint: string;
  authenticationMode: string;
  rbac: AppliedObject[];
  accessEntries: AccessEntryResult[];
  verification: RoleVerification[];
  /** Functions given without a role ARN: RBAC applied, nothing else. */
  skipped: string[];
  /** Objects and entries created or changed (in a dry run: that would be). */
  changes: number;
  /** Access entry problems plus failed check groups. */
  problems: number;
  /** The command that applies what this report shows, for fixes. */
  rerun: string;
}

/** The cluster bootstrap was pointed at is not the one the kubeconfig reaches: nothing was done. */
class WrongClusterError extends Error {
  override readonly name = "WrongClusterError";
}

/** The operator's own credentials may not do what bootstrap needs: nothing was done. */
class OperatorForbiddenError extends Error {
  override readonly name = "OperatorForbiddenError";
  readonly missing: string[];

  constructor(message: string, missing: string[]) {
    super(message);
    this.missing = missing;
  }
}

const VERIFY_ATTEMPTS = 3;
const VERIFY_RETRY_MS = 2_000;

/** `https://HOST[:443]/` and `https://host` are the same server. */
function sameServer(a: string, b: string): boolean {
  const normal = (url: string) => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.hostname.toLowerCase()}:${parsed.port || (parsed.protocol === "https:" ? "443" : "80")}${parsed.pathname.replace(/\/+$/, "")}`;
    } catch {
      return url.replace(/\/+$/, "").toLowerCase();
    }
  };
  return normal(a) === normal(b);
}

async function describeCluster(eks: EKSClient, cluster: string): Promise<{ endpoint: string; authenticationMode: string }> {
  let described;
  try {
    described = await eks.send(new DescribeClusterCommand({ name: cluster }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    const region = await eks.config.region();
    if (name === "ResourceNotFoundException") throw new WrongClusterError(`EKS cluster "${cluster}" does not exist in ${region}; check --cluster and AWS_REGION.`);
    throw new Error(`Could not describe EKS cluster "${cluster}" in ${region} (eks:DescribeCluster with your AWS credentials): ${(error as Error).message}`, { cause: error });
  }
  return { endpoint: described.cluster?.endpoint ?? "", authenticationMode: described.cluster?.accessConfig?.authenticationMode ?? "CONFIG_MAP" };
}

/** The identity the cluster gives a role: its entry's username with the templates EKS renders, and its groups. */
function subjectFor(access: RoleAccess, entry: AccessEntryResult, sessionName: string): VerificationSubject {
  const [, partition = "aws", , , account = ""] = access.roleArn.split(":");
  const roleName = access.roleArn.split("/").pop() ?? "";
  const existing = entry.entry?.type === "STANDARD" ? entry.entry : undefined;
  const template = existing?.username || `arn:${partition}:sts::${account}:assumed-role/${roleName}/{{SessionName}}`;
  const username = template
    .replaceAll("{{SessionName}}", sessionName.replaceAll("@", "-"))
    .replaceAll("{{SessionNameRaw}}", sessionName)
    .replaceAll("{{AccountID}}", account);
  return {
    roleArn: access.roleArn,
    functions: access.functions,
    username,
    groups: existing ? existing.kubernetesGroups : access.groups,
    expectedGroups: access.groups,
    assumed: !existing,
  };
}

/** One role per ARN (two functions may share one), with every group its functions need. */
function rolesOf(functions: readonly FunctionAccess[]): Array<RoleAccess & { sessionName: string }> {
  const roles = new Map<string, RoleAccess & { sessionName: string }>();
  for (const fn of functions) {
    if (!fn.roleArn) continue;
    const role = roles.get(fn.roleArn) ?? { roleArn: fn.roleArn, functions: [], groups: [], sessionName: fn.functionName ?? "caretaker" };
    role.functions.push(fn.function);
    if (fn.group !== undefined && !role.groups.includes(fn.group)) role.groups.push(fn.group);
    roles.set(fn.roleArn, role);
  }
  return [...roles.values()];
}

/**
 * What the operator must be allowed for bootstrap to finish: read and write Caretaker's ClusterRoles and bindings,
 * and impersonate each role's user and groups for the verification. Checked first, so a missing right changes nothing.
 */
async function checkOperator(connection: ClusterConnection, request: BootstrapRequest, subjects: VerificationSubject[]): Promise<void> {
  const checks: AccessCheck[] = [];
  const rbacGroup = "rbac.authorization.k8s.io";
  for (const resource of ["clusterroles", "clusterrolebindings"]) {
    // A create carries no name when it is authorized (resourceNames cannot limit it), so neither does its review.
    if (request.objects.some((object) => (object.kind === "ClusterRole") === (resource === "clusterroles"))) checks.push({ verb: "create", group: rbacGroup, resource });
  }
  for (const object of request.objects) {
    const resource = object.kind === "ClusterRole" ? "clusterroles" : "clusterrolebindings";
    for (const verb of ["get", "update"]) checks.push({ verb, group: rbacGroup, resource, name: object.metadata.name });
  }
  for (const subject of subjects) {
    checks.push({ verb: "impersonate", group: "", resource: "users", name: subject.username });
    for (const group of subject.groups) checks.push({ verb: "impersonate", group: "", resource: "groups", name: group });
  }
  const api = connection.api(AuthorizationV1Api);
  const answers = await Promise.all(
    checks.map((check) =>
      connection.call(`review your own permissions (SelfSubjectAccessReview: ${describeCheck(check)})`, () =>
        api.createSelfSubjectAccessReview({
          body: {
            apiVersion: "authorization.k8s.io/v1",
            kind: "SelfSubjectAccessReview",
            spec: { resourceAttributes: { verb: check.verb, group: check.group, resource: check.resource, ...(check.name ? { name: check.name } : {}) } },
          },
        }),
      ),
    ),
  );
  const missing = [...new Set(checks.filter((_, index) => answers[index]?.status?.allowed !== true).map(describeCheck))];
  if (missing.length > 0) {
    throw new OperatorForbiddenError(
      `Your kubeconfig's user may not ${missing.join(", ")} on cluster "${request.cluster}", so bootstrap changed nothing. ` +
        "Run it as a cluster administrator (e.g. an access entry with AmazonEKSClusterAdminPolicy, or a user bound to cluster-admin).",
      missing,
    );
  }
}

/**
 * `caretaker bootstrap`: makes a cluster ready for Caretaker's functions with the operator's credentials, in an order
 * that never leaves a function half-working: (1) the cluster the kubeconfig reaches must be the EKS cluster named;
 * (2) the operator's rights are checked before anything changes; (3) the shipped RBAC is applied idempotently (before
 * the access entries, so a role that can authenticate already has its permissions); (4) each role's access entry is
 * checked or created; (5) each role is verified as the cluster sees it, needed permissions allowed and nothing more.
 */
async function bootstrapCluster(deps: BootstrapDeps, request: BootstrapRequest): Promise<BootstrapReport> {
  const { connection, eks } = deps;
  const dryRun = Boolean(request.dryRun);
  const forceDelete = Boolean(request.forceDelete);
  const rerun = `caretaker bootstrap --cluster ${request.cluster}${request.stage !== undefined ? ` --stage ${request.stage}` : forceDelete ? " --force-delete" : ""}`;
  const { endpoint, authenticationMode } = await describeCluster(eks, request.cluster);
  if (!sameServer(endpoint, connection.server)) {
    throw new WrongClusterError(
      `The kubeconfig context "${connection.cluster}" points at ${connection.server}, but EKS cluster "${request.cluster}" is at ${endpoint || "(no endpoint yet)"}: ` +
        `pass the --context for that cluster (aws eks update-kubeconfig --name ${request.cluster} creates one).`,
    );
  }
  const roles = rolesOf(request.functions);
  const planned = roles.map((role) => subjectFor(role, { ...role, outcome: "would-create", problems: [] }, role.sessionName));
  await checkOperator(connection, request, planned);

  const rbac = await applyRbac(connection, request.objects, { dryRun });
  const accessEntries: AccessEntryResult[] = [];
  for (const role of roles) {
    const { sessionName: _session, ...access } = role;
    accessEntries.push(await ensureAccessEntry(eks, request.cluster, access, { dryRun, authenticationMode }));
  }
  const subjects = roles.map((role, index) => subjectFor(role, accessEntries[index] as AccessEntryResult, role.sessionName));
  const context = { cluster: request.cluster, objects: request.objects, rerun, ...(request.stage !== undefined ? { stage: request.stage } : {}) };
  const changes = rbac.filter((object) => object.outcome !== "unchanged").length + accessEntries.filter((entry) => entry.outcome === "created" || entry.outcome === "would-create").length;
  let verification: RoleVerification[] = [];
  for (let attempt = 1; attempt <= VERIFY_ATTEMPTS; attempt++) {
    verification = await Promise.all(subjects.map((subject) => verifyRole(connection, subject, context)));
    // Only what was just applied can still be propagating to the authorizer; any other failure is the answer.
    const propagating = verification.some((role) => role.failures.some((failure) => failure.cause === "rbac"));
    if (!propagating || dryRun || changes === 0 || attempt === VERIFY_ATTEMPTS) break;
    await (deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))))(VERIFY_RETRY_MS);
  }
  const problems = accessEntries.reduce((sum, entry) => sum + entry.problems.length, 0) + verification.reduce((sum, role) => sum + role.failures.length, 0);
  return {
    cluster: request.cluster,
    dryRun,
    forceDelete,
    endpoint,
    authenticationMode,
    rbac,
    accessEntries,
    verification,
    skipped: request.functions.filter((fn) => !fn.roleArn).map((fn) => fn.function),
    changes,
    problems,
    rerun,
  };
}

export { bootstrapCluster, OperatorForbiddenError, WrongClusterError };
export type { BootstrapDeps, BootstrapReport, BootstrapRequest, FunctionAccess };
