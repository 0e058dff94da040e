import type { DrainInfraConfigInput } from "./drain-config";
import type { DriftInfraConfigInput } from "./drift-config";
import type { GcInfraConfigInput } from "./image-gc-config";

/**
 * Caretaker's deploy-time configuration, read from the CARETAKER_CONFIG environment variable (JSON) by sst.config.ts.
 * Absent, it is empty: no clusters, so the drain deploys as a function with nothing routed to it, and the image GC
 * only plans; drift checks every cluster of the Region daily. Shapes are checked here, values by each capability's plan
 * (drain-plan.ts, image-gc-plan.ts, drift-plan.ts), all before any resource is created.
 *
 * ```json
 * { "clusters": ["prod"], "autoScalingGroups": ["prod-workers"], "hook": { "heartbeatTimeoutSeconds": 300 },
 *   "rebalance": "cordon-only", "functionTimeoutSeconds": 900, "drain": { "lifecycle": { "deadlineSeconds": 3600, "onDeadline": "stop" } },
 *   "gc": { "schedule": "cron(0 3 * * ? *)", "enabled": true, "rules": { "keepNewest": 20 }, "repositories": { "include": ["shop/*"] } },
 *   "drift": { "schedule": "cron(0 5 * * ? *)", "digestPeriodDays": 7, "eksStrict": "warning" } }
 * ```
 */
type CaretakerConfig = DrainInfraConfigInput & {
  /** Image GC: its settings (core's GcConfigInput) and `schedule`. The top-level `clusters` get its access entries too. */
  gc?: GcInfraConfigInput;
  /** Drift: its settings (core's DriftConfigInput), `schedule` and `events`. The top-level `clusters` get its access entries. */
  drift?: DriftInfraConfigInput;
};

const SHAPES: Record<keyof Required<CaretakerConfig>, "string[]" | "object" | "string" | "number"> = {
  clusters: "string[]",
  autoScalingGroups: "string[]",
  hook: "object",
  rebalance: "string",
  drain: "object",
  functionTimeoutSeconds: "number",
  visibilityTimeoutSeconds: "number",
  gc: "object",
  drift: "object",
};

function hasShape(value: unknown, shape: (typeof SHAPES)[keyof typeof SHAPES]): boolean {
  switch (shape) {
    case "string[]":
      return Array.isArray(value) && value.every((item) => typeof item === "string");
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    default:
      return typeof value === shape;
  }
}

function parseCaretakerConfig(text: string | undefined): CaretakerConfig {
  if (text === undefined || text.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`CARETAKER_CONFIG is not valid JSON: ${(error as Error).message}`);
  }
  if (!hasShape(parsed, "object")) throw new Error("CARETAKER_CONFIG must be a JSON object");
  const problems: string[] = [];
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const shape = SHAPES[key as keyof typeof SHAPES];
    // Unknown keys are refused, not ignored: a misspelt "autoscalingGroups" must not deploy a drain with no hooks.
    if (!shape) problems.push(`unknown key "${key}" (known: ${Object.keys(SHAPES).join(", ")})`);
    else if (!hasShape(value, shape)) problems.push(`"${key}" must be ${shape === "string[]" ? "an array of strings" : `a ${shape}`}`);
  }
  if (problems.length > 0) throw new Error(`CARETAKER_CONFIG: ${problems.join("; ")}`);
  return parsed as CaretakerConfig;
}

export { parseCaretakerConfig };
export type { CaretakerConfig };
