import { type AlarmCatalog, AlarmStateChangeSchema, alarmReport, parseAlarmCatalog } from "@caretaker/core/alarms";
import { readConfigFromEnv } from "./lib/config-env";
import { createHandler } from "./lib/handler";
import { getNotifier } from "./lib/notifier";
import { logger } from "./lib/powertools";

/**
 * CARETAKER_ALARMS: what each of Caretaker's alarms watches (infra/alarms-plan.ts); a few hundred bytes, read per
 * event. Unreadable, it is logged and the alarm is still notified, generically: a bad catalog must not silence alarms.
 */
function alarmCatalog(): AlarmCatalog {
  try {
    return readConfigFromEnv("CARETAKER_ALARMS", parseAlarmCatalog);
  } catch (error) {
    logger.error("CARETAKER_ALARMS cannot be read: alarms are notified without their next steps", error as Error);
    return {};
  }
}

interface AlarmResult {
  alarm: string;
  state: string;
  /** Whether this transition was worth a notification (into ALARM, or out of it). */
  notified: boolean;
  fingerprint?: string;
  messageIds?: string[];
}

/**
 * The alarm function: an EventBridge rule on the default bus sends it the state changes of Caretaker's own CloudWatch
 * alarms (dead letters, a stalled drain queue, function errors and throttles); it notifies each one through the
 * alerts topic in both formats, with what broke and what to do. It touches nothing else (sns:Publish only) and loads
 * no EKS or Kubernetes client, so it does not fail with the functions it reports on. Its own failures are reported
 * without it (infra/alarm-fallback.ts).
 */
const handler = createHandler({
  name: "alarm",
  schema: AlarmStateChangeSchema,
  async handle(event): Promise<AlarmResult> {
    const { alarmName, state, previousState } = event.detail;
    const known = alarmCatalog()[alarmName];
    if (!known) logger.warn("alarm is not in CARETAKER_ALARMS: reported without its next steps", { alarmName });
    const report = alarmReport(event, known);
    if (!report) {
      logger.info("alarm state change is not news", { alarmName, state: state.value, previousState: previousState.value });
      return { alarm: alarmName, state: state.value, notified: false };
    }
    const { messageIds } = await getNotifier().notify(report);
    return { alarm: alarmName, state: state.value, notified: true, fingerprint: report.fingerprint, messageIds };
  },
});

export { handler };
export type { AlarmResult };
