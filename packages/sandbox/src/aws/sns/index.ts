export { FakeSns } from "./fake-sns";
export type { PublishedMessage, PublishListener } from "./fake-sns";
export { compileFilterPolicy, FilterPolicyError, filterPolicyMatches } from "./filter-policy";
export type { CompiledPolicy, FilterPolicyScope } from "./filter-policy";
export type { SnsSpec, SnsSubscriptionSpec, SnsTopicSpec } from "./spec";
