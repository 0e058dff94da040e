export { FakeAutoScaling } from "./fake-autoscaling";
export type { TerminateOptions } from "./fake-autoscaling";
export type { ActionFilter, CompletedBy, LifecycleActionView } from "./lifecycle-actions";
export type { LifecycleActionDetail, LifecycleActionEvent } from "./lifecycle-event";
export type { AutoScalingGroupSpec, AutoScalingSpec, LifecycleActionResult, LifecycleHookSpec, LifecycleTransition } from "./spec";
