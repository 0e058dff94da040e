import { realpathSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root, that stale files are named relative to. */
const ROOT = fileURLToPath(new URL("../", import.meta.url));

/**
 * Runs `main` when the module at `moduleUrl` is the script node (or tsx) was started with, not when a test imports it;
 * its result becomes the exit code, and an unexpected failure is reported under `label` with exit code 1.
 */
function runIfMain(moduleUrl: string, label: string, main: () => Promise<number>): void {
  const script = process.argv[1];
  let isMain = false;
  try {
    isMain = script !== undefined && realpathSync(script) === realpathSync(fileURLToPath(moduleUrl));
  } catch {
    isMain = false;
  }
  if (!isMain) return;
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`${label}: unexpected failure:`, error);
      process.exitCode = 1;
    },
  );
}

/**
 * What a generator script does with what it rendered (absolute path → text): with `--check` in `argv`, compares each
 * file and returns 1 naming the stale ones (`npm run <command>` rewrites them), else 0; without, writes each file.
 */
async function writeOrCheck(files: Record<string, string>, argv: readonly string[], command: string): Promise<number> {
  const stale: string[] = [];
  for (const [path, text] of Object.entries(files)) {
    if (argv.includes("--check")) {
      if ((await readFile(path, "utf8").catch(() => "")) !== text) stale.push(relative(ROOT, path));
    } else {
      await writeFile(path, text);
      console.log(`wrote ${path}`);
    }
  }
  if (stale.length === 0) return 0;
  // A one-file generator says "<file> is stale"; a many-file one lists its stale files.
  console.error(`${Object.keys(files).length === 1 ? `${stale.join(", ")} is` : stale.join(", ")} stale: run npm run ${command}`);
  return 1;
}

export { runIfMain, writeOrCheck };
