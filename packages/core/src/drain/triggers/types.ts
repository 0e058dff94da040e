/** What CompleteLifecycleAction and RecordLifecycleActionHeartbeat need to address one lifecycle action. */
interface LifecycleActionRef {
  autoScalingGroupName: string;
  lifecycleHookName: string;
  instanceId: string;
  /** Either the token or the instance id identifies the action; AWS always sends the token, so keep it. */
  token?: string;
}

/** How an Auto Scaling message reached us: an EventBridge event, or the hook's own SQS/SNS notification target. */
type Delivery = "eventbridge" | "asg-direct";

/** Identity of the AWS event behind a trigger; eventId is what retries and duplicates are recognised by. */
interface EventFacts {
  eventId: string;
  time: string;
  region?: string;
  account?: string;
}

interface LifecycleTrigger extends EventFacts {
  kind: "lifecycle";
  source: Delivery;
  action: LifecycleActionRef;
  notificationMetadata?: string;
  /** Only Auto Scaling groups with a warm pool send these (EC2 | AutoScalingGroup | WarmPool). */
  origin?: string;
  /** "WarmPool": the instance returns to the warm pool instead of terminating; drain it, but it will not vanish. */
  destination?: string;
}

interface SpotInterruptionTrigger extends EventFacts {
  kind: "spot-interruption";
  instanceId: string;
  instanceAction: "terminate" | "stop" | "hibernate";
}

interface RebalanceRecommendationTrigger extends EventFacts {
  kind: "rebalance-recommendation";
  instanceId: string;
}

interface StateChangeTrigger extends EventFacts {
  kind: "state-change";
  instanceId: string;
  /** One of stopping, stopped, shutting-down, terminated: the states aws-node-termination-handler drains on. */
  state: string;
}

interface ScheduledChangeTrigger extends EventFacts {
  kind: "scheduled-change";
  /** Every EC2 instance among the Health event's affected entities, once each. */
  instanceIds: string[];
  eventTypeCode: string;
  /** As AWS Health writes it (RFC 1123, e.g. "Sat, 05 Jun 2016 15:10:09 GMT"), not ISO 8601. */
  startTime?: string;
}

/** Auto Scaling's test message on a new hook or notification target: acknowledge it and do nothing. */
interface TestNotificationTrigger {
  kind: "test-notification";
  source: Delivery;
}

/** A person asking for a drain (direct Lambda invocation, `caretaker drain --remote`); no lifecycle hook to complete. */
interface ManualTrigger {
  kind: "manual";
  cluster?: string;
  node?: string;
  instanceId?: string;
  dryRun: boolean;
  /** Passed through unvalidated: drainOptions() from ../options owns their meaning and defaults. */
  options: Record<string, unknown>;
  requestId?: string;
}

/**
 * A well-formed event of a kind Caretaker listens to that does not call for a drain (an instance entering "running",
 * a launch lifecycle action, a Health event for another service, a closed maintenance…). The caller acknowledges it
 * and logs the reason; anything malformed or foreign is an InvalidTriggerError instead.
 */
interface IgnoredEvent {
  kind: "ignored";
  source: Delivery;
  /** The event as AWS names it: detail-type or Auto Scaling's Event/LifecycleTransition, with the telling value. */
  event: string;
  /** Why it is not a drain, in a sentence fit for a log line. */
  reason: string;
  eventId?: string;
  instanceId?: string;
}

type DrainTrigger =
  | LifecycleTrigger
  | SpotInterruptionTrigger
  | RebalanceRecommendationTrigger
  | StateChangeTrigger
  | ScheduledChangeTrigger
  | TestNotificationTrigger
  | ManualTrigger
  | IgnoredEvent;

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
};
