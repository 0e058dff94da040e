/**
 * Bundles every Lambda handler in `functions/*.ts` the way SST v4 does (`pkg/runtime/node/build.go`, ESM branch,
 * deployed build), writes `.build/functions/<name>/bundle.mjs` and fails when a bundle contains the sandbox or
 * exceeds the size budget. `test/bundle/bundle.test.ts` reuses `buildFunction` and `bundleProblems`.
 *
 * Run with `npm run build`.
 */
import { build, formatMessages, type BuildOptions, type Message, type Metafile } from "esbuild";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { runIfMain } from "./run-main";

/** Repository root (the parent of `.ci/`); also esbuild's working directory, so metafile paths are relative to it. */
export const ROOT = realpathSync(fileURLToPath(new URL("..", import.meta.url)));
export const FUNCTIONS_DIR = join(ROOT, "functions");
export const BUILD_DIR = join(ROOT, ".build", "functions");

/**
 * Budget for one minified bundle. `@kubernetes/client-node` 2.x alone is ~2 MB minified (undici ~740 KB), the AWS SDK
 * clients and Powertools add a few hundred KB each; 6 MB leaves room for growth while catching an accidental
 * whole-SDK or test-only import long before Lambda's 50 MB zipped / 250 MB unzipped limits.
 */
export const SIZE_BUDGET_BYTES = 6 * 1024 * 1024;

/** Lambda runtime of every Caretaker function, and the esbuild target SST derives from it (`targetMap`). */
export const RUNTIME = "nodejs24.x";
export const TARGET = "es2024";

/** SST's `forceExternal`: the only packages SST never bundles. The AWS SDK is bundled. */
export const FORCE_EXTERNAL = ["sharp", "pg-native"];

/**
 * SST's ESM banner, verbatim (lines joined with "\n", followed by the user's `nodejs.banner`, empty here). It gives
 * CommonJS dependencies a real `require` (esbuild's `__require` shim otherwise throws "Dynamic require of X is not
 * supported") and the `__filename`/`__dirname` they expect.
 */
export const SST_ESM_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
  "",
].join("\n");

/** The part of the package that must never reach a function bundle. */
const SANDBOX_DIR = join(ROOT, "packages", "sandbox") + sep;
const SANDBOX_PACKAGE = "@caretaker/sandbox";

export interface PackageWeight {
  /** npm package name, `@caretaker/<workspace>` for workspace packages, `functions/` for handler code. */
  name: string;
  /** Minified bytes this package contributes to the bundle. */
  bytes: number;
}

export interface FunctionBundle {
  /** Function name: the entry's file name without extension. */
  name: string;
  entry: string;
  outfile: string;
  /** Size of the minified bundle.mjs. */
  bytes: number;
  gzipBytes: number;
  /** Every input esbuild read (path relative to ROOT) → bytes it contributes to the output (0 when tree-shaken). */
  inputs: Record<string, number>;
  /** Inputs aggregated by package, largest first. */
  packages: PackageWeight[];
  warnings: Message[];
}

export interface BuildFunctionOptions {
  /** Directory for bundle.mjs; defaults to `.build/functions/<name>`. */
  outdir?: string;
  /** Extra module directories (esbuild `nodePaths`), e.g. for an entry written outside the repository. */
  nodePaths?: string[];
}

/** `functions/*.ts`: top-level handler modules only (no declarations, no tests), sorted. */
export function listFunctions(dir: string = FUNCTIONS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isFile() && d.name.endsWith(".ts") && !d.name.endsWith(".d.ts") && !/\.(test|spec)\.ts$/.test(d.name))
    .map((d) => join(dir, d.name))
    .sort();
}

/** esbuild options equivalent to SST's deployed ESM build for `entry`. */
export function sstBuildOptions(entry: string, outfile: string, nodePaths?: string[]): BuildOptions {
  return {
    entryPoints: [entry],
    absWorkingDir: ROOT,
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: TARGET,
    mainFields: ["module", "main"],
    external: [...FORCE_EXTERNAL],
    keepNames: true,
    minify: true,
    metafile: true,
    splitting: false,
    banner: { js: SST_ESM_BANNER },
    write: true,
    logLevel: "silent",
    ...(nodePaths ? { nodePaths } : {}),
  };
}

/** Bundles one handler module; throws esbuild's error (with locations) when the build fails. */
export async function buildFunction(entry: string, options: BuildFunctionOptions = {}): Promise<FunctionBundle> {
  const absEntry = resolve(ROOT, entry);
  const name = basename(absEntry, extname(absEntry));
  const outfile = join(resolve(ROOT, options.outdir ?? join(BUILD_DIR, name)), "bundle.mjs");
  await mkdir(dirname(outfile), { recursive: true });

  const result = await build(sstBuildOptions(absEntry, outfile, options.nodePaths));
  const contents = await readFile(outfile);
  const inputs = inputBytes(result.metafile!, outfile);
  return {
    name,
    entry: absEntry,
    outfile,
    bytes: contents.byteLength,
    gzipBytes: gzipSync(contents).byteLength,
    inputs,
    packages: packageWeights(inputs),
    warnings: result.warnings,
  };
}

function inputBytes(metafile: Metafile, outfile: string): Record<string, number> {
  const inputs: Record<string, number> = {};
  for (const path of Object.keys(metafile.inputs)) inputs[path] = 0;
  const outputKey = relative(ROOT, outfile).split(sep).join("/");
  const output = metafile.outputs[outputKey] ?? Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  for (const [path, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) inputs[path] = bytesInOutput;
  return inputs;
}

/** The package an input path belongs to. */
export function packageOf(input: string): string {
  const path = input.split("\\").join("/");
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const [scopeOrName = path, name] = path.slice(nm + "node_modules/".length).split("/");
    return scopeOrName.startsWith("@") && name ? `${scopeOrName}/${name}` : scopeOrName;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(path);
  if (workspace) return `@caretaker/${workspace[1]}`;
  if (path.startsWith("functions/")) return "functions/";
  return path;
}

export function packageWeights(inputs: Record<string, number>): PackageWeight[] {
  const byPackage = new Map<string, number>();
  for (const [path, bytes] of Object.entries(inputs)) byPackage.set(packageOf(path), (byPackage.get(packageOf(path)) ?? 0) + bytes);
  return [...byPackage].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** Inputs that come from the sandbox package (through the workspace symlink or its real path), tree-shaken or not. */
export function sandboxInputs(bundle: Pick<FunctionBundle, "inputs">): string[] {
  return Object.keys(bundle.inputs).filter((input) => {
    const path = input.split("\\").join("/");
    const file = path.replace(/^[a-z-]+:/, ""); // esbuild namespaces, e.g. "(disabled):"
    return (
      resolve(ROOT, file).startsWith(SANDBOX_DIR) ||
      path.includes(`node_modules/${SANDBOX_PACKAGE}/`) ||
      /(?:^|\/)packages\/sandbox\//.test(path)
    );
  });
}

/** Everything that makes a bundle unacceptable for deployment; empty when it is fine. */
export function bundleProblems(bundle: FunctionBundle, budgetBytes: number = SIZE_BUDGET_BYTES): string[] {
  const problems: string[] = [];
  const sandbox = sandboxInputs(bundle);
  if (sandbox.length > 0) {
    const shown = sandbox.slice(0, 5).join(", ") + (sandbox.length > 5 ? `, … (${sandbox.length} in all)` : "");
    problems.push(
      `${bundle.name}: bundle contains ${SANDBOX_PACKAGE} (packages/sandbox), which is test/demo code and must never ship in a function: ${shown}. ` +
        `Remove the import (directly or through another module) from ${relative(ROOT, bundle.entry)}.`,
    );
  }
  if (bundle.bytes > budgetBytes) {
    const top = bundle.packages.slice(0, 3).map((p) => `${p.name} ${kb(p.bytes)}`).join(", ");
    problems.push(`${bundle.name}: bundle is ${kb(bundle.bytes)}, over the ${kb(budgetBytes)} budget (largest: ${top}).`);
  }
  return problems;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function describeBundle(bundle: FunctionBundle): string {
  const top = bundle.packages
    .filter((p) => p.bytes > 0)
    .slice(0, 3)
    .map((p) => `${p.name} ${kb(p.bytes)}`)
    .join(", ");
  return `${bundle.name}: ${relative(ROOT, bundle.outfile)} ${kb(bundle.bytes)} (gzip ${kb(bundle.gzipBytes)}); largest: ${top}`;
}

async function main(): Promise<number> {
  const entries = listFunctions();
  if (entries.length === 0) {
    console.error(`build: no functions found: expected Lambda handler modules at ${relative(ROOT, FUNCTIONS_DIR)}/*.ts`);
    return 1;
  }
  await rm(BUILD_DIR, { recursive: true, force: true });

  const problems: string[] = [];
  for (const entry of entries) {
    let bundle: FunctionBundle;
    try {
      bundle = await buildFunction(entry);
    } catch (error) {
      problems.push(`${relative(ROOT, entry)}: esbuild failed: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    console.log(describeBundle(bundle));
    if (bundle.warnings.length > 0) {
      const text = await formatMessages(bundle.warnings, { kind: "warning", color: false });
      console.warn(`${bundle.name}: ${bundle.warnings.length} esbuild warning(s):\n${text.join("")}`);
    }
    problems.push(...bundleProblems(bundle));
  }

  if (problems.length > 0) {
    console.error(`\nbuild failed:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    return 1;
  }
  console.log(`built ${entries.length} function(s) for ${RUNTIME} (${TARGET}), budget ${kb(SIZE_BUDGET_BYTES)} each`);
  return 0;
}

runIfMain(import.meta.url, "build", main);
