import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { drainQueuePolicy, drainStatements, EVENT_SOURCE_ACTIONS, type IamStatement } from "../../infra/drain-iam";
import { drainGroupTag } from "../../infra/drain-tag";

const ROOT = new URL("../../", import.meta.url);
/** The code the drain function runs: its handler and helpers, and the core modules they call. */
const DRAIN_CODE = ["functions/drain.ts", "functions/lib", "packages/core/src/drain", "packages/core/src/lifecycle", "packages/core/src/state", "packages/core/src/notify", "packages/core/src/eks"];
/** IAM service prefix of each AWS SDK v3 client package; a client missing here fails the test until it is added. */
const IAM_PREFIX: Record<string, string> = { "auto-scaling": "autoscaling", ec2: "ec2", eks: "eks", sns: "sns", dynamodb: "dynamodb" };

function sourceFiles(path: string): string[] {
  if (path.endsWith(".ts")) return [path];
  return readdirSync(new URL(path, ROOT), { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".ts"))
    .map((name) => `${path}/${name}`);
}

/** `import { XCommand } from "@aws-sdk/client-y"` → `y:X`, for every command the drain code imports as a value. */
function actionsTheCodeCalls(): Map<string, string> {
  const actions = new Map<string, string>();
  const importStatement = /import\s+(type\s+)?\{([^}]*)\}\s+from\s+"@aws-sdk\/client-([a-z0-9-]+)"/g;
  for (const file of DRAIN_CODE.flatMap(sourceFiles)) {
    const text = readFileSync(new URL(file, ROOT), "utf8");
    for (const [, typeOnly, names = "", client = ""] of text.matchAll(importStatement)) {
      if (typeOnly) continue;
      for (const raw of names.split(",")) {
        const name = raw.trim();
        if (name.startsWith("type ") || !/^[A-Z]\w*Command$/.test(name)) continue;
        const prefix = IAM_PREFIX[client];
        if (!prefix) throw new Error(`${file} uses @aws-sdk/client-${client}: add its IAM prefix to IAM_PREFIX`);
        actions.set(`${prefix}:${name.slice(0, -"Command".length)}`, file);
      }
    }
  }
  return actions;
}

const ARNS = {
  topic: "arn:aws:sns:eu-west-1:123456789012:Alerts",
  table: "arn:aws:dynamodb:eu-west-1:123456789012:table/State",
  queue: "arn:aws:sqs:eu-west-1:123456789012:DrainQueue",
  inAccount: (service: string, resource: string) => `arn:aws:${service}:eu-west-1:123456789012:${resource}`,
};

function functionActions(statements: readonly IamStatement<string>[]): string[] {
  return statements.filter((statement) => statement.sid !== "EventSource").flatMap((statement) => statement.actions);
}

/** Access level by verb; everything that is not a read is treated as a write. */
function isRead(action: string): boolean {
  return /^[a-z0-9-]+:(Describe|Get|List)/.test(action);
}

const TAG = drainGroupTag("caretaker", "prod");

describe("drain IAM", () => {
  const statements = drainStatements(ARNS, TAG);

  it("finds the SDK commands in the drain code (a broken scan must not pass vacuously)", () => {
    expect(actionsTheCodeCalls().size).toBeGreaterThanOrEqual(8);
  });

  it("grants every AWS call the drain code makes", () => {
    const granted = new Set(functionActions(statements));
    const missing = [...actionsTheCodeCalls()].filter(([action]) => !granted.has(action)).map(([action, file]) => `${action} (${file})`);
    expect(missing).toEqual([]);
  });

  it("grants nothing the drain code does not call", () => {
    const called = actionsTheCodeCalls();
    expect(functionActions(statements).filter((action) => !called.has(action))).toEqual([]);
  });

  it("grants the event source mapping exactly what it needs on the drain queue, and nothing elsewhere", () => {
    const sqs = statements.filter((statement) => statement.actions.some((action) => action.startsWith("sqs:")));
    expect(sqs).toEqual([{ sid: "EventSource", actions: EVENT_SOURCE_ACTIONS, resources: [ARNS.queue] }]);
    expect(EVENT_SOURCE_ACTIONS).toEqual(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ChangeMessageVisibility"]);
  });

  it("never puts a write action on the * resource", () => {
    const widened = statements.filter((statement) => statement.resources.includes("*")).flatMap((statement) => statement.actions.filter((action) => !isRead(action)));
    expect(widened).toEqual([]);
  });

  it("scopes each write action to its resource", () => {
    const byAction = Object.fromEntries(statements.flatMap((statement) => statement.actions.map((action) => [action, statement.resources])));
    expect(byAction).toMatchObject({
      "autoscaling:CompleteLifecycleAction": ["arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/*"],
      "autoscaling:RecordLifecycleActionHeartbeat": ["arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:*:autoScalingGroupName/*"],
      "sns:Publish": [ARNS.topic],
      "dynamodb:PutItem": [ARNS.table],
      "eks:DescribeCluster": ["arn:aws:eks:eu-west-1:123456789012:cluster/*"],
    });
  });

  it("allows lifecycle actions only on groups carrying the stage's tag, with no per-group ARN", () => {
    const lifecycle = statements.find((statement) => statement.sid === "LifecycleActions");
    expect(TAG).toEqual({ key: "caretaker:drain", value: "caretaker-prod" });
    expect(lifecycle?.conditions).toEqual([{ test: "StringEquals", variable: "autoscaling:ResourceTag/caretaker:drain", values: ["caretaker-prod"] }]);
    // Every write that reaches a group is in that statement: none escapes the condition.
    const onGroups = statements.filter((statement) => statement.resources.some((resource) => resource !== "*" && resource.includes(":autoScalingGroup:")));
    expect(onGroups.map((statement) => statement.sid)).toEqual(["LifecycleActions"]);
    // No other statement carries a condition the test above would miss, and none names a group.
    expect(statements.filter((statement) => statement.conditions).map((statement) => statement.sid)).toEqual(["LifecycleActions"]);
    expect(statements.flatMap((statement) => statement.resources)).not.toContainEqual(expect.stringMatching(/autoScalingGroupName\/(?!\*$)/));
  });

  it("is the same size for 1 or 500 managed groups: the policy names none of them", () => {
    // The statements take the tag, not the groups: a stage with 500 discovered groups gets this very policy.
    expect(JSON.stringify(drainStatements(ARNS, TAG)).length).toBeLessThan(2000);
    expect(drainStatements(ARNS, drainGroupTag("caretaker", "a-much-longer-stage-name"))).toHaveLength(statements.length);
  });

  it("leaves the lifecycle statement out without managed groups rather than widening it", () => {
    const withoutGroups = drainStatements(ARNS, undefined);
    expect(withoutGroups.map((statement) => statement.sid)).not.toContain("LifecycleActions");
    expect(withoutGroups.flatMap((statement) => statement.resources)).not.toContainEqual(expect.stringContaining("autoScalingGroup"));
    expect(functionActions(withoutGroups)).not.toContain("autoscaling:CompleteLifecycleAction");
  });
});

describe("the drain's group tag", () => {
  it("is caretaker:drain = <app>-<stage>, within Auto Scaling's tag rules", () => {
    expect(drainGroupTag("caretaker", "staging")).toEqual({ key: "caretaker:drain", value: "caretaker-staging" });
    expect(() => drainGroupTag("caretaker", "x".repeat(300))).toThrow(/not a valid Auto Scaling tag value \(at most 256 characters/);
    expect(() => drainGroupTag("aws:x", "prod")).toThrow(/not starting with aws:/);
  });
});

describe("drain queue policy", () => {
  it("lets EventBridge send only on behalf of Caretaker's rules", () => {
    const rules = ["arn:aws:events:eu-west-1:123456789012:rule/DrainSpot", "arn:aws:events:eu-west-1:123456789012:rule/DrainLifecycle"];
    expect(drainQueuePolicy(ARNS.queue, rules)).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "CaretakerRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: ARNS.queue,
          Condition: { ArnEquals: { "aws:SourceArn": rules } },
        },
      ],
    });
  });
});
