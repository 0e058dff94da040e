import { drainQueuePolicy } from "./drain-iam";
import type { DrainRule } from "./drain-rules";

interface DrainEventsArgs {
  queue: aws.sqs.Queue;
  rules: readonly DrainRule[];
}

/**
 * Routes the drain triggers to the queue: one rule per trigger on the account's default bus (the bus AWS services
 * publish to, which the app does not own, hence raw EventRule/EventTarget rather than sst.aws.Bus), and a queue
 * policy that lets EventBridge send only on behalf of these rules. No target role: SQS targets use the queue policy.
 */
function createDrainEvents({ queue, rules }: DrainEventsArgs) {
  if (rules.length === 0) return { rules: [], targets: [] };
  const eventRules = rules.map((rule) => ({
    key: rule.key,
    // No eventBusName: the default bus.
    resource: new aws.cloudwatch.EventRule(`Drain${rule.key}Rule`, { description: rule.description, eventPattern: JSON.stringify(rule.pattern) }),
  }));
  const policy = new aws.sqs.QueuePolicy("DrainQueuePolicy", {
    queueUrl: queue.url,
    policy: $jsonStringify(drainQueuePolicy(queue.arn, eventRules.map(({ resource }) => resource.arn))),
  });
  // Targets after the policy, so no event is matched while the queue would still refuse it.
  const targets = eventRules.map(
    ({ key, resource }) => new aws.cloudwatch.EventTarget(`Drain${key}Target`, { rule: resource.name, arn: queue.arn }, { dependsOn: [policy] }),
  );
  return { rules: eventRules.map(({ resource }) => resource), targets };
}

export { createDrainEvents };
export type { DrainEventsArgs };
