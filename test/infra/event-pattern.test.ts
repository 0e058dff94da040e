import { describe, expect, it } from "vitest";
import { assertValidPattern, matchesPattern } from "./event-pattern";

/** The matcher the rule tests rely on, checked against the documented EventBridge semantics it implements. */
describe("matchesPattern", () => {
  const event = { source: "aws.ec2", "detail-type": "X", resources: ["arn:a", "arn:b"], detail: { state: "stopping", count: 3, flag: false, none: null, list: [{ id: "i-1" }, { id: "i-2" }] } };

  it("treats a leaf array as OR over exact values", () => {
    expect(matchesPattern({ source: ["aws.ec2", "aws.health"] }, event)).toBe(true);
    expect(matchesPattern({ source: ["aws.health"] }, event)).toBe(false);
    expect(matchesPattern({ source: ["AWS.EC2"] }, event)).toBe(false);
  });

  it("requires every field of the pattern (AND), and a missing field never matches", () => {
    expect(matchesPattern({ source: ["aws.ec2"], "detail-type": ["X"] }, event)).toBe(true);
    expect(matchesPattern({ source: ["aws.ec2"], "detail-type": ["Y"] }, event)).toBe(false);
    expect(matchesPattern({ account: ["123"] }, event)).toBe(false);
  });

  it("matches nested objects, numbers, booleans and null exactly", () => {
    expect(matchesPattern({ detail: { state: ["stopping"], count: [3], flag: [false], none: [null] } }, event)).toBe(true);
    expect(matchesPattern({ detail: { count: ["3"] } }, event)).toBe(false);
    expect(matchesPattern({ detail: { state: { nested: ["x"] } } }, event)).toBe(false);
  });

  it("matches an event array when any element matches, including arrays of objects", () => {
    expect(matchesPattern({ resources: ["arn:b"] }, event)).toBe(true);
    expect(matchesPattern({ detail: { list: { id: ["i-2"] } } }, event)).toBe(true);
    expect(matchesPattern({ detail: { list: { id: ["i-3"] } } }, event)).toBe(false);
  });

  it("refuses patterns EventBridge would refuse and operators it does not implement", () => {
    expect(() => assertValidPattern({})).toThrow("non-empty object");
    expect(() => assertValidPattern({ source: "aws.ec2" })).toThrow("must be an array of values or an object");
    expect(() => assertValidPattern({ source: [] })).toThrow("empty array");
    expect(() => assertValidPattern({ source: [{ prefix: "aws." }] })).toThrow("does not implement");
  });
});
