export { FakeSqs } from "./fake-sqs";
export type { SqsMessageView } from "./fake-sqs";
export type { SqsQueueSpec, SqsSpec } from "./spec";
