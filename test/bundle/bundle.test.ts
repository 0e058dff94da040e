import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildFunction, bundleProblems, type FunctionBundle, listFunctions, ROOT, SIZE_BUDGET_BYTES, sandboxInputs } from "../../.ci/build";

/**
 * Imports a module with Node's own ESM loader, as the Lambda runtime does. A plain `import()` here would go through
 * Vitest's module runner, which evaluates the bundle with CommonJS globals (`require`, `__dirname`, …) injected and
 * so hides exactly the "Dynamic require of X is not supported" failures this file exists to catch. Vitest leaves
 * `data:` modules to Node, and an `import()` inside one is native.
 */
const NATIVE_IMPORT = "data:text/javascript,export default (url) => import(url)";
async function nativeImport(file: string): Promise<Record<string, unknown>> {
  const { default: load } = (await import(/* @vite-ignore */ NATIVE_IMPORT)) as { default: (url: string) => Promise<Record<string, unknown>> };
  return load(pathToFileURL(file).href);
}

/** Harmless values for the CARETAKER_* settings a bundle reads, so module initialisation never needs real ones. */
function harmlessValue(name: string): string {
  if (name.endsWith("_ARN")) return "arn:aws:sns:eu-west-1:123456789012:caretaker-bundle-test";
  if (name.endsWith("_URL")) return "http://127.0.0.1:9";
  return "caretaker-bundle-test";
}

const functions = listFunctions();
let outRoot: string;

beforeAll(async () => {
  outRoot = await mkdtemp(join(tmpdir(), "caretaker-bundle-"));
});

afterAll(async () => {
  await rm(outRoot, { recursive: true, force: true });
});

describe("function bundles (SST v4 esbuild flags)", { timeout: 60_000 }, () => {
  it("finds at least one handler module in functions/", () => {
    // Assess
    expect(functions.length).toBeGreaterThan(0);
  });

  describe.each(functions.map((entry) => [basename(entry, ".ts"), entry] as const))("%s", (name, entry) => {
    let bundle: FunctionBundle;

    beforeAll(async () => {
      bundle = await buildFunction(entry, { outdir: join(outRoot, name) });
    });

    it(`stays within the ${SIZE_BUDGET_BYTES / 1024 / 1024} MB budget`, () => {
      // Assess
      expect(bundle.bytes).toBeGreaterThan(0);
      expect(bundle.bytes, bundleProblems(bundle).join("\n")).toBeLessThanOrEqual(SIZE_BUDGET_BYTES);
    });

    it("contains nothing from the sandbox", () => {
      // Assess
      expect(sandboxInputs(bundle)).toEqual([]);
      expect(bundleProblems(bundle)).toEqual([]);
    });

    it("loads with Node's ESM loader outside the repository and exports a handler function", async () => {
      // Prepare
      const code = await readFile(bundle.outfile, "utf8");
      vi.stubEnv("AWS_REGION", "eu-west-1");
      for (const variable of new Set(code.match(/\bCARETAKER_[A-Z0-9_]+\b/g) ?? [])) vi.stubEnv(variable, harmlessValue(variable));

      // Act
      const module = await nativeImport(bundle.outfile);

      // Assess
      expect(typeof module.handler).toBe("function");
    });
  });
});

describe("bundle guards", { timeout: 60_000 }, () => {
  let bundle: FunctionBundle;

  beforeAll(async () => {
    // A handler written outside the repository; the repository's node_modules resolve the workspace packages.
    const dir = await mkdtemp(join(outRoot, "sandbox-entry-"));
    const entry = join(dir, "leaky.ts");
    await writeFile(
      entry,
      [
        `import { createServerTls } from "@caretaker/sandbox/kube/tls";`,
        `export const handler = async () => (await createServerTls("demo")).caPem;`,
      ].join("\n"),
    );
    bundle = await buildFunction(entry, { outdir: join(dir, "out"), nodePaths: [join(ROOT, "node_modules")] });
  });

  it("reports a function that imports @caretaker/sandbox", () => {
    // Assess
    expect(sandboxInputs(bundle)).toContain("packages/sandbox/src/kube/tls.ts");
    const problems = bundleProblems(bundle);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/leaky: bundle contains @caretaker\/sandbox .*packages\/sandbox\/src\/kube\/tls\.ts/);
  });

  it("reports a bundle over the size budget", () => {
    // Act
    const problems = bundleProblems(bundle, 1024);

    // Assess
    expect(problems).toContainEqual(expect.stringMatching(/^leaky: bundle is [\d.]+ KB, over the 1\.0 KB budget \(largest: /));
  });
});
