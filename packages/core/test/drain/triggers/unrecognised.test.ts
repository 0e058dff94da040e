import { describe, expect, it } from "vitest";
import { ACCEPTED_TRIGGERS, parseDrainTrigger, parseSqsMessageBody } from "../../../src/drain/triggers";
import { invalidTriggerFrom, loadEvent } from "./events";

describe("input that is no drain trigger", () => {
  it.each([
    ["null", null, "null"],
    ["undefined", undefined, "undefined"],
    ["an array", [{ node: "web-1" }], "an array"],
    ["a number", 42, "a number"],
    ["a string", '{"node":"web-1"}', "a string (for an SQS message body, use parseSqsMessageBody)"],
  ])("is refused when it is %s, saying what it was", (_, input, problem) => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(input));

    // Assess
    expect(error.problems).toEqual([problem]);
  });

  it("is refused with the list of what Caretaker accepts", () => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(null));

    // Assess
    for (const accepted of ACCEPTED_TRIGGERS) expect(error.message).toContain(accepted);
    expect(error.message).toMatch(/^Not a drain trigger: null\. Caretaker accepts .*\. Nothing was drained\.$/);
  });

  it("is refused for an S3 event", () => {
    // Prepare
    const event = loadEvent("s3-put");

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(["an event with Records from aws:s3"]);
  });

  it("is refused for a whole SQS batch, pointing at parseSqsMessageBody", () => {
    // Prepare
    const batch = { Records: [{ messageId: "m-1", body: "{}", eventSource: "aws:sqs" }] };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(batch));

    // Assess
    expect(error.problems).toEqual(["an SQS batch of 1 record(s); pass each record's body to parseSqsMessageBody"]);
  });

  it("is refused for an EventBridge event of another detail-type, naming it", () => {
    // Prepare
    const event = loadEvent("eventbridge-asg-launch-successful");

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(['an EventBridge event with detail-type "EC2 Instance Launch Successful" from "aws.autoscaling"']);
    expect(error.message).toContain("Caretaker accepts");
  });

  it("is refused when a known detail-type comes from the wrong source", () => {
    // Prepare: EventBridge forbids "aws.*" sources in PutEvents, so a hand-made copy carries another one.
    const event = { ...loadEvent("eventbridge-spot-interruption"), source: "my.tests" };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(['source: must be "aws.ec2" for this detail-type, not "my.tests"']);
  });

  it("is refused for an event without detail", () => {
    // Prepare
    const event = { ...loadEvent("eventbridge-rebalance-recommendation"), detail: undefined };

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(["detail: is required"]);
  });

  it("is refused for an object of unknown fields, listing them", () => {
    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger({ hello: "world" }));

    // Assess
    expect(error.problems).toEqual(['an object with fields "hello"']);
  });
});

describe("SQS message bodies that are no drain trigger", () => {
  it.each([
    ["not JSON", "Service: AWS Auto Scaling", /^an SQS message body that is not JSON \(/],
    ["JSON but not an object", "[1,2]", /^an SQS message body holding an array$/],
    ["an S3 event", JSON.stringify(loadEvent("s3-put")), /^an SQS message body with fields "Records"$/],
  ])("are refused when %s", (_, body, problem) => {
    // Act
    const error = invalidTriggerFrom(() => parseSqsMessageBody(body));

    // Assess
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(problem);
  });

  it("are refused when an SNS notification's Message is not JSON", () => {
    // Prepare
    const notification = { ...loadEvent("sns-notification-lifecycle-terminate"), Message: "Service: AWS Auto Scaling" };

    // Act
    const error = invalidTriggerFrom(() => parseSqsMessageBody(JSON.stringify(notification)));

    // Assess
    expect(error.problems[0]).toMatch(/^Message: is not JSON \(/);
  });
});
