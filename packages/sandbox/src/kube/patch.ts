import fastJsonPatch, { type Operation } from "fast-json-patch";
import { errors } from "./status";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: unknown): value is JsonObject => typeof value === "object" && value !== null && !Array.isArray(value);

/** RFC 7386 JSON merge patch: objects merge recursively, `null` deletes, everything else (arrays too) replaces. */
function mergePatch(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  const result: JsonObject = isObject(target) ? structuredClone(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key] ?? null, value);
  }
  return result;
}

/**
 * Merge keys of the list fields the simulator's kinds carry (`patchMergeKey` in k8s.io/api). Lists not named here
 * have no patch strategy and are replaced, as for `tolerations` and node `taints`.
 */
const MERGE_KEYS: Record<string, string> = {
  containers: "name",
  initContainers: "name",
  ephemeralContainers: "name",
  env: "name",
  ports: "containerPort",
  volumeMounts: "mountPath",
  volumes: "name",
  imagePullSecrets: "name",
  conditions: "type",
  addresses: "type",
  ownerReferences: "uid",
};
/** Primitive lists with `patchStrategy: merge` (set union). */
const MERGE_PRIMITIVE_LISTS = new Set(["finalizers"]);

function strategicList(field: string, target: Json[] | undefined, patch: Json[]): Json[] {
  const mergeKey = MERGE_KEYS[field];
  if (MERGE_PRIMITIVE_LISTS.has(field)) {
    const result = [...(target ?? [])];
    for (const item of patch) if (!result.some((existing) => JSON.stringify(existing) === JSON.stringify(item))) result.push(item);
    return result;
  }
  if (!mergeKey) return structuredClone(patch.filter((item) => !(isObject(item) && item.$patch !== undefined)));
  if (patch.some((item) => isObject(item) && item.$patch === "replace")) {
    return structuredClone(patch.filter((item) => !(isObject(item) && item.$patch === "replace")));
  }
  const result = structuredClone(target ?? []);
  for (const item of patch) {
    if (!isObject(item)) throw errors.badRequest(`unable to find api field in struct for the list ${field}: items must be objects`);
    const keyValue = item[mergeKey];
    const index = result.findIndex((existing) => isObject(existing) && existing[mergeKey] === keyValue);
    if (item.$patch === "delete") {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = strategicMerge(result[index] ?? null, item);
    else result.push(strategicMerge(null, item));
  }
  return result;
}

/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for the fields this simulator models: maps merge,
 * `null` deletes, lists merge by their patch merge key or are replaced, and the directives `$patch`, `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>` are honoured (the last only as a no-op order hint).
 */
function strategicMerge(target: Json, patch: Json): Json {
  if (!isObject(patch)) return structuredClone(patch);
  if (patch.$patch === "replace") {
    const { $patch: _ignored, ...rest } = patch;
    return structuredClone(rest);
  }
  if (patch.$patch === "delete") return null;
  let result: JsonObject = isObject(target) ? structuredClone(target) : {};
  const retain = patch.$retainKeys;
  for (const [field, value] of Object.entries(patch)) {
    if (field === "$retainKeys" || field === "$patch" || field.startsWith("$setElementOrder/")) continue;
    if (field.startsWith("$deleteFromPrimitiveList/")) {
      const list = field.slice("$deleteFromPrimitiveList/".length);
      const remove = new Set((Array.isArray(value) ? value : []).map((item) => JSON.stringify(item)));
      const current = result[list];
      if (Array.isArray(current)) result[list] = current.filter((item) => !remove.has(JSON.stringify(item)));
      continue;
    }
    if (value === null) {
      delete result[field];
    } else if (Array.isArray(value)) {
      const current = result[field];
      result[field] = strategicList(field, Array.isArray(current) ? current : undefined, value);
    } else {
      result[field] = strategicMerge(result[field] ?? null, value);
    }
  }
  if (Array.isArray(retain)) {
    const keep = new Set(retain.map(String));
    result = Object.fromEntries(Object.entries(result).filter(([field]) => keep.has(field)));
  }
  return result;
}

/** RFC 6902 JSON patch; failed `test` operations and bad paths answer 422 like the API server. */
function jsonPatch(target: Json, operations: unknown, kind: string, name: string): Json {
  if (!Array.isArray(operations)) throw errors.badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  try {
    return fastJsonPatch.applyPatch(structuredClone(target), operations as Operation[], true, false).newDocument as Json;
  } catch (error) {
    throw errors.invalid(kind, "", name, [{ field: "", message: `the server rejected our request due to an error in our request: ${(error as Error).message.split("\n")[0]}` }]);
  }
}

type PatchType = "json" | "merge" | "strategic";

/** Content types the API server accepts for PATCH, mapped to how to apply them. */
function patchTypeOf(contentType: string | undefined): PatchType {
  const base = (contentType ?? "").split(";")[0]?.trim();
  if (base === "application/json-patch+json") return "json";
  if (base === "application/merge-patch+json") return "merge";
  if (base === "application/strategic-merge-patch+json") return "strategic";
  throw errors.unsupportedMediaType(base ?? "");
}

function applyPatch(type: PatchType, target: Json, patch: unknown, kind: string, name: string): Json {
  if (type === "json") return jsonPatch(target, patch, kind, name);
  if (!isObject(patch)) throw errors.badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`);
  return type === "merge" ? mergePatch(target, patch) : strategicMerge(target, patch);
}

export { applyPatch, mergePatch, patchTypeOf, strategicMerge };
export type { Json, JsonObject, PatchType };
