import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";

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

export { runIfMain };
