/**
 * The fallback notification path (see alarms-plan.ts): when the alarm function fails, or EventBridge cannot invoke it,
 * an Express Step Functions workflow publishes the news to the Alerts topic itself, both variants with the `format`
 * message attribute, so every subscription gets it. No Lambda and no Caretaker code runs on this path: the workflow
 * is this definition, SNS's optimized integration and two messages made of fixed text plus the alarm event's id,
 * alarm name, reason and time (JSONPath and intrinsic functions only; every path it reads is in every CloudWatch
 * state-change event). Plain data over strings; infra fills in the names once they are known.
 */

interface FallbackArgs {
  app: string;
  stage: string;
  /** AWS partition of the stack (`aws`, `aws-cn`, …), for the SNS integration's resource ARN. */
  partition: string;
  topicArn: string;
  alarmFunction: { name: string; logGroup: string };
  alarmRuleName: string;
}

/** The older SNS rule: ASCII, first character a letter, digit or punctuation, under 100 characters. */
const SUBJECT_MAX_CHARS = 99;

function subject(app: string, stage: string): string {
  const text = `[Caretaker] ERROR: alarm notifications are failing (${app}-${stage})`.replace(/[^\x20-\x7e]/g, "");
  return text.length <= SUBJECT_MAX_CHARS ? text : `${text.slice(0, SUBJECT_MAX_CHARS - 3)}...`;
}

/** The fixed text of both messages; the workflow adds the alarm's name, reason and time. */
function fallbackTexts({ app, stage, alarmFunction, alarmRuleName }: FallbackArgs) {
  const prefix = `${app}-${stage}-`;
  const summary =
    "The function that turns Caretaker's CloudWatch alarms into notifications failed, or EventBridge could not invoke it. " +
    "Until that is fixed, Caretaker's alarms (dead-lettered or stalled drains, failing functions) can fire without a notification. " +
    "This message comes from the fallback path, which runs no Lambda.";
  const nextSteps = [
    `See which of Caretaker's alarms are firing: aws cloudwatch describe-alarms --alarm-name-prefix ${prefix} --state-value ALARM`,
    `Read the alarm function's errors: aws logs tail ${alarmFunction.logGroup} --since 1h --filter-pattern '{ $.level = "ERROR" }'`,
    `Check that EventBridge may invoke it: aws lambda get-policy --function-name ${alarmFunction.name} and aws events list-targets-by-rule --rule ${alarmRuleName}`,
  ];
  return {
    subject: subject(app, stage),
    summary,
    nextSteps,
    // Plain text around the values the workflow inserts (intrinsic templates hold only "{}": no escaping needed).
    emailHead: `${summary}\n\nAlarm:  `,
    emailReason: "\nReason: ",
    emailTime: "\nTime:   ",
    emailSteps: `\n\nNext steps\n----------\n${nextSteps.map((step, index) => `${index + 1}. ${step}`).join("\n")}\n`,
    chatAlarm: "\n\n*Alarm:* ",
    chatReason: "\n*Reason:* ",
  };
}

const attribute = (value: string) => ({ DataType: "String", StringValue: value });
const RETRY = [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 }];

/**
 * The workflow (Amazon States Language, JSONPath): keep the fixed texts next to the event, compose both messages,
 * publish them in parallel, each publish retried. The message attributes are the notifier's: `format`, `kind`,
 * `severity`, `fingerprint`.
 */
function fallbackDefinition(args: FallbackArgs) {
  const publish = `arn:${args.partition}:states:::sns:publish`;
  return {
    Comment: `Caretaker ${args.stage}: notifies, without Lambda, that Caretaker's alarm notifications are failing`,
    StartAt: "Texts",
    States: {
      Texts: { Type: "Pass", Result: fallbackTexts(args), ResultPath: "$.caretaker", Next: "Compose" },
      Compose: {
        Type: "Pass",
        Parameters: {
          "fingerprint.$": "States.Format('alarm-fallback/{}', $.id)",
          "email.$": "States.Format('{}{}{}{}{}{}{}', $.caretaker.emailHead, $.detail.alarmName, $.caretaker.emailReason, $.detail.state.reason, $.caretaker.emailTime, $.time, $.caretaker.emailSteps)",
          chatbot: {
            version: "1.0",
            source: "custom",
            "id.$": "States.Format('alarm-fallback/{}', $.id)",
            content: {
              textType: "client-markdown",
              "title.$": "States.Format(':rotating_light: Caretaker alarm notifications are failing ({})', $.detail.alarmName)",
              "description.$": "States.Format('{}{}{}{}{}', $.caretaker.summary, $.caretaker.chatAlarm, $.detail.alarmName, $.caretaker.chatReason, $.detail.state.reason)",
              "nextSteps.$": "$.caretaker.nextSteps",
              keywords: ["alarm", "error"],
            },
            metadata: {
              threadId: "alarm",
              "summary.$": "States.Format('Caretaker alarm notifications are failing ({})', $.detail.alarmName)",
              eventType: "caretaker.alarm",
              additionalContext: { kind: "alarm", severity: "error", "fingerprint.$": "States.Format('alarm-fallback/{}', $.id)", "occurredAt.$": "$.time" },
            },
          },
        },
        Next: "Publish",
      },
      Publish: {
        Type: "Parallel",
        Branches: [
          {
            StartAt: "Chatbot",
            States: {
              Chatbot: {
                Type: "Task",
                Resource: publish,
                Parameters: {
                  TopicArn: args.topicArn,
                  "Message.$": "States.JsonToString($.chatbot)",
                  MessageAttributes: { format: attribute("chatbot"), kind: attribute("alarm"), severity: attribute("error"), fingerprint: { DataType: "String", "StringValue.$": "$.fingerprint" } },
                },
                Retry: RETRY,
                End: true,
              },
            },
          },
          {
            StartAt: "Email",
            States: {
              Email: {
                Type: "Task",
                Resource: publish,
                Parameters: {
                  TopicArn: args.topicArn,
                  Subject: subject(args.app, args.stage),
                  "Message.$": "$.email",
                  MessageAttributes: { format: attribute("email"), kind: attribute("alarm"), severity: attribute("error"), fingerprint: { DataType: "String", "StringValue.$": "$.fingerprint" } },
                },
                Retry: RETRY,
                End: true,
              },
            },
          },
        ],
        End: true,
      },
    },
  };
}

export { fallbackDefinition, fallbackTexts };
export type { FallbackArgs };
