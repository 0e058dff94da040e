import { describe, expect, it } from "vitest";
import { alertsTopicPolicy, OWNER_ACTIONS } from "../../infra/alerts-policy";

const ACCOUNT = "123456789012";
const TOPIC = `arn:aws:sns:eu-west-1:${ACCOUNT}:caretaker-prod-AlertsTopic-a1b2c3`;
const ROLE = (name: string, account = ACCOUNT) => `arn:aws:iam::${account}:role/${name}`;
const PUBLISHERS = ["caretaker-prod-DrainRole", "caretaker-prod-ImageGcRole", "caretaker-prod-DriftRole", "caretaker-prod-ProbeRole", "caretaker-prod-AlarmRole", "caretaker-prod-AlarmFallbackRole"].map((name) => ROLE(name));
const policy = alertsTopicPolicy({ topic: TOPIC, account: `arn:aws:iam::${ACCOUNT}:root`, publishers: PUBLISHERS });

type Statement = (typeof policy.Statement)[number] & { Condition?: Record<string, Record<string, string[]>> };
/** Who asks: an IAM role of some account, or an AWS service (which has no aws:PrincipalArn). */
type Caller = { role: string } | { service: string };

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);
const accountOf = (arn: string) => arn.split(":")[4];

/** IAM's Principal matching for the forms the policy uses: "*", an account (`:root`), a role ARN. */
function principalMatches(principal: Statement["Principal"], caller: Caller): boolean {
  if (principal === "*") return true;
  if (!("role" in caller)) return false;
  return list((principal as { AWS: unknown }).AWS).some((entry) => entry === "*" || entry === caller.role || (typeof entry === "string" && entry.endsWith(":root") && accountOf(entry) === accountOf(caller.role)));
}

/** IAM's condition semantics for ArnNotEquals: true when the key is absent or equals none of the values. */
function conditionHolds(statement: Statement, caller: Caller): boolean {
  for (const [operator, keys] of Object.entries(statement.Condition ?? {})) {
    for (const [key, values] of Object.entries(keys)) {
      if (operator !== "ArnNotEquals" || key !== "aws:PrincipalArn") throw new Error(`the test evaluator does not implement ${operator} ${key}`);
      if ("role" in caller && values.includes(caller.role)) return false;
    }
  }
  return true;
}

/** What the topic policy decides for a request: an explicit deny wins, then an allow; otherwise it says nothing. */
function decide(caller: Caller, action: string): "deny" | "allow" | "no opinion" {
  const applicable = (policy.Statement as Statement[]).filter(
    (statement) => list(statement.Action).includes(action) && statement.Resource === TOPIC && principalMatches(statement.Principal, caller) && conditionHolds(statement, caller),
  );
  if (applicable.some((statement) => statement.Effect === "Deny")) return "deny";
  return applicable.some((statement) => statement.Effect === "Allow") ? "allow" : "no opinion";
}

describe("alerts topic policy", () => {
  it("lets every Caretaker role publish", () => {
    expect(PUBLISHERS.map((role) => decide({ role }, "sns:Publish"))).toEqual(PUBLISHERS.map(() => "allow"));
  });

  it.each<[string, Caller]>([
    ["an administrator of the account", { role: ROLE("Admin") }],
    ["a role of the same name in another account", { role: ROLE("caretaker-prod-DrainRole", "999999999999") }],
    ["CloudWatch (an alarm action)", { service: "cloudwatch.amazonaws.com" }],
    ["EventBridge (an SNS target)", { service: "events.amazonaws.com" }],
  ])("refuses publishing to %s, whatever its own policies allow", (_who, caller) => {
    expect(decide(caller, "sns:Publish")).toBe("deny");
  });

  it("keeps the account's management rights (through its IAM policies), Subscribe included", () => {
    for (const action of OWNER_ACTIONS) expect(decide({ role: ROLE("Admin") }, action)).toBe("allow");
    expect(OWNER_ACTIONS).toContain("sns:Subscribe");
    expect(OWNER_ACTIONS).not.toContain("sns:Publish");
  });

  it("grants nothing to other accounts or to the public", () => {
    const outsider = { role: ROLE("Anyone", "999999999999") };
    expect([...OWNER_ACTIONS, "sns:Publish"].map((action) => decide(outsider, action)).filter((decision) => decision === "allow")).toEqual([]);
    const allowsToEveryone = policy.Statement.filter((statement) => statement.Effect === "Allow" && (statement.Principal === "*" || list((statement.Principal as { AWS: unknown }).AWS).includes("*")));
    expect(allowsToEveryone).toEqual([]);
  });

  it("is a valid SNS topic policy: an Id, unique Sids, one resource (the topic), at most 200 principals", () => {
    expect(policy.Id).toBeTruthy();
    expect(new Set(policy.Statement.map((statement) => statement.Sid)).size).toBe(policy.Statement.length);
    expect(new Set(policy.Statement.map((statement) => statement.Resource))).toEqual(new Set([TOPIC]));
    expect(PUBLISHERS.length).toBeLessThanOrEqual(200);
    expect(() => alertsTopicPolicy({ topic: TOPIC, account: "root", publishers: [] })).toThrow(/at least one publisher/);
  });
});
