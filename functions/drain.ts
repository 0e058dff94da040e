import { SqsSchema } from "@aws-lambda-powertools/parser/schemas/sqs";
import { InvalidTriggerError, parseDrainTrigger, parseSqsMessageBody, runDrain, type RunResult } from "@caretaker/core/drain";
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
 * visibility timeout and the next run resumes it; malformed messages fail until the DLQ takes them. Invoked
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
          // Never swallowed: logged with context and left on the queue (retried, then dead-lettered and alarmed).
          logger.error(error instanceof InvalidTriggerError ? "message is not a drain trigger" : "drain run failed", error as Error);
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
