import { z } from "zod";
import { defined, instanceId, optionalString, requiredString } from "./fields";
import { invalidTrigger } from "./invalid-trigger-error";
import { check } from "./issues";
import { built, type DetailOutcome, failed } from "./outcome";
import type { Delivery, DrainTrigger, EventFacts } from "./types";

const TERMINATING = "autoscaling:EC2_INSTANCE_TERMINATING";
const LAUNCHING = "autoscaling:EC2_INSTANCE_LAUNCHING";
const TEST_NOTIFICATION = "autoscaling:TEST_NOTIFICATION";

/** The lifecycle fields, identical in EventBridge's detail and in the message a hook sends to SQS/SNS. */
const LifecycleActionSchema = z.looseObject({
  LifecycleActionToken: requiredString(),
  AutoScalingGroupName: requiredString(),
  LifecycleHookName: requiredString(),
  EC2InstanceId: instanceId(),
  LifecycleTransition: z.literal(TERMINATING),
  NotificationMetadata: optionalString(),
  Origin: optionalString(),
  Destination: optionalString(),
});

/** The direct message adds its own identity (EventBridge puts it on the envelope instead). */
const AsgMessageSchema = LifecycleActionSchema.extend({
  RequestId: requiredString(),
  Time: requiredString(),
  AccountId: optionalString(),
});

type LifecycleFields = z.output<typeof LifecycleActionSchema>;

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * Auto Scaling marks its test message with Event (AWS docs) and aws-node-termination-handler's fixtures also put it
 * in LifecycleTransition; either one makes it a test.
 */
function isTestNotification(fields: Record<string, unknown>): boolean {
  return fields.Event === TEST_NOTIFICATION || fields.LifecycleTransition === TEST_NOTIFICATION;
}

/**
 * A launch hook aimed at Caretaker is a configuration mistake, not garbage: acknowledge it so it is not retried, and
 * say that the hook will run into its timeout, because Caretaker does not complete launch actions.
 */
function ignoredLaunch(fields: Record<string, unknown>, source: Delivery, eventId: string | undefined): DrainTrigger {
  return {
    kind: "ignored",
    source,
    event: `lifecycle action ${LAUNCHING}`,
    reason:
      "a launch lifecycle action is not a drain; Caretaker only handles terminate hooks, so this launch hook is not completed and will end at its HeartbeatTimeout with the hook's DefaultResult",
    ...defined({ eventId, instanceId: text(fields.EC2InstanceId) }),
  };
}

function lifecycleTrigger(fields: LifecycleFields, source: Delivery, facts: EventFacts): DrainTrigger {
  return {
    kind: "lifecycle",
    source,
    ...facts,
    action: {
      autoScalingGroupName: fields.AutoScalingGroupName,
      lifecycleHookName: fields.LifecycleHookName,
      instanceId: fields.EC2InstanceId,
      token: fields.LifecycleActionToken,
    },
    ...defined({ notificationMetadata: fields.NotificationMetadata, origin: fields.Origin, destination: fields.Destination }),
  };
}

const asRecord = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/** `detail` of an "EC2 Instance-terminate Lifecycle Action" event. */
function lifecycleDetail(detail: unknown, prefix: string): DetailOutcome {
  const fields = asRecord(detail);
  if (isTestNotification(fields)) return built(() => ({ kind: "test-notification", source: "eventbridge" }));
  if (fields.LifecycleTransition === LAUNCHING) return built((facts) => ignoredLaunch(fields, "eventbridge", facts.eventId));
  const checked = check(LifecycleActionSchema, detail, { prefix });
  return checked.ok ? built((facts) => lifecycleTrigger(checked.data, "eventbridge", facts)) : failed(checked.problems);
}

/** `detail` of an "EC2 Instance-launch Lifecycle Action" event: acknowledged, never drained. */
function launchDetail(detail: unknown): DetailOutcome {
  const fields = asRecord(detail);
  if (isTestNotification(fields)) return built(() => ({ kind: "test-notification", source: "eventbridge" }));
  return built((facts) => ignoredLaunch(fields, "eventbridge", facts.eventId));
}

/**
 * The message a lifecycle hook sends to its own SQS queue or SNS topic (no EventBridge envelope). The same targets
 * also receive Auto Scaling's scaling notifications (Event "autoscaling:EC2_INSTANCE_TERMINATE"…) when a group's
 * notification configuration shares the topic; those are acknowledged, not drained.
 */
function parseAsgMessage(message: Record<string, unknown>, prefix: string): DrainTrigger {
  if (isTestNotification(message)) return { kind: "test-notification", source: "asg-direct" };
  const eventId = text(message.RequestId);
  if (message.LifecycleTransition === LAUNCHING) return ignoredLaunch(message, "asg-direct", eventId);
  const event = text(message.Event);
  if (event && message.LifecycleTransition === undefined) {
    return {
      kind: "ignored",
      source: "asg-direct",
      event,
      reason: `an Auto Scaling notification (${event}), not a lifecycle action; Caretaker drains on terminate lifecycle hooks`,
      ...defined({ eventId, instanceId: text(message.EC2InstanceId) }),
    };
  }
  const checked = check(AsgMessageSchema, message, { prefix });
  if (!checked.ok) throw invalidTrigger("Auto Scaling lifecycle message", checked.problems);
  const { RequestId, Time, AccountId } = checked.data;
  return lifecycleTrigger(checked.data, "asg-direct", { eventId: RequestId, time: Time, ...defined({ account: AccountId }) });
}

export { launchDetail, lifecycleDetail, parseAsgMessage };
