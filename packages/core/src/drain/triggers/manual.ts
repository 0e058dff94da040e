import { z } from "zod";
import { defined, INSTANCE_ID, requiredString } from "./fields";
import { invalidTrigger } from "./invalid-trigger-error";
import { check } from "./issues";
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
  /** Validated later by drainOptions(); here only its shape, so a list or a string is caught with the rest. */
  options: z.record(z.string(), z.unknown()).optional(),
  requestId: requiredString().optional(),
});

const MANUAL_FIELDS = Object.keys(ManualSchema.shape);

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
  const problems = [...targetProblems(request), ...(checked.ok ? [] : checked.problems)];
  if (!checked.ok || problems.length > 0) throw invalidTrigger("manual drain request", problems);
  const { cluster, node, instanceId, dryRun = false, options = {}, requestId } = checked.data;
  return { kind: "manual", dryRun, options, ...defined({ cluster, node, instanceId, requestId }) };
}

export { MANUAL_FIELDS, parseManualRequest };
