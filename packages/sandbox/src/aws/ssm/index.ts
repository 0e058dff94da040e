export { FakeSsm } from "./fake-ssm";
export { eksOptimizedAmiParameters } from "./public-parameters";
export type { AmiFamily, EksAmiRelease } from "./public-parameters";
export type { SsmParameterSpec, SsmSpec } from "./spec";
