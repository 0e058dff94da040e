import { z } from "zod";

/** The functions Caretaker deploys, as alarms name them ("alarm" is the function that reports alarms). */
const WATCHED_FUNCTIONS = ["drain", "image-gc", "drift", "probe", "alarm"] as const;
type WatchedFunction = (typeof WATCHED_FUNCTIONS)[number];

const FunctionSchema = z.strictObject({
  role: z.enum(WATCHED_FUNCTIONS),
  name: z.string().min(1),
  logGroup: z.string().min(1),
});

/**
 * What one of Caretaker's alarms watches, so its notification can say what broke and what to do next. Infra writes
 * one entry per alarm (infra/alarms-plan.ts) into the alarm function's CARETAKER_ALARMS, keyed by alarm name.
 */
const AlarmTargetSchema = z.discriminatedUnion("type", [
  /** Drain requests that used up their receives (or their retention) and were dead-lettered. */
  z.strictObject({
    type: z.literal("dead-letters"),
    queueUrl: z.string().min(1),
    queueArn: z.string().startsWith("arn:"),
    /** The queue the messages came from, and the function that failed them. */
    sourceQueueUrl: z.string().min(1),
    consumer: FunctionSchema,
  }),
  /** Drain requests waiting on the queue with no run picking them up. */
  z.strictObject({ type: z.literal("queue-stalled"), queueUrl: z.string().min(1), consumer: FunctionSchema }),
  z.strictObject({ type: z.literal("function-errors"), function: FunctionSchema }),
  z.strictObject({ type: z.literal("function-throttles"), function: FunctionSchema }),
  /** EventBridge failing to invoke a function (its rule's FailedInvocations). */
  z.strictObject({ type: z.literal("event-deliveries"), ruleName: z.string().min(1), function: FunctionSchema }),
]);

const AlarmCatalogSchema = z.record(z.string().min(1), AlarmTargetSchema);

type AlarmTarget = z.infer<typeof AlarmTargetSchema>;
type AlarmCatalog = z.infer<typeof AlarmCatalogSchema>;
type WatchedFunctionRef = z.infer<typeof FunctionSchema>;

/** CARETAKER_ALARMS as the alarm function reads it; absent, no alarm is known and each is reported generically. */
function parseAlarmCatalog(input: unknown = {}): AlarmCatalog {
  const parsed = AlarmCatalogSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new Error(parsed.error.issues.map((issue) => `${issue.path.join(".") || "(catalog)"}: ${issue.message}`).join("; "));
}

export { AlarmCatalogSchema, AlarmTargetSchema, parseAlarmCatalog, WATCHED_FUNCTIONS };
export type { AlarmCatalog, AlarmTarget, WatchedFunction, WatchedFunctionRef };
