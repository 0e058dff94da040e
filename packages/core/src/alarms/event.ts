import { z } from "zod";

const ALARM_STATES = ["OK", "ALARM", "INSUFFICIENT_DATA"] as const;
type AlarmStateValue = (typeof ALARM_STATES)[number];

/** One side of the transition: the state, CloudWatch's explanation ("Threshold Crossed: …") and when it was entered. */
const AlarmStateSchema = z.looseObject({
  value: z.enum(ALARM_STATES),
  reason: z.string().optional(),
  /** `2019-10-02T17:04:40.989+0000` (CloudWatch's form, not quite ISO 8601). */
  timestamp: z.string().optional(),
});

/**
 * EventBridge's "CloudWatch Alarm State Change" (source `aws.cloudwatch`, Amazon CloudWatch User Guide, "Alarm events
 * and EventBridge"), reduced to the fields Caretaker reads; everything else (reasonData, metrics, tags, fields AWS
 * adds later) is accepted and ignored. CloudWatch guarantees the delivery of these events to EventBridge, whether or
 * not the alarm has actions.
 */
const AlarmStateChangeSchema = z.looseObject({
  source: z.literal("aws.cloudwatch"),
  "detail-type": z.literal("CloudWatch Alarm State Change"),
  account: z.string(),
  region: z.string(),
  time: z.string(),
  /** The alarm's ARN. */
  resources: z.array(z.string()).default([]),
  detail: z.looseObject({
    alarmName: z.string().min(1),
    state: AlarmStateSchema,
    previousState: AlarmStateSchema,
    configuration: z.looseObject({ description: z.string().optional() }).optional(),
  }),
});

type AlarmStateChange = z.output<typeof AlarmStateChangeSchema>;

export { ALARM_STATES, AlarmStateChangeSchema };
export type { AlarmStateChange, AlarmStateValue };
