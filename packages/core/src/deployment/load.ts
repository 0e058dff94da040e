import { GetParameterCommand, ParameterNotFound, type SSMClient } from "@aws-sdk/client-ssm";
import { type Deployment, DeploymentSchema, deploymentParameterName } from "./descriptor";

/** The stage has no descriptor in this account and Region, or it cannot be read as one. */
class DeploymentNotFoundError extends Error {
  override readonly name = "DeploymentNotFoundError";
}

/**
 * Reads a deployed stage's descriptor. Missing → a message naming the parameter, the Region and the two usual causes
 * (wrong stage/Region, or not deployed yet); unreadable → which fields are wrong (a CLI older than the stage).
 */
async function loadDeployment(ssm: SSMClient, stage: string): Promise<Deployment> {
  const name = deploymentParameterName(stage);
  const region = await ssm.config.region();
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: name }))).Parameter?.Value;
  } catch (error) {
    if (error instanceof ParameterNotFound || (error as Error).name === "ParameterNotFound") {
      throw new DeploymentNotFoundError(
        `No Caretaker stage "${stage}" in ${region}: SSM parameter ${name} does not exist. Pass the stage you deployed ` +
          "(--stage, or CARETAKER_STAGE) and its Region (AWS_REGION), or deploy it first: npx sst deploy --stage " + stage,
      );
    }
    throw new Error(`Reading Caretaker stage "${stage}" (SSM ${name} in ${region}) failed: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(value ?? "");
  } catch {
    throw new DeploymentNotFoundError(`SSM parameter ${name} in ${region} is not Caretaker's deployment descriptor (not JSON).`);
  }
  const parsed = DeploymentSchema.safeParse(json);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.message}`).join("; ");
    throw new DeploymentNotFoundError(`SSM parameter ${name} in ${region} does not describe a stage this CLI understands (${fields}); update the CLI or redeploy.`);
  }
  return parsed.data;
}

export { DeploymentNotFoundError, loadDeployment };
