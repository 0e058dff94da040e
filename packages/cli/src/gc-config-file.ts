import { readFileSync } from "node:fs";
import type { GcConfigInput } from "@caretaker/core/image-gc/run";

/**
 * Reads `--config FILE`: the GC settings as JSON (core's GcConfigInput, i.e. the `gc` object of CARETAKER_CONFIG; its
 * `schedule` is the deployment's business and is ignored here). Returns the settings, or why they cannot be read.
 */
function readGcConfigFile(file: string): { input: GcConfigInput } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    return { problem: `cannot read --config ${file}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { problem: `--config ${file} is not valid JSON: ${(error as Error).message}` };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return { problem: `--config ${file} must hold a JSON object (the image GC settings)` };
  const { schedule: _schedule, ...input } = parsed as Record<string, unknown>;
  return { input: input as GcConfigInput };
}

export { readGcConfigFile };
