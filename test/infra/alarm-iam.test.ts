import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { alarmStatements } from "../../infra/alarm-iam";

const ROOT = new URL("../../", import.meta.url);
/** IAM service prefix of each AWS SDK v3 client package; a client missing here fails the test until it is added. */
const IAM_PREFIX: Record<string, string> = { sns: "sns" };

/** The repository file an import names, or undefined for a package outside the repository. */
function resolveImport(from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith(".")) base = new URL(specifier, new URL(from, ROOT)).pathname.slice(ROOT.pathname.length);
  else if (specifier.startsWith("@caretaker/core/")) base = `packages/core/src/${specifier.slice("@caretaker/core/".length)}`;
  else return undefined;
  const candidate = [`${base}.ts`, `${base}/index.ts`, base].find((path) => path.endsWith(".ts") && existsSync(new URL(path, ROOT)));
  if (!candidate) throw new Error(`${from}: cannot resolve ${specifier}`);
  return candidate;
}

/**
 * Every repository module the alarm function loads, from functions/alarm.ts along its imports (type-only imports
 * included: they cost nothing and keep the scan simple), and the SDK commands they import as values.
 */
function codeOfTheFunction(entry: string) {
  const files = new Set<string>();
  const actions = new Map<string, string>();
  const pending = [entry];
  const importStatement = /(?:import|export)\s+(type\s+)?(?:\{([^}]*)\}|\*\s+as\s+\w+|\w+)?\s*(?:from\s+)?"([^"]+)"/g;
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const text = readFileSync(new URL(file, ROOT), "utf8");
    for (const [, typeOnly, names = "", specifier = ""] of text.matchAll(importStatement)) {
      const client = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(specifier)?.[1];
      if (client && !typeOnly) {
        for (const raw of names.split(",")) {
          const name = raw.trim();
          if (name.startsWith("type ") || !/^[A-Z]\w*Command$/.test(name)) continue;
          const prefix = IAM_PREFIX[client];
          if (!prefix) throw new Error(`${file} uses @aws-sdk/client-${client}: the alarm function would need its IAM (add it to IAM_PREFIX)`);
          actions.set(`${prefix}:${name.slice(0, -"Command".length)}`, file);
        }
      }
      const next = resolveImport(file, specifier);
      if (next) pending.push(next);
    }
  }
  return { files: [...files].sort(), actions };
}

const TOPIC = "arn:aws:sns:eu-west-1:123456789012:Alerts";

describe("alarm function IAM", () => {
  const code = codeOfTheFunction("functions/alarm.ts");

  it("follows the function's imports into core's notifier (a broken scan must not pass vacuously)", () => {
    expect(code.files).toEqual(expect.arrayContaining(["functions/alarm.ts", "functions/lib/notifier.ts", "packages/core/src/alarms/index.ts", "packages/core/src/notify/notifier.ts"]));
    expect([...code.actions.keys()]).toEqual(["sns:Publish"]);
  });

  it("grants exactly the calls the code makes, on the alerts topic only", () => {
    expect(alarmStatements({ topic: TOPIC })).toEqual([{ sid: "Notify", actions: [...code.actions.keys()], resources: [TOPIC] }]);
  });

  it("loads nothing that reaches EKS, Kubernetes or the drain's clients, so it does not fail with them", () => {
    expect(code.files.filter((file) => /functions\/lib\/(clients|drain-deps|gc-deps|drift-deps)\.ts|core\/src\/(eks|drain|drift|image-gc)\//.test(file))).toEqual([]);
  });

  it("gives the fallback workflow nothing but publishing to the topic", () => {
    expect(alarmStatements({ topic: TOPIC })).toEqual([{ sid: "Notify", actions: ["sns:Publish"], resources: [TOPIC] }]);
  });
});
