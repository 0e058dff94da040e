import type { CaretakerConfig } from "@caretaker/core/config";

/**
 * What `sst.aws.Function`'s `vpc` argument takes for existing subnets and security groups. With it, SST sets the
 * function's VpcConfig and attaches AWSLambdaVPCAccessExecutionRole (the ENI permissions) to its role itself.
 */
interface FunctionVpc {
  privateSubnets: string[];
  securityGroups: string[];
}

/**
 * CARETAKER_CONFIG's `vpc` as SST's argument: the functions that talk to cluster endpoints (drain, image GC, drift,
 * probe) run there, so clusters with private endpoints are reachable. Undefined when the functions stay outside any VPC.
 */
function functionVpc(vpc: CaretakerConfig["vpc"]): FunctionVpc | undefined {
  return vpc ? { privateSubnets: [...vpc.subnetIds], securityGroups: [...vpc.securityGroupIds] } : undefined;
}

export { functionVpc };
export type { FunctionVpc };
