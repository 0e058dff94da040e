import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { EKSClient } from "@aws-sdk/client-eks";
import { SSMClient } from "@aws-sdk/client-ssm";
import { systemClock } from "@caretaker/core/clock";
import { driftConfig, runDrift } from "@caretaker/core/drift/run";
import { createClusterConnector } from "@caretaker/core/eks";
import { Command, InvalidArgumentError, Option } from "commander";
import { driftExitCode, renderDriftReport } from "../drift-report";
import { type CliIo, ExitCode } from "../io";

interface DriftOptions {
  cluster?: string[];
  json?: boolean;
  explain?: boolean;
  alertWindowDays?: number;
  eksStrict?: "off" | "warning" | "error";
  hookName?: string;
}

function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 730) throw new InvalidArgumentError("expected whole days between 1 and 730");
  return days;
}

/**
 * `caretaker drift`: the drift report of every cluster in the account and Region (or the named ones), with the
 * operator's AWS credentials — the same collection and rules as the scheduled function, but one-off: nothing is
 * remembered and nothing notified. Exit code for CI: 0 clean, 1 warnings, 2 errors (3 when the run itself failed).
 */
function driftCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("drift")
    .description("report version drift: control plane vs nodes, node groups, add-ons, insights and the support window")
    .option("--cluster <name...>", "EKS cluster name(s) (default: every cluster in the Region)")
    .option("--json", "print the full report (findings and the facts they were judged from) as JSON")
    .option("--explain", "add each finding's explanation to the table")
    .option("--alert-window-days <days>", "warn this many days before a support deadline", positiveDays)
    .addOption(new Option("--eks-strict <mode>", "how node groups behind the control plane are reported (EKS may refuse the upgrade)").choices(["off", "warning", "error"]))
    .option("--hook-name <name>", "the drain's terminate lifecycle hook name to look for on Auto Scaling groups")
    .addHelpText("after", "\nExit codes: 0 no warnings or errors, 1 warnings, 2 errors (or bad arguments), 3 the run failed.")
    .action(async (options: DriftOptions) => {
      const config = driftConfig({
        ...(options.alertWindowDays !== undefined ? { alertWindowDays: options.alertWindowDays } : {}),
        ...(options.eksStrict ? { eksStrict: options.eksStrict } : {}),
        ...(options.hookName ? { hookName: options.hookName } : {}),
      });
      const clock = io.clock ?? systemClock;
      const eks = new EKSClient({});
      const connector = createClusterConnector({ eks, now: () => new Date(clock.now()) });
      const report = await runDrift(
        { eks, ssm: new SSMClient({}), autoscaling: new AutoScalingClient({}), connect: (name, known) => connector.connect(name, known), clock },
        config,
        options.cluster ? { clusters: options.cluster } : {},
      );
      if (report.clusters.length === 0) {
        io.err(`caretaker drift: no EKS cluster found in ${report.region}; pass --cluster or set AWS_REGION.`);
        setExitCode(ExitCode.Problems);
        return;
      }
      io.out(options.json ? JSON.stringify(report, null, 2) : renderDriftReport(report, { explain: Boolean(options.explain) }));
      setExitCode(driftExitCode(report));
    });
}

export { driftCommand };
