/**
 * Public API of `@caretaker/core/alarms`: Caretaker's own CloudWatch alarms (dead letters, stalled drains, function
 * errors and throttles) turned into notifications. The alarm function parses the EventBridge state change with
 * AlarmStateChangeSchema, looks the alarm up in the catalog infra wrote, and notifies alarmReport's Report.
 */
export { AlarmCatalogSchema, parseAlarmCatalog, WATCHED_FUNCTIONS } from "./catalog";
export type { AlarmCatalog, AlarmTarget, WatchedFunction, WatchedFunctionRef } from "./catalog";
export { AlarmStateChangeSchema } from "./event";
export type { AlarmStateChange } from "./event";
export { alarmReport } from "./report";
