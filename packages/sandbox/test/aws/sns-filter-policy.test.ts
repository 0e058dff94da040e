import { describe, expect, it } from "vitest";
import { compileFilterPolicy, FilterPolicyError, filterPolicyMatches } from "../../src/aws/sns/filter-policy";

type Attributes = Record<string, { DataType: string; StringValue?: string; BinaryValue?: Uint8Array }>;

function matches(policy: object, attributes: Attributes): boolean {
  return filterPolicyMatches(compileFilterPolicy(JSON.stringify(policy)), { attributes, body: "" });
}

const str = (StringValue: string) => ({ DataType: "String", StringValue });
const num = (value: number) => ({ DataType: "Number", StringValue: String(value) });

describe("SNS filter policy matching (message attributes)", () => {
  it.each([
    ["an exact string", { format: ["chatbot"] }, { format: str("chatbot") }, true],
    ["exact strings case-sensitively", { format: ["chatbot"] }, { format: str("Chatbot") }, false],
    ["any of the values of a key", { severity: ["high", "critical"] }, { severity: str("critical") }, true],
    ["all keys", { format: ["email"], severity: ["high"] }, { format: str("email"), severity: str("low") }, false],
    ["a prefix", { cluster: [{ prefix: "prod-" }] }, { cluster: str("prod-eu") }, true],
    ["a suffix", { cluster: [{ suffix: "-eu" }] }, { cluster: str("prod-eu") }, true],
    ["equals-ignore-case", { format: [{ "equals-ignore-case": "EMAIL" }] }, { format: str("email") }, true],
    ["anything-but a value", { severity: [{ "anything-but": ["low"] }] }, { severity: str("high") }, true],
    ["not anything-but an excluded value", { severity: [{ "anything-but": ["low"] }] }, { severity: str("low") }, false],
    ["not anything-but a missing attribute", { severity: [{ "anything-but": ["low"] }] }, {}, false],
    ["anything-but a prefix", { cluster: [{ "anything-but": { prefix: "test-" } }] }, { cluster: str("test-1") }, false],
    ["a numeric range on a Number attribute", { count: [{ numeric: [">", 0, "<=", 10] }] }, { count: num(10) }, true],
    ["not a numeric range outside it", { count: [{ numeric: [">", 0, "<=", 10] }] }, { count: num(11) }, false],
    ["not a numeric condition on a String attribute", { count: [{ numeric: [">", 0] }] }, { count: str("5") }, false],
    ["an exact number on a Number attribute", { count: [5] }, { count: num(5) }, true],
    ["exists: true when present", { cluster: [{ exists: true }] }, { cluster: str("x") }, true],
    ["exists: false when absent", { cluster: [{ exists: false }] }, {}, true],
    ["not exists: false when present", { cluster: [{ exists: false }] }, { cluster: str("x") }, false],
    ["any element of a String.Array", { teams: ["sre"] }, { teams: { DataType: "String.Array", StringValue: '["dev","sre"]' } }, true],
    ["an address within a CIDR", { source: [{ cidr: "10.0.0.0/24" }] }, { source: str("10.0.0.77") }, true],
    ["one branch of $or", { format: ["email"], $or: [{ severity: ["high"] }, { cluster: ["prod"] }] }, { format: str("email"), cluster: str("prod") }, true],
    ["not a Binary attribute", { blob: ["x"] }, { blob: { DataType: "Binary", BinaryValue: new Uint8Array([120]) } }, false],
  ])("matches %s", (_, policy, attributes, expected) => {
    // Prepare / Act
    const result = matches(policy, attributes as Attributes);

    // Assess
    expect(result).toBe(expected);
  });
});

describe("SNS filter policy matching (message body)", () => {
  it("matches nested keys of a JSON body, and arrays by any element", () => {
    // Prepare
    const policy = compileFilterPolicy(JSON.stringify({ report: { kind: ["drain"], nodes: [{ prefix: "ip-10-" }] } }), "MessageBody");
    const body = JSON.stringify({ report: { kind: "drain", nodes: ["node-a", "ip-10-0-1-5"] } });

    // Act
    const result = filterPolicyMatches(policy, { attributes: {}, body });

    // Assess
    expect(result).toBe(true);
  });

  it("does not match a body that is not JSON", () => {
    // Prepare
    const policy = compileFilterPolicy(JSON.stringify({ kind: ["drain"] }), "MessageBody");

    // Act
    const result = filterPolicyMatches(policy, { attributes: {}, body: "plain text" });

    // Assess
    expect(result).toBe(false);
  });
});

describe("SNS filter policy validation", () => {
  it.each([
    ["more than 5 keys", { a: [1], b: [1], c: [1], d: [1], e: [1], f: [1] }, "MessageAttributes", "more than 5 keys"],
    ["more than 150 combinations", { a: Array.from({ length: 16 }, (_, i) => i), b: Array.from({ length: 10 }, (_, i) => i) }, "MessageAttributes", "too complex"],
    ["an empty array", { a: [] }, "MessageAttributes", "Empty arrays"],
    ["an unknown operator", { a: [{ wildcard: "x*" }] }, "MessageAttributes", "Unrecognized match type wildcard"],
    ["a nested policy at attribute scope", { a: { b: ["x"] } }, "MessageAttributes", "does not support nested filter policy"],
  ] as const)("rejects %s", (_, policy, scope, fragment) => {
    // Prepare / Act
    const compile = () => compileFilterPolicy(JSON.stringify(policy), scope);

    // Assess
    expect(compile).toThrow(FilterPolicyError);
    expect(compile).toThrow(fragment);
  });
});
