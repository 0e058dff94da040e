import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { parser } from "@aws-lambda-powertools/parser/middleware";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import type { z } from "zod";
import { explainInvalidInput } from "./invalid-input";
import { logger, metrics } from "./powertools";

interface HandlerDefinition<Schema extends z.ZodType, Result> {
  /** Name used in logs, metrics and error messages ("probe", "drain", …). */
  name: string;
  /** zod schema of the event or manual payload; invalid input is rejected before `handle` runs. */
  schema: Schema;
  /** The use-case call: receives the parsed input and the Lambda context (for its remaining time). */
  handle: (input: z.infer<Schema>, context: Context) => Promise<Result>;
}

/**
 * The one middy stack every Caretaker function uses: Powertools logger with the Lambda context (state cleared
 * between invocations), EMF metrics with cold starts, zod parsing with readable validation errors, and a failure
 * metric + error log for anything that escapes the handler. Errors are never swallowed: they reach Lambda.
 */
function createHandler<Schema extends z.ZodType, Result>({ name, schema, handle }: HandlerDefinition<Schema, Result>) {
  return middy<unknown, Result>()
    .use(injectLambdaContext(logger, { clearState: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }))
    .use({
      onError(request) {
        metrics.addMetric(`${name}Failed`, MetricUnit.Count, 1);
        logger.error(`${name} failed`, request.error as Error);
      },
    })
    .use(explainInvalidInput(name))
    .use(parser({ schema }))
    .handler(async (input, context) => {
      logger.appendKeys({ handler: name });
      const result = await handle(input as z.infer<Schema>, context);
      metrics.addMetric(`${name}Succeeded`, MetricUnit.Count, 1);
      return result;
    });
}

export { createHandler };
export type { HandlerDefinition };
