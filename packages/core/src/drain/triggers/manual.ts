import { z } from "zod";
import { DrainOptionsSchema } from "../options";
import { defined, INSTANCE_ID, requiredString } from "./fields";
import { invalidTrigger } from "./invalid-trigger-error";
import { check, describeValue } from "./issues";
import type { DrainTrigger } from "./types";

/** Kubernetes' IsDNS1123Subdomain, which node names must satisfy. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** EKS CreateCluster's name constraint: 1–100 characters. */
const EKS_CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]*$/;

/** Strict: a misspelt field ("instanceID", "dry_run") must fail loudly, not drain with defaults. */
const ManualSchema = z.strictObject({
  cluster: z
    .string()
    .max(100, "must be at most 100 characters (EKS cluster names are)")
    .regex(EKS_CLUSTER_NAME, "must be an EKS cluster name: letters, digits, '-' and '_', starting with a letter or digit")
    .optional(),
  node: z
    .string()
    .max(253, "must be at most 253 characters (a Kubernetes node name)")
    .regex(DNS1123_SUBDOMAIN, "must be a Kubernetes node name: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit")
    .optional(),
  instanceId: z.string().regex(INSTANCE_ID, 'must be an EC2 instance id such as "i-0123456789abcdef0" ("i-" and 8 or 17 hex digits)').optional(),
  dryRun: z.boolean().optional(),
  /**
   * Checked against DrainOptionsSchema in parseManualRequest (so a bad value is refused before anything is done), but
   * passed on as given: drainOptions() merges them over the configured options and applies the defaults.
   */
  options: z.record(z.string(), z.unknown()).optional(),
  requestId: requiredString().optional(),
});

const MANUAL_FIELDS = Object.keys(ManualSchema.shape);
const OPTION_FIELDS = Object.keys(DrainOptionsSchema.shape);

/** Whether the node or the instance is named, exactly once, judged on the raw input so it is reported with the rest. */
function targetProblems(request: Record<string, unknown>): string[] {
  const hasNode = request.node !== undefined;
  const hasInstance = request.instanceId !== undefined;
  if (hasNode && hasInstance) return ["node, instanceId: give one of them, not both"];
  if (!hasNode && !hasInstance) return ["node, instanceId: one is required: the Kubernetes node name or the EC2 instance id"];
  return [];
}

/** A drain someone asked for: `{ cluster?, node | instanceId, dryRun?, options?, requestId? }`. */
function parseManualRequest(request: Record<string, unknown>): DrainTrigger {
  const checked = check(ManualSchema, request, { allowedKeys: MANUAL_FIELDS });
  // The options' values too, when they are an object at all (otherwise the shape check above says so).
  const { options: given } = request;
  const optionsChecked = typeof given === "object" && given !== null && !Array.isArray(given) ? check(DrainOptionsSchema, given, { prefix: "options", allowedKeys: OPTION_FIELDS }) : undefined;
  const problems = [...targetProblems(request), ...(checked.ok ? [] : checked.problems), ...(optionsChecked && !optionsChecked.ok ? optionsChecked.problems : [])];
  if (!checked.ok || problems.length > 0) throw invalidTrigger("manual drain request", problems);
  const { cluster, node, instanceId, dryRun = false, options = {}, requestId } = checked.data;
  return { kind: "manual", dryRun, options, ...defined({ cluster, node, instanceId, requestId }) };
}

/**
 * Only a manual request (what a person may invoke the drain function with: `caretaker invoke drain`), checked exactly
 * as the function checks it; AWS events and messages are refused here.
 */
function parseManualDrainRequest(input: unknown): DrainTrigger {
  if (typeof input !== "object" || input === null || Array.isArray(input)) throw invalidTrigger("manual drain request", [`(input): must be an object, not ${describeValue(input)}`]);
  return parseManualRequest(input as Record<string, unknown>);
}

export { MANUAL_FIELDS, parseManualDrainRequest, parseManualRequest };
