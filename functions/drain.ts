import { SqsSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import { InvalidTriggerError, invalidTriggerReport, parseDrainTrigger, parseSqsMessageBody, runDrain, type RunResult } from "@caretaker/core/drain";
import type { SQSBatchResponse } from "aws-lambda";
import { z } from "zod";
import { drainDeps } from "./lib/drain-deps";
import { createHandler } from "./lib/handler";
import { InvalidInputError } from "./lib/invalid-input";
import { logger } from "./lib/powertools";

/** SQS batches from the drain queue, or a manual request invoked directly (caretaker drain --remote). */
const DrainInput = z.union([SqsSchema, z.record(z.string(), z.unknown())]);

/**
 * The drain function. From the queue (EventBridge rules → SQS, batch size 1): each message is a trigger; a drain that
 * needs more time than this run has is reported as a batch item failure, so the message comes back after the
 * visibility timeout and the next run resumes it; failed runs are retried until the DLQ takes them; messages that are
 * not triggers at all are reported once and dropped. Invoked
 * directly: a manual request whose result is returned to the caller.
 */
const handler = createHandler({
  name: "drain",
  schema: DrainInput,
  async handle(input, context): Promise<SQSBatchResponse | RunResult> {
    const deps = drainDeps();
    if ("Records" in input && Array.isArray(input.Records)) {
      const failures: SQSBatchResponse["batchItemFailures"] = [];
      for (const record of (input as z.infer<typeof SqsSchema>).Records) {
        logger.appendKeys({ messageId: record.messageId, receiveCount: record.attributes.ApproximateReceiveCount });
        try {
          const trigger = parseSqsMessageBody(record.body);
          const firstSeenAt = Number(record.attributes.ApproximateFirstReceiveTimestamp);
          const result = await runDrain(trigger, { remainingMs: context.getRemainingTimeInMillis(), ...(Number.isFinite(firstSeenAt) ? { firstSeenAt } : {}) }, deps);
          logger.info("drain run finished", { status: result.status, runs: result.runs.map(({ drain, ...run }) => ({ ...run, outcome: drain?.outcome, pending: drain?.pending.length })) });
          if (result.status === "retry-later") failures.push({ itemIdentifier: record.messageId });
        } catch (error) {
          if (error instanceof InvalidTriggerError) {
            // Retrying cannot fix a message that is not a trigger: log it, say it once, and let the queue drop it.
            logger.error("message is not a drain trigger", error);
            if (deps.notifier && (!deps.claims || (await deps.claims.claim(`drain-invalid#${record.messageId}`, 7 * 86_400)))) {
              await deps.notifier.notify(invalidTriggerReport({ messageId: record.messageId, problems: error.problems, body: record.body, occurredAt: new Date(deps.clock.now()), region: record.awsRegion }));
            }
            continue;
          }
          // Never swallowed: logged with context and left on the queue (retried, then dead-lettered).
          logger.error("drain run failed", error as Error);
          failures.push({ itemIdentifier: record.messageId });
        }
      }
      return { batchItemFailures: failures };
    }
    let trigger;
    try {
      trigger = parseDrainTrigger(input);
    } catch (error) {
      if (error instanceof InvalidTriggerError) throw new InvalidInputError("drain", error.problems, { cause: error });
      throw error;
    }
    return runDrain(trigger, { remainingMs: context.getRemainingTimeInMillis() }, deps);
  },
});

export { handler };
