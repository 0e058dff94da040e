import { SSMClient } from "@aws-sdk/client-ssm";
import { type Deployment, loadDeployment } from "@caretaker/core/deployment";
import { Option } from "commander";
import type { CliIo } from "./io";

/** `--stage`, shared by the commands that work on a deployed stage (doctor, invoke, bootstrap). */
function stageOption(): Option {
  return new Option("--stage <name>", "the deployed stage (default: CARETAKER_STAGE, else \"prod\")");
}

/** The stage a command works on: the flag, else CARETAKER_STAGE, else "prod" (the stage the deploy guide uses). */
function stageName(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  return flag ?? (env.CARETAKER_STAGE?.trim() || "prod");
}

/** Reads the stage's descriptor with the operator's AWS credentials and Region (the SDK's default chains). */
async function deployedStage(flag: string | undefined, io: CliIo): Promise<Deployment> {
  return loadDeployment(new SSMClient({}), stageName(flag, io.env));
}

export { deployedStage, stageName, stageOption };
