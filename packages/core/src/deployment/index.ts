export { DeploymentSchema, deploymentParameterName, FunctionRefSchema } from "./descriptor";
export type { Deployment, FunctionRef } from "./descriptor";
export { DeploymentNotFoundError, loadDeployment } from "./load";
