import type { DrainNumbers } from "./drain-numbers";

/**
 * The drain queue and its dead-letter queue. Every drain trigger waits here, and a drain that outlives one Lambda run
 * comes back here (batch item failure) until it finishes, so the numbers come from drain-numbers.ts: the visibility
 * timeout is the hand-off delay, and maxReceiveCount lets a drain last the hook's whole global timeout before its
 * message is dead-lettered. Both queues use SQS-managed encryption (no KMS key policy for EventBridge to need).
 */
function createDrainQueue(numbers: DrainNumbers) {
  const deadLetters = new aws.sqs.Queue("DrainDeadLetters", {
    sqsManagedSseEnabled: true,
    // A message's age keeps counting from its first enqueue, so the DLQ keeps messages as long as SQS allows.
    messageRetentionSeconds: numbers.deadLetterRetentionSeconds,
  });
  const queue = new aws.sqs.Queue("DrainQueue", {
    sqsManagedSseEnabled: true,
    visibilityTimeoutSeconds: numbers.visibilityTimeoutSeconds,
    messageRetentionSeconds: numbers.retentionSeconds,
    redrivePolicy: $jsonStringify({ deadLetterTargetArn: deadLetters.arn, maxReceiveCount: numbers.maxReceiveCount }),
  });
  return { queue, deadLetters };
}

export { createDrainQueue };
