import { describe, expect, it } from "vitest";
import { parseDrainTrigger } from "../../../src/drain/triggers";
import { invalidTriggerFrom, loadEvent, withDetail } from "./events";

describe("AWS Health scheduled changes", () => {
  it("become one scheduled-change trigger for the affected instance, start time as Health writes it", () => {
    // Prepare
    const event = loadEvent("eventbridge-health-scheduled-change");

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toStrictEqual({
      kind: "scheduled-change",
      eventId: "7fb65329-1628-4cf3-a740-95fg457h1402",
      time: "2016-06-05T06:27:57Z",
      region: "us-east-1",
      account: "account id",
      instanceIds: ["i-12345678"],
      eventTypeCode: "AWS_EC2_DEDICATED_HOST_NETWORK_MAINTENANCE_SCHEDULED",
      startTime: "Sat, 05 Jun 2016 15:10:09 GMT",
    });
  });

  it("list every affected instance once and leave out entities that are not instances", () => {
    // Prepare
    const event = withDetail("eventbridge-health-scheduled-change", {
      affectedEntities: [
        { entityValue: "i-0123456789abcdef0" },
        { entityValue: "h-0123456789abcdef0" },
        { entityValue: "i-12345678" },
        { entityValue: "i-0123456789abcdef0" },
        {},
      ],
    });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({ kind: "scheduled-change", instanceIds: ["i-0123456789abcdef0", "i-12345678"] });
  });

  it.each([
    ["another service", { service: "RDS" }, "AWS Health Event (RDS scheduledChange)"],
    ["an issue rather than a scheduled change", { eventTypeCategory: "issue" }, "AWS Health Event (EC2 issue)"],
  ])("are acknowledged without a drain for %s", (_, changes, event) => {
    // Prepare
    const health = withDetail("eventbridge-health-scheduled-change", changes);

    // Act
    const trigger = parseDrainTrigger(health);

    // Assess
    expect(trigger).toMatchObject({ kind: "ignored", source: "eventbridge", event, eventId: "7fb65329-1628-4cf3-a740-95fg457h1402" });
  });

  it("are acknowledged without a drain once closed, because the maintenance is over", () => {
    // Prepare
    const event = withDetail("eventbridge-health-scheduled-change", { statusCode: "closed" });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({ kind: "ignored", reason: expect.stringContaining("closed") });
  });

  it("are acknowledged without a drain when no instance is affected", () => {
    // Prepare
    const event = withDetail("eventbridge-health-scheduled-change", { affectedEntities: [{ entityValue: "h-0123456789abcdef0" }] });

    // Act
    const trigger = parseDrainTrigger(event);

    // Assess
    expect(trigger).toMatchObject({ kind: "ignored", reason: "no EC2 instance is among its affected entities" });
  });

  it("are refused without an event type code", () => {
    // Prepare
    const event = withDetail("eventbridge-health-scheduled-change", { eventTypeCode: undefined });

    // Act
    const error = invalidTriggerFrom(() => parseDrainTrigger(event));

    // Assess
    expect(error.problems).toEqual(["detail.eventTypeCode: is required"]);
  });
});
