import { EKSClient } from "@aws-sdk/client-eks";
import { bootstrapCluster, DRAINER_GROUP, type FunctionAccess, OperatorForbiddenError, READER_GROUP, WrongClusterError } from "@caretaker/core/access";
import { type Deployment, DeploymentNotFoundError } from "@caretaker/core/deployment";
import { type ClusterConnection, fromKubeconfig } from "@caretaker/core/eks";
import { Command, InvalidArgumentError } from "commander";
import { bootstrapExitCode, renderBootstrapReport } from "../bootstrap-output";
import { functionScopes, listing, worksOn } from "../doctor/scopes";
import { type CliIo, ExitCode } from "../io";
import { shippedRbac } from "../shipped-rbac";
import { deployedStage, stageOption } from "../stage";

interface BootstrapFlags {
  cluster: string;
  stage?: string;
  drainRole?: string;
  gcRole?: string;
  driftRole?: string;
  kubeconfig?: string;
  context?: string;
  forceDelete?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

/** EKS cluster names (CreateCluster): a letter or digit, then letters, digits, - and _, at most 100 in all. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;
/** An IAM role ARN (functions run as roles; paths allowed). */
const ROLE_ARN = /^arn:aws(-cn|-us-gov)?:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

function clusterName(value: string): string {
  if (!CLUSTER_NAME.test(value)) throw new InvalidArgumentError("not an EKS cluster name (letters, digits, - and _, at most 100)");
  return value;
}

function roleArn(value: string): string {
  if (!ROLE_ARN.test(value)) throw new InvalidArgumentError("expected an IAM role ARN, e.g. arn:aws:iam::111122223333:role/caretaker-prod-Drain");
  return value;
}

const HELP = `
Applies Caretaker's RBAC (what \`caretaker rbac\` prints) with your kubeconfig, checks or creates the functions' EKS
access entries with your AWS credentials (drain → ${DRAINER_GROUP}; image GC and drift → ${READER_GROUP}; with
--stage also the probe's, with no group: it only authenticates), then
verifies with SelfSubjectAccessReviews, impersonating each role, that it may do everything it needs and nothing it
must not. Idempotent: run it again at any time. It never deletes anything but a Caretaker binding whose (immutable)
roleRef must change, and never changes an existing access entry: a wrong one is reported with the command that fixes it.

The roles come from the deployed stage (--stage; its descriptor in SSM) or from --drain-role/--gc-role/--drift-role.
With a stage, its descriptor also decides whether the drainer gets \`pods delete\` (its drain force-deletes at a
deadline, or disables eviction); with role flags, --force-delete does. The kubeconfig context (default: the current
one) must point at the EKS cluster named by --cluster.

Exit codes:
  0  ready: everything applied and verified (with --dry-run: nothing to change, every check passed)
  1  problems (each with its fix), or with --dry-run changes still to make
  2  usage: bad flags, no such stage or cluster, or a context that is another cluster; nothing was changed
  3  could not run: your credentials may not do it (nothing was changed), or AWS / the cluster failed

Examples:
  caretaker bootstrap --cluster prod --dry-run
  caretaker bootstrap --cluster prod --stage prod --context prod-admin
  caretaker bootstrap --cluster prod --drain-role arn:aws:iam::111122223333:role/caretaker-drain --force-delete`;

/** What bootstrap applies: the functions and their roles, and whether the drainer gets `pods delete`. */
interface Resolved {
  functions: FunctionAccess[];
  /** Set when the roles come from a deployed stage's descriptor. */
  stage?: string;
  forceDelete: boolean;
  notes: string[];
}

/** The functions, their roles and `pods delete`: from the flags, or from the deployed stage's descriptor. */
async function functionsFor(flags: BootstrapFlags, io: CliIo): Promise<Resolved> {
  if (flags.drainRole || flags.gcRole || flags.driftRole) {
    return {
      forceDelete: Boolean(flags.forceDelete),
      functions: [
        { function: "drain", group: DRAINER_GROUP, ...(flags.drainRole ? { roleArn: flags.drainRole } : {}) },
        { function: "imageGc", group: READER_GROUP, ...(flags.gcRole ? { roleArn: flags.gcRole } : {}) },
        { function: "drift", group: READER_GROUP, ...(flags.driftRole ? { roleArn: flags.driftRole } : {}) },
      ],
      notes: [],
    };
  }
  const deployment = await deployedStage(flags.stage, io);
  const { drainer, reader } = deployment.kubernetesGroups;
  if (drainer !== DRAINER_GROUP || reader !== READER_GROUP) {
    throw new Error(
      `Stage "${deployment.stage}" maps its roles to groups ${drainer} and ${reader}, but this CLI's RBAC binds ${DRAINER_GROUP} and ${READER_GROUP}: ` +
        "use the CLI version the stage was deployed with.",
    );
  }
  const { drain, imageGc, drift, probe } = deployment.functions;
  return {
    stage: deployment.stage,
    forceDelete: deployment.drain.forceDelete,
    functions: [
      { function: "drain", functionName: drain.name, roleArn: drain.roleArn, group: drainer },
      { function: "imageGc", functionName: imageGc.name, roleArn: imageGc.roleArn, group: reader },
      { function: "drift", functionName: drift.name, roleArn: drift.roleArn, group: reader },
      // No group: the probe's entry only authenticates it, so it proves from the functions' side that EKS does.
      { function: "probe", functionName: probe.name, roleArn: probe.roleArn },
    ],
    notes: clusterNotes(deployment, flags.cluster),
  };
}

/**
 * The stage's functions that do not work on this cluster, each by its own clusters (the drain's `clusters`, image GC's
 * and drift's lists or every cluster of the Region): bootstrapping it prepares roles they will not use there.
 */
function clusterNotes(deployment: Deployment, cluster: string): string[] {
  const scopes = functionScopes(deployment);
  const away = scopes.filter((scope) => !worksOn(scope, cluster));
  if (away.length === 0) return [];
  const groups = new Map<string, string[]>();
  for (const scope of away) {
    const where = Array.isArray(scope.clusters) && scope.clusters.length > 0 ? scope.clusters.join(", ") : "no cluster";
    groups.set(where, [...(groups.get(where) ?? []), scope.label]);
  }
  const runs = [...groups].map(([where, labels]) => `${listing(labels)} on ${where}`).join("; ");
  const who = away.length === scopes.length ? "its functions" : listing(away.map((scope) => scope.label));
  const keys = listing(away.map((scope) => `"${scope.configKey}"`));
  return [`stage "${deployment.stage}" runs ${runs}: ${who} will not act on "${cluster}" until it is added to ${keys} in CARETAKER_CONFIG and deployed.`];
}

function usage(io: CliIo, setExitCode: (code: number) => void, message: string): void {
  io.err(`caretaker bootstrap: ${message}`);
  io.err("(run `caretaker bootstrap --help` for usage)");
  setExitCode(ExitCode.Usage);
}

/**
 * `caretaker bootstrap --cluster NAME`: makes one cluster ready for a deployed stage's functions (core's
 * bootstrapCluster): RBAC, access entries, verification. Everything the flags say is checked before anything is
 * contacted; the stage, the cluster and the context before anything changes.
 */
function bootstrapCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("bootstrap")
    .description("apply Caretaker's RBAC to a cluster, check or create its roles' EKS access entries, and verify what each role may do")
    .requiredOption("--cluster <name>", "the EKS cluster (its access entries; the kubeconfig context must point at it)", clusterName)
    .addOption(stageOption())
    .option("--drain-role <arn>", "the drain function's IAM role (instead of reading the stage)", roleArn)
    .option("--gc-role <arn>", "the image GC function's IAM role (instead of reading the stage)", roleArn)
    .option("--drift-role <arn>", "the drift function's IAM role (instead of reading the stage)", roleArn)
    .option("--kubeconfig <file>", "kubeconfig file (default: $KUBECONFIG or ~/.kube/config)")
    .option("--context <name>", "kubeconfig context of an administrator of the cluster (default: the current context)")
    .option("--force-delete", "with --drain-role: give the drainer `pods delete` (force-delete deadline policy, --disable-eviction); a stage's descriptor decides it")
    .option("--dry-run", "show what would change and what fails now; change nothing")
    .option("--json", "print the report as JSON")
    .addHelpText("after", HELP)
    .action(async (flags: BootstrapFlags) => {
      if (flags.stage && (flags.drainRole || flags.gcRole || flags.driftRole)) {
        usage(io, setExitCode, "--stage reads the roles from the deployed stage; it cannot be combined with --drain-role, --gc-role or --drift-role.");
        return;
      }
      let resolved: Resolved;
      try {
        resolved = await functionsFor(flags, io);
      } catch (error) {
        if (!(error instanceof DeploymentNotFoundError)) throw error;
        usage(io, setExitCode, `${error.message} Without a deployed stage, pass the roles: --drain-role, --gc-role, --drift-role.`);
        return;
      }
      // The stage's descriptor decides pods delete, so every bootstrap of a cluster gives its drainer the same rules.
      if (flags.forceDelete && resolved.stage !== undefined && !resolved.forceDelete) {
        usage(
          io,
          setExitCode,
          `--force-delete contradicts stage "${resolved.stage}": its drain does not force-delete (no enabled trigger's onDeadline is "force-delete", ` +
            "and drain.options.disableEviction is off), so its drainer gets no pods delete, and nothing was changed. If its drains should force-delete, " +
            `set that in CARETAKER_CONFIG and deploy (npx sst deploy --stage ${resolved.stage}): bootstrap then grants it without the flag.`,
        );
        return;
      }
      let connection: ClusterConnection;
      try {
        connection = fromKubeconfig({ ...(flags.kubeconfig ? { file: flags.kubeconfig } : {}), ...(flags.context ? { context: flags.context } : {}), env: io.env });
      } catch (error) {
        // Only the kubeconfig's resolution can fail here (no file, no such context, unreadable file).
        usage(io, setExitCode, `${(error as Error).message} (aws eks update-kubeconfig --name ${flags.cluster} adds a context for the cluster)`);
        return;
      }
      for (const note of resolved.notes) io.err(`note: ${note}`);
      const { forceDelete } = resolved;
      try {
        const report = await bootstrapCluster(
          { eks: new EKSClient({}), connection, ...(io.clock ? { sleep: (ms: number) => (io.clock as NonNullable<CliIo["clock"]>).sleep(ms) } : {}) },
          {
            cluster: flags.cluster,
            objects: shippedRbac({ forceDelete }),
            functions: resolved.functions,
            dryRun: Boolean(flags.dryRun),
            forceDelete,
            ...(resolved.stage !== undefined ? { stage: resolved.stage } : {}),
          },
        );
        io.out(flags.json ? JSON.stringify(report, null, 2) : renderBootstrapReport(report, { kubeContext: connection.cluster, ...(resolved.stage ? { stage: resolved.stage } : {}) }));
        setExitCode(bootstrapExitCode(report));
      } catch (error) {
        if (error instanceof WrongClusterError) return usage(io, setExitCode, error.message);
        if (error instanceof OperatorForbiddenError) {
          io.err(`caretaker bootstrap: ${error.message}`);
          setExitCode(ExitCode.Failure);
          return;
        }
        throw error;
      }
    });
}

export { bootstrapCommand };
