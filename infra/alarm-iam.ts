import type { IamStatement } from "./drain-iam";

/**
 * IAM for the alarm function, and for the fallback workflow's role (alarms.ts), as plain data: it only notifies. test/infra/alarm-iam.test.ts derives the AWS calls
 * from the SDK commands the function's code imports (following its imports from functions/alarm.ts) and checks that
 * this is exactly what is granted.
 */
function alarmStatements<R>(arns: { topic: R }): IamStatement<R>[] {
  return [{ sid: "Notify", actions: ["sns:Publish"], resources: [arns.topic] }];
}

export { alarmStatements };
