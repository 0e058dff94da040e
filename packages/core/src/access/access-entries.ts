import {
  type AccessEntry,
  CreateAccessEntryCommand,
  DescribeAccessEntryCommand,
  type EKSClient,
  ListAssociatedAccessPoliciesCommand,
} from "@aws-sdk/client-eks";

/** One IAM role of a Caretaker function and the Kubernetes groups its access entry must map it to. */
interface RoleAccess {
  roleArn: string;
  /** The Caretaker functions running as this role ("drain", "imageGc", "drift", "probe"). */
  functions: string[];
  /** None for the probe: its entry only authenticates it (system:authenticated). */
  groups: string[];
}

type EntryOutcome =
  /** It exists as Caretaker needs it. */
  | "ok"
  | "created"
  /** Dry run: it does not exist and would be created. */
  | "would-create"
  /** It exists but differs (type, groups or access policies); left as it is, with the fix. */
  | "mismatch"
  /** Could not be checked or created (authentication mode, permissions, API error). */
  | "failed";

interface EntryProblem {
  message: string;
  fix: string;
}

interface AccessEntryResult extends RoleAccess {
  outcome: EntryOutcome;
  /** What the entry maps the role to, when it exists (or was just created). */
  entry?: { type: string; username: string; kubernetesGroups: string[]; accessPolicies: string[] };
  problems: EntryProblem[];
}

const CREATED_BY_TAG = { "caretaker.dev/created-by": "caretaker-bootstrap" };

function errorName(error: unknown): string {
  return (error as { name?: string })?.name ?? "Error";
}

function shellList(values: readonly string[]): string {
  return values.map((value) => (/^[\w:./@=+-]+$/.test(value) ? value : `'${value}'`)).join(" ");
}

async function describeEntry(eks: EKSClient, cluster: string, roleArn: string): Promise<AccessEntry | undefined> {
  try {
    return (await eks.send(new DescribeAccessEntryCommand({ clusterName: cluster, principalArn: roleArn }))).accessEntry;
  } catch (error) {
    if (errorName(error) === "ResourceNotFoundException") return undefined;
    throw error;
  }
}

async function associatedPolicies(eks: EKSClient, cluster: string, roleArn: string): Promise<string[]> {
  const policies: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await eks.send(new ListAssociatedAccessPoliciesCommand({ clusterName: cluster, principalArn: roleArn, ...(nextToken ? { nextToken } : {}) }));
    policies.push(...(page.associatedAccessPolicies ?? []).map((policy) => policy.policyArn ?? ""));
    nextToken = page.nextToken;
  } while (nextToken);
  return policies;
}

/**
 * What is wrong with an existing entry, each with the command that fixes it. Bootstrap does not change an existing
 * entry itself: one principal has one entry, which is often owned by infrastructure code (Caretaker's own deploy
 * creates these entries, others use Terraform) that would revert or fight an in-place change; a role's groups decide
 * what it may do cluster-wide, so changing them is a decision to review; and an entry's type cannot be changed at all.
 */
function entryProblems(cluster: string, access: RoleAccess, entry: AccessEntry, policies: readonly string[]): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const { roleArn } = access;
  const type = entry.type ?? "STANDARD";
  if (type !== "STANDARD") {
    problems.push({
      message: `the access entry has type ${type}: the role authenticates as a node, not with Caretaker's groups (the type cannot be changed)`,
      fix: `aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${roleArn}, then run caretaker bootstrap again`,
    });
    return problems;
  }
  const groups = entry.kubernetesGroups ?? [];
  const missing = access.groups.filter((group) => !groups.includes(group));
  const extra = groups.filter((group) => !access.groups.includes(group));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length ? `lacks ${missing.join(", ")}` : "", extra.length ? `also maps to ${extra.join(", ")}, which Caretaker does not need` : ""].filter(Boolean);
    problems.push(
      access.groups.length > 0
        ? {
            message: `the access entry maps the role to groups [${groups.join(", ")}]: it ${parts.join(" and ")}`,
            fix: `aws eks update-access-entry --cluster-name ${cluster} --principal-arn ${roleArn} --kubernetes-groups ${shellList(access.groups)}`,
          }
        : {
            // No group to update to: the entry is re-created without any.
            message: `the access entry maps the role to groups [${groups.join(", ")}]: it needs none (it only has to authenticate), so they grant it more than it uses`,
            fix: `aws eks delete-access-entry --cluster-name ${cluster} --principal-arn ${roleArn}, then run caretaker bootstrap again (it creates the entry with no group)`,
          },
    );
  }
  for (const policy of policies) {
    problems.push({
      message: `access policy ${policy.split("/").pop()} is associated with the role: it grants more than Caretaker's RBAC (EKS evaluates it outside RBAC, so the checks below cannot see it)`,
      fix: `aws eks disassociate-access-policy --cluster-name ${cluster} --principal-arn ${roleArn} --policy-arn ${policy}`,
    });
  }
  return problems;
}

function shapeOf(entry: AccessEntry, policies: string[]): NonNullable<AccessEntryResult["entry"]> {
  return { type: entry.type ?? "STANDARD", username: entry.username ?? "", kubernetesGroups: [...(entry.kubernetesGroups ?? [])], accessPolicies: policies };
}

function failed(access: RoleAccess, message: string, fix: string): AccessEntryResult {
  return { ...access, outcome: "failed", problems: [{ message, fix }] };
}

/**
 * Checks (and unless `dryRun` creates) the EKS access entry of one role: STANDARD, mapped to exactly Caretaker's
 * groups (none for the probe), with no access policy. An entry that exists differently is reported with its fix, never changed.
 */
async function ensureAccessEntry(eks: EKSClient, cluster: string, access: RoleAccess, options: { dryRun: boolean; authenticationMode?: string }): Promise<AccessEntryResult> {
  const { roleArn } = access;
  if (options.authenticationMode === "CONFIG_MAP") {
    return failed(
      access,
      "the cluster's authentication mode is CONFIG_MAP, which has no access entries",
      `aws eks update-cluster-config --name ${cluster} --access-config authenticationMode=API_AND_CONFIG_MAP (it cannot be reverted), then run caretaker bootstrap again`,
    );
  }
  try {
    let entry = await describeEntry(eks, cluster, roleArn);
    if (!entry) {
      if (options.dryRun) return { ...access, outcome: "would-create", problems: [] };
      try {
        entry = (await eks.send(new CreateAccessEntryCommand({
              clusterName: cluster,
              principalArn: roleArn,
              type: "STANDARD",
              // Optional in CreateAccessEntry: none (the probe) creates an entry that only authenticates the role.
              ...(access.groups.length > 0 ? { kubernetesGroups: [...access.groups] } : {}),
              tags: CREATED_BY_TAG,
            })))
          .accessEntry;
        return { ...access, outcome: "created", ...(entry ? { entry: shapeOf(entry, []) } : {}), problems: [] };
      } catch (error) {
        // Created concurrently (another bootstrap, or a deploy): check what is there now.
        if (errorName(error) !== "ResourceInUseException") throw error;
        entry = await describeEntry(eks, cluster, roleArn);
        if (!entry) throw error;
      }
    }
    const policies = entry.type === "STANDARD" || entry.type === undefined ? await associatedPolicies(eks, cluster, roleArn) : [];
    const problems = entryProblems(cluster, access, entry, policies);
    return { ...access, outcome: problems.length ? "mismatch" : "ok", entry: shapeOf(entry, policies), problems };
  } catch (error) {
    const name = errorName(error);
    const message = `${name}: ${(error as Error).message}`;
    if (name === "AccessDeniedException") {
      return failed(access, `your AWS credentials may not manage the cluster's access entries (${message})`, "use credentials allowed eks:DescribeAccessEntry, eks:CreateAccessEntry and eks:ListAssociatedAccessPolicies on the cluster");
    }
    return failed(access, `checking the access entry failed (${message})`, "run caretaker bootstrap again; if it persists, check the entry with aws eks describe-access-entry");
  }
}

export { ensureAccessEntry };
export type { AccessEntryResult, EntryOutcome, EntryProblem, RoleAccess };
