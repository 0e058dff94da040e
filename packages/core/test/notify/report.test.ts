import { describe, expect, it } from "vitest";
import { InvalidReportError, assertValidReport } from "../../src/notify";
import { makeReport } from "./fixtures";

describe("assertValidReport", () => {
  it("accepts a minimal report with only the required fields", () => {
    // Prepare
    const report = { kind: "probe", severity: "success", title: "Probe ok", summary: "", fingerprint: "probe/prod", occurredAt: new Date() };

    // Act & Assess
    expect(() => assertValidReport(report)).not.toThrow();
  });

  it("lists every problem of a report that arrived as JSON, not only the first", () => {
    // Prepare: what a report looks like after a trip through EventBridge or SQS, plus typos.
    const report = JSON.parse(JSON.stringify({ ...makeReport(), kind: "reboot", severity: "critical", fingerprint: " ", facts: [{ label: "Node" }] }));

    // Act
    const error = (() => {
      try {
        assertValidReport(report);
        return undefined;
      } catch (caught) {
        return caught;
      }
    })();

    // Assess
    expect(error).toBeInstanceOf(InvalidReportError);
    expect((error as InvalidReportError).problems).toEqual([
      'kind must be one of drain, image-gc, drift, probe, alarm (got "reboot")',
      'severity must be one of info, success, warning, error (got "critical")',
      "fingerprint must be a non-empty string",
      "occurredAt must be a valid Date",
      "facts[0] must be { label: string, value: string }",
    ]);
  });

  it("rejects fingerprints that cannot travel as a message attribute", () => {
    // Act & Assess
    expect(() => assertValidReport(makeReport({ fingerprint: "a\nb" }))).toThrow(/fingerprint must not contain control characters/);
    expect(() => assertValidReport(makeReport({ fingerprint: "x".repeat(257) }))).toThrow(/fingerprint must be at most 256 characters \(got 257\)/);
  });

  it("rejects lists of the wrong shape and values that are not objects", () => {
    // Prepare
    const report = { ...makeReport(), sections: [{ title: "Pods", items: ["a", 2] }], nextSteps: "restart", relatedResources: [null], cluster: 7, occurredAt: new Date("nope") };

    // Act & Assess
    expect(() => assertValidReport(report)).toThrow(
      "Cannot notify about an invalid report: occurredAt must be a valid Date; cluster must be a string when present; sections[0] must be { title: string, items: string[] }; nextSteps must be an array when present; relatedResources[0] must be a string",
    );
    expect(() => assertValidReport(null)).toThrow("Cannot notify about an invalid report: the report must be an object");
  });
});
