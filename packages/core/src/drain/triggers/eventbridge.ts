import { z } from "zod";
import { rebalanceDetail, spotInterruptionDetail, stateChangeDetail } from "./ec2";
import { defined, optionalString, requiredString } from "./fields";
import { healthDetail } from "./health";
import { invalidTrigger, unrecognisedTrigger } from "./invalid-trigger-error";
import { check, joinPath } from "./issues";
import { launchDetail, lifecycleDetail } from "./lifecycle";
import type { DetailOutcome } from "./outcome";
import type { DrainTrigger } from "./types";

/**
 * Only what a trigger carries is required. `version` and `resources` are not: AWS's own state-change example has no
 * `version`. `time` stays a string, because AWS's examples use placeholders and Health uses RFC 1123 elsewhere.
 */
const EnvelopeSchema = z.looseObject({
  id: requiredString(),
  time: requiredString(),
  region: optionalString(),
  account: optionalString(),
});

interface DetailType {
  /** The event source AWS sends this detail-type from; anything else is not AWS's event. */
  source: string;
  parse: (detail: unknown, prefix: string) => DetailOutcome;
}

const DETAIL_TYPES: Readonly<Record<string, DetailType>> = {
  "EC2 Instance-terminate Lifecycle Action": { source: "aws.autoscaling", parse: lifecycleDetail },
  "EC2 Instance-launch Lifecycle Action": { source: "aws.autoscaling", parse: launchDetail },
  "EC2 Spot Instance Interruption Warning": { source: "aws.ec2", parse: spotInterruptionDetail },
  "EC2 Instance Rebalance Recommendation": { source: "aws.ec2", parse: rebalanceDetail },
  "EC2 Instance State-change Notification": { source: "aws.ec2", parse: stateChangeDetail },
  "AWS Health Event": { source: "aws.health", parse: healthDetail },
};

/** An EventBridge event (anything with a `detail-type`); prefix locates it when it arrived inside an SNS Message. */
function parseEventBridgeEvent(event: Record<string, unknown>, prefix = ""): DrainTrigger {
  const detailType = event["detail-type"];
  const known = typeof detailType === "string" && Object.hasOwn(DETAIL_TYPES, detailType) ? DETAIL_TYPES[detailType] : undefined;
  if (!known || typeof detailType !== "string") {
    throw unrecognisedTrigger(`an EventBridge event with detail-type ${JSON.stringify(detailType)} from ${JSON.stringify(event.source)}`);
  }
  const what = `"${detailType}" event`;
  if (event.source !== known.source) {
    throw invalidTrigger(what, [`${joinPath(prefix, ["source"])}: must be ${JSON.stringify(known.source)} for this detail-type, not ${JSON.stringify(event.source)}`]);
  }
  const envelope = check(EnvelopeSchema, event, { prefix });
  const detail = known.parse(event.detail, joinPath(prefix, ["detail"]));
  const problems = [...(envelope.ok ? [] : envelope.problems), ...(detail.ok ? [] : detail.problems)];
  if (!envelope.ok || !detail.ok) throw invalidTrigger(what, problems);
  const { id, time, region, account } = envelope.data;
  return detail.build({ eventId: id, time, ...defined({ region, account }) });
}

export { parseEventBridgeEvent };
