import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { EKSClient } from "@aws-sdk/client-eks";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { systemClock } from "@caretaker/core/clock";
import type { Deployment } from "@caretaker/core/deployment";
import { Command } from "commander";
import { renderChecklist, runDoctor } from "../doctor";
import { type CliIo, ExitCode } from "../io";
import { deployedStage, stageOption } from "../stage";

interface DoctorOptions {
  stage?: string;
  json?: boolean;
}

/**
 * `caretaker doctor`: checks a deployed stage with the operator's AWS credentials and prints a checklist with the fix
 * under each problem. Exit 0 when everything passed, 1 when something needs attention (or could not be checked),
 * 3 when doctor could not run at all (no descriptor for the stage).
 */
function doctorCommand(io: CliIo, setExitCode: (code: number) => void): Command {
  return new Command("doctor")
    .description("check a deployed stage: hooks, access entries, dead letters, recent runs, alert subscriptions, private clusters' reachability")
    .addOption(stageOption())
    .option("--json", "print the checks as JSON")
    .addHelpText("after", "\nExit codes: 0 every check passed, 1 problems (or checks that could not be made), 3 doctor could not run.")
    .action(async (options: DoctorOptions) => {
      let deployment: Deployment;
      try {
        deployment = await deployedStage(options.stage, io);
      } catch (error) {
        io.err(`caretaker doctor: ${(error as Error).message}`);
        setExitCode(ExitCode.Failure);
        return;
      }
      const report = await runDoctor(deployment, {
        eks: new EKSClient({}),
        autoscaling: new AutoScalingClient({}),
        ssm: new SSMClient({}),
        sqs: new SQSClient({}),
        cloudwatch: new CloudWatchClient({}),
        sns: new SNSClient({}),
        clock: io.clock ?? systemClock,
      });
      io.out(options.json ? JSON.stringify(report, null, 2) : renderChecklist(report));
      setExitCode(report.ok ? ExitCode.Ok : ExitCode.Problems);
    });
}

export { doctorCommand };
