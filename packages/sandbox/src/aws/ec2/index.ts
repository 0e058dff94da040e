export { FakeEc2 } from "./fake-ec2";
export type { LaunchOptions } from "./fake-ec2";
export { Ec2Network } from "./network";
export type { Ec2InstanceSpec, Ec2Spec, InstanceStateName } from "./spec";
