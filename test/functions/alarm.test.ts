import { readFileSync } from "node:fs";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { handler } from "../../functions/alarm";
import { lambdaContext } from "../helpers/lambda-context";

const snsMock = mockClient(SNSClient);
const TOPIC_ARN = "arn:aws:sns:us-east-1:123456789012:caretaker-alerts";
const DRAIN = { role: "drain", name: "caretaker-prod-DrainFunction-a1b2c3", logGroup: "/aws/lambda/caretaker-prod-DrainFunction-a1b2c3" };
const CATALOG = {
  "caretaker-prod-drain-dead-letters": {
    type: "dead-letters",
    queueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/DrainDeadLetters-9f8e7d",
    queueArn: "arn:aws:sqs:us-east-1:123456789012:DrainDeadLetters-9f8e7d",
    sourceQueueUrl: "https://sqs.us-east-1.amazonaws.com/123456789012/DrainQueue-1a2b3c",
    consumer: DRAIN,
  },
  "caretaker-prod-drain-errors": { type: "function-errors", function: DRAIN },
};

function fixture(name: string) {
  return JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), "utf8"));
}

/** AWS's sample state change, for one of Caretaker's alarms. */
function stateChange(alarmName: string, state = "ALARM", previous = "OK") {
  const event = fixture("eventbridge-cloudwatch-alarm-state-change.json");
  event.detail.alarmName = alarmName;
  event.resources = [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${alarmName}`];
  event.detail.state.value = state;
  event.detail.previousState.value = previous;
  return event;
}

function published() {
  return snsMock.commandCalls(PublishCommand).map((call) => call.args[0].input);
}

beforeEach(() => {
  snsMock.reset();
  snsMock.on(PublishCommand).resolves({ MessageId: "m-1" });
  vi.stubEnv("CARETAKER_TOPIC_ARN", TOPIC_ARN);
  vi.stubEnv("CARETAKER_ALARMS", JSON.stringify(CATALOG));
});

describe("alarm function", () => {
  it("notifies a dead-lettered drain in both formats, with how to inspect and redrive", async () => {
    // Act
    const result = await handler(stateChange("caretaker-prod-drain-dead-letters"), lambdaContext("caretaker-alarm"));
    // Assess
    expect(result).toMatchObject({ alarm: "caretaker-prod-drain-dead-letters", state: "ALARM", notified: true, messageIds: ["m-1", "m-1"] });
    const [chat, mail] = published();
    expect(chat?.MessageAttributes).toMatchObject({ format: { DataType: "String", StringValue: "chatbot" }, kind: { StringValue: "alarm" }, severity: { StringValue: "error" } });
    expect(mail?.MessageAttributes).toMatchObject({ format: { DataType: "String", StringValue: "email" }, kind: { StringValue: "alarm" } });
    const notification = JSON.parse(chat?.Message ?? "{}");
    expect(notification).toMatchObject({ version: "1.0", source: "custom", content: { textType: "client-markdown" } });
    expect(notification.content.nextSteps.join("\n")).toContain("aws sqs start-message-move-task --source-arn arn:aws:sqs:us-east-1:123456789012:DrainDeadLetters-9f8e7d");
    expect(mail?.Subject).toBe("[Caretaker] ERROR: Drain requests were dead-lettered (caretaker-prod-drain-dead-letters)");
    expect(mail?.Message).toContain("aws logs tail /aws/lambda/caretaker-prod-DrainFunction-a1b2c3");
  });

  it("notifies the recovery, and stays quiet on transitions that are not news", async () => {
    // Act
    const recovered = await handler(stateChange("caretaker-prod-drain-errors", "OK", "ALARM"), lambdaContext("caretaker-alarm"));
    const firstEvaluation = await handler(stateChange("caretaker-prod-drain-errors", "OK", "INSUFFICIENT_DATA"), lambdaContext("caretaker-alarm"));
    // Assess
    expect(recovered).toMatchObject({ state: "OK", notified: true });
    expect(firstEvaluation).toEqual({ alarm: "caretaker-prod-drain-errors", state: "OK", notified: false });
    expect(published()).toHaveLength(2);
    expect(published()[1]?.Subject).toBe("[Caretaker] Drain function runs without errors again (caretaker-prod-drain-errors)");
  });

  it("still notifies an alarm it has no catalog entry for, or when the catalog cannot be read", async () => {
    // Act
    await handler(stateChange("caretaker-prod-something-new"), lambdaContext("caretaker-alarm"));
    vi.stubEnv("CARETAKER_ALARMS", "{not json");
    await handler(stateChange("caretaker-prod-drain-errors"), lambdaContext("caretaker-alarm"));
    // Assess
    expect(published().map((input) => input.MessageAttributes?.format?.StringValue)).toEqual(["chatbot", "email", "chatbot", "email"]);
    expect(published().flatMap((input) => input.Subject ?? [])).toEqual([
      "[Caretaker] ERROR: CloudWatch alarm caretaker-prod-something-new is in ALARM",
      "[Caretaker] ERROR: CloudWatch alarm caretaker-prod-drain-errors is in ALARM",
    ]);
  });

  it("fails when the notification cannot be published, so Lambda retries and the function's own alarm fires", async () => {
    // Prepare
    snsMock.on(PublishCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottledException" }));
    // Act & Assess
    await expect(handler(stateChange("caretaker-prod-drain-errors"), lambdaContext("caretaker-alarm"))).rejects.toMatchObject({ name: "NotificationPublishError" });
  });

  it("refuses events that are not alarm state changes, publishing nothing", async () => {
    // Act & Assess
    await expect(handler(fixture("s3-put.json"), lambdaContext("caretaker-alarm"))).rejects.toMatchObject({ name: "InvalidInputError" });
    await expect(handler(fixture("eventbridge-spot-interruption.json"), lambdaContext("caretaker-alarm"))).rejects.toThrow(/^Invalid input for alarm: /);
    expect(published()).toEqual([]);
  });
});
