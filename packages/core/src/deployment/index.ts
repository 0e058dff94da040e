export { DeploymentSchema, deploymentParameterName } from "./descriptor";
export type { DeployedSchedule, Deployment, FunctionRef, ScheduledFunction } from "./descriptor";
export { DeploymentNotFoundError, loadDeployment } from "./load";
