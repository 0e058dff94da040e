import { createNotifier, type Notifier } from "@caretaker/core/notify";
import { sns } from "./sns-client";
import { logger } from "./powertools";

let notifier: Notifier | undefined;

/**
 * The notifier for the topic infra passes in CARETAKER_TOPIC_ARN (an ARN, not an SST link: links grant sns:* on the
 * topic). Created on first use so functions that never notify do not need the variable.
 */
function getNotifier(): Notifier {
  const topicArn = process.env.CARETAKER_TOPIC_ARN;
  if (!topicArn) throw new Error("CARETAKER_TOPIC_ARN environment variable is not set; the function cannot notify");
  notifier ??= createNotifier({ sns, topicArn, logger });
  return notifier;
}

export { getNotifier };
