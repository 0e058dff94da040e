export { ACCEPTED_TRIGGERS, InvalidTriggerError } from "./invalid-trigger-error";
export { parseManualDrainRequest } from "./manual";
export { parseDrainTrigger, parseSqsMessageBody } from "./parse";
export type {
  Delivery,
  DrainTrigger,
  EventFacts,
  IgnoredEvent,
  LifecycleActionRef,
  LifecycleTrigger,
  ManualTrigger,
  RebalanceRecommendationTrigger,
  ScheduledChangeTrigger,
  SpotInterruptionTrigger,
  StateChangeTrigger,
  TestNotificationTrigger,
} from "./types";
