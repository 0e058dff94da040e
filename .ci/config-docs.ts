/**
 * Renders docs/configuration.md from Caretaker's configuration schema (`@caretaker/core/config`): every key with its
 * type, default and description, from the schema's JSON Schema (zod's `toJSONSchema`, input side, so defaults show).
 * test/infra/config-docs.test.ts fails when the checked-in file differs from what this renders.
 *
 * Run with `npm run docs:config` (writes the file) or `npm run docs:config -- --check` (exit 1 when stale).
 */
import { fileURLToPath } from "node:url";
import { caretakerConfig, type CaretakerConfigInput, CaretakerConfigSchema } from "@caretaker/core/config";
import { z } from "zod";
import { runIfMain, writeOrCheck } from "./run-main";

const OUTPUT = fileURLToPath(new URL("../docs/configuration.md", import.meta.url));

/** A configuration using every kind of key, shown in the document (and checked against the schema by the test). */
const EXAMPLE: CaretakerConfigInput = {
  region: "eu-west-1",
  clusters: { discover: true, exclude: ["sandbox"] },
  autoScalingGroups: { names: ["gpu-workers"], discover: true, exclude: ["batch-spot"] },
  hook: { heartbeatTimeoutSeconds: 300, defaultResult: "CONTINUE" },
  rebalance: "cordon-only",
  drain: {
    options: { concurrency: 20 },
    lifecycle: { deadlineSeconds: 3600, onDeadline: "stop", failurePolicy: "leave" },
    spotInterruption: { deadlineSeconds: 100, onDeadline: "force-delete" },
  },
  gc: {
    schedule: "cron(0 3 * * ? *)",
    enabled: true,
    repositories: { include: ["shop/*"], exclude: ["shop/release-*"] },
    rules: { keepNewest: 20, minAgeDays: 14, protectedTags: ["latest", "stable"] },
    caps: { perRun: 1000, perRepository: 200, maxFraction: 0.5 },
  },
  drift: { schedule: "cron(0 5 * * ? *)", digestPeriodDays: 7, alertWindowDays: 90, eksStrict: "warning" },
  notifications: { emails: ["oncall@example.com"] },
  vpc: { subnetIds: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"], securityGroupIds: ["sg-0123456789abcdef0"] },
};

interface Node {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, Node>;
  required?: string[];
  items?: Node;
  anyOf?: Node[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  minItems?: number;
  maxItems?: number;
  additionalProperties?: boolean | Node;
}

interface Row {
  key: string;
  type: string;
  default: string;
  description: string;
}

/** zod states the safe-integer range on every integer; it says nothing a reader needs. */
const SAFE = Number.MAX_SAFE_INTEGER;

function range(node: Node): string {
  const min = node.exclusiveMinimum !== undefined ? `above ${node.exclusiveMinimum}` : node.minimum !== undefined && node.minimum > -SAFE ? String(node.minimum) : undefined;
  const max = node.maximum !== undefined && node.maximum < SAFE ? String(node.maximum) : undefined;
  if (min && max) return node.exclusiveMinimum !== undefined ? `${min}, at most ${max}` : `${min} to ${max}`;
  if (min) return node.exclusiveMinimum !== undefined ? min : `${min} or more`;
  if (max) return `at most ${max}`;
  return "";
}

function typeOf(node: Node): string {
  if (node.anyOf) return node.anyOf.map(typeOf).join(", or ");
  if (node.const !== undefined) return JSON.stringify(node.const);
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(" | ");
  const type = Array.isArray(node.type) ? node.type.join(" or ") : node.type;
  if (type === "array") {
    const item = node.items ? typeOf(node.items) : "value";
    const items = /^[a-z-]+( address)?$/.test(item) ? `${item}${item.endsWith("s") ? "es" : "s"}` : item;
    const count = node.minItems !== undefined || node.maxItems !== undefined ? ` (${node.minItems ?? 0} to ${node.maxItems ?? "any"})` : "";
    return `list of ${items}${count}`;
  }
  if (type === "integer" || type === "number") {
    const bounds = range(node);
    return bounds ? `${type}, ${bounds}` : type;
  }
  if (type === "string" && node.format === "email") return "e-mail address";
  return type ?? "any";
}

/** Objects (and the object branch of a list-or-object union) whose keys are documented as rows of their own. */
function objectsOf(node: Node): Node[] {
  if (node.properties) return [node];
  return (node.anyOf ?? []).filter((branch) => branch.properties);
}

function defaultOf(node: Node, required: boolean): string {
  if (node.default !== undefined) {
    const isObject = typeof node.default === "object" && node.default !== null && !Array.isArray(node.default);
    return isObject && Object.keys(node.default as object).length === 0 ? "its keys' defaults" : `\`${JSON.stringify(node.default)}\``;
  }
  return required ? "required in its object" : "—";
}

/** JSON with objects one key a line and lists of plain values on one line, as people write configurations. */
function readableJson(value: unknown, indent = ""): string {
  if (Array.isArray(value) && value.every((item) => typeof item !== "object" || item === null)) return JSON.stringify(value).replace(/,/g, ", ");
  if (typeof value !== "object" || value === null) return JSON.stringify(value);
  const inner = `${indent}  `;
  const entries = Array.isArray(value) ? value.map((item) => `${inner}${readableJson(item, inner)}`) : Object.entries(value).map(([key, item]) => `${inner}${JSON.stringify(key)}: ${readableJson(item, inner)}`);
  const [open, close] = Array.isArray(value) ? ["[", "]"] : ["{", "}"];
  return entries.length === 0 ? `${open}${close}` : `${open}\n${entries.join(",\n")}\n${indent}${close}`;
}

function escape(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

function rows(node: Node, prefix: string): Row[] {
  return objectsOf(node).flatMap((object) =>
    Object.entries(object.properties ?? {}).flatMap(([key, child]) => {
      const path = `${prefix}${key}`;
      const row: Row = { key: path, type: typeOf(child), default: defaultOf(child, object.required?.includes(key) ?? false), description: child.description ?? "" };
      return [row, ...rows(child, `${path}.`)];
    }),
  );
}

function table(list: readonly Row[]): string[] {
  return ["| Key | Type | Default | Description |", "| --- | --- | --- | --- |", ...list.map((row) => `| \`${row.key}\` | ${escape(row.type)} | ${escape(row.default)} | ${escape(row.description)} |`)];
}

/** The whole document. */
function renderConfigurationDocs(): string {
  const schema = z.toJSONSchema(CaretakerConfigSchema, { io: "input" }) as Node;
  const top = Object.entries(schema.properties ?? {});
  const lines: string[] = [
    "# Configuration reference",
    "",
    "<!-- Generated by `npm run docs:config` from `@caretaker/core/config` (packages/core/src/config/schema.ts). Do not edit by hand. -->",
    "",
    `${schema.description ?? ""} It is read once, by \`sst deploy\`: every problem is reported at once, each with its JSON path, before any resource is created or changed; the functions get their parts (\`drain\`, \`gc\`, \`drift\`) as environment variables and read them with the same schemas.`,
    "",
    "```sh",
    "export CARETAKER_CONFIG='{ \"clusters\": [\"prod\"], \"notifications\": { \"emails\": [\"oncall@example.com\"] } }'",
    "npx sst deploy --stage prod",
    "```",
    "",
    "- **One stage per Region.** A stage deploys to one AWS Region and manages the clusters of that Region; set `region` so a stray `AWS_REGION` or profile cannot deploy the configuration somewhere else.",
    "- **Discovery happens at deploy time.** `clusters: { \"discover\": true }` and `autoScalingGroups.discover` are resolved by `sst deploy` (eks:ListClusters, eks:DescribeCluster, autoscaling:DescribeAutoScalingGroups with the deploy's credentials) into explicit lists, which get exactly what listed names get. Re-deploy after adding a cluster or a group. A failed lookup fails the deploy; the stack's outputs `managedClusters`, `managedAutoScalingGroups` and `discovery` say what was found and left out.",
    "- **E-mail addresses** are `notifications.emails`. The former `CARETAKER_ALERT_EMAILS` variable is refused with the line to put in the configuration instead (ignoring it would remove the existing subscriptions).",
    "- **Many Auto Scaling groups:** no limit from the drain's rule or IAM: the lifecycle rule matches the hook's name (`hook.name`), not the groups, and the drain's IAM allows completing lifecycle actions on any group tagged `caretaker:drain` = `<app>-<stage>`, which the deploy adds to each managed group (not propagated to instances). A group with Caretaker's hook but not that tag (a hook added by hand, an excluded group) is reported once by the drain and left to the hook's timeout. Each group keeps a tag and a hook of its own, so a group already at Auto Scaling's 50 tags cannot be managed.",
    "",
    "## Example",
    "",
    "```json",
    readableJson(EXAMPLE),
    "```",
    "",
    "## Keys",
    "",
    "| Key | Type | Default |",
    "| --- | --- | --- |",
    ...top.map(([key, node]) => `| [\`${key}\`](#${key.toLowerCase()}) | ${escape(typeOf(node))} | ${escape(defaultOf(node, false))} |`),
    "",
  ];
  for (const [key, node] of top) {
    lines.push(`### ${key}`, "", node.description ?? "", "", `Type: ${escape(typeOf(node))}. Default: ${defaultOf(node, false)}.`, "");
    const nested = rows(node, `${key}.`);
    if (nested.length > 0) lines.push(...table(nested), "");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

async function main(argv: readonly string[]): Promise<number> {
  caretakerConfig(EXAMPLE);
  return writeOrCheck({ [OUTPUT]: renderConfigurationDocs() }, argv, "docs:config");
}

runIfMain(import.meta.url, "docs:config", () => main(process.argv.slice(2)));

export { EXAMPLE, OUTPUT, renderConfigurationDocs };
