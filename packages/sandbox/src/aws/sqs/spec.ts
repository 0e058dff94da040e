/** Declarative SQS state: standard queues with their attributes and, optionally, a dead-letter queue. */
interface SqsQueueSpec {
  name: string;
  /**
   * Queue attributes as CreateQueue takes them (strings), validated like CreateQueue, e.g.
   * `{ VisibilityTimeout: "960", MessageRetentionPeriod: "1209600" }`.
   */
  attributes?: Record<string, string>;
  /** Shorthand for the RedrivePolicy attribute: a queue declared earlier in the spec, and after how many receives. */
  deadLetterQueue?: { name: string; maxReceiveCount: number };
}

interface SqsSpec {
  queues?: readonly SqsQueueSpec[];
}

export type { SqsQueueSpec, SqsSpec };
