import { z } from "zod";
import { defined, INSTANCE_ID, optionalString, requiredString } from "./fields";
import { check } from "./issues";
import { built, type DetailOutcome, failed } from "./outcome";

/** Only what decides the outcome is required up front: service and category say whether it concerns us at all. */
const HealthKindSchema = z.looseObject({ service: requiredString(), eventTypeCategory: requiredString() });

const ScheduledChangeSchema = z.looseObject({
  eventTypeCode: requiredString(),
  startTime: optionalString(),
  statusCode: optionalString(),
  affectedEntities: z.array(z.looseObject({ entityValue: optionalString() })).optional(),
});

function ignored(event: string, reason: string): DetailOutcome {
  return built((facts) => ({ kind: "ignored", source: "eventbridge", event, reason, eventId: facts.eventId }));
}

/**
 * `detail` of "AWS Health Event". Like aws-node-termination-handler, only EC2 scheduled changes drain, and every
 * affected instance drains (NTH makes one event per entity; here it is one trigger listing them all). Two
 * deliberate differences: entities that are not instance ids (a dedicated host "h-…", a volume) are left out rather
 * than looked up and failed, and a "closed" event (the maintenance is over; Health sends status updates) is not a
 * reason to drain the instance again.
 */
function healthDetail(detail: unknown, prefix: string): DetailOutcome {
  const kind = check(HealthKindSchema, detail, { prefix });
  if (!kind.ok) return failed(kind.problems);
  const { service, eventTypeCategory } = kind.data;
  const event = `AWS Health Event (${service} ${eventTypeCategory})`;
  if (service !== "EC2" || eventTypeCategory !== "scheduledChange") {
    return ignored(event, "only EC2 scheduledChange Health events call for a drain");
  }
  const checked = check(ScheduledChangeSchema, detail, { prefix });
  if (!checked.ok) return failed(checked.problems);
  const { eventTypeCode, startTime, statusCode, affectedEntities = [] } = checked.data;
  if (statusCode === "closed") return ignored(`${event} ${eventTypeCode}`, "the scheduled change is closed: it is over, nothing is left to prepare for");
  const instanceIds = [...new Set(affectedEntities.flatMap(({ entityValue }) => (entityValue && INSTANCE_ID.test(entityValue) ? [entityValue] : [])))];
  if (instanceIds.length === 0) return ignored(`${event} ${eventTypeCode}`, "no EC2 instance is among its affected entities");
  return built((facts) => ({ kind: "scheduled-change", ...facts, instanceIds, eventTypeCode, ...defined({ startTime }) }));
}

export { healthDetail };
