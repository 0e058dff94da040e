import { RbacAuthorizationV1Api, type V1ClusterRole, type V1ClusterRoleBinding } from "@kubernetes/client-node";
import type { ClusterConnection } from "../eks/connection";
import { ClusterAccessError } from "../eks/errors";
import type { PolicyRule, RbacObject } from "./rbac";

/** What applying one shipped object did (or, in a dry run, would do). */
type ApplyOutcome = "created" | "updated" | "recreated" | "unchanged";

interface AppliedObject {
  kind: RbacObject["kind"];
  name: string;
  outcome: ApplyOutcome;
  /** What differed, readable: "adds pods delete", "removes subject User ops", "adds label app.kubernetes.io/name". */
  changes: string[];
}

type StoredObject = (V1ClusterRole | V1ClusterRoleBinding) & { metadata?: V1ClusterRole["metadata"] };

const MAX_CONFLICT_RETRIES = 3;

function isStatus(error: unknown, status: number): boolean {
  return error instanceof ClusterAccessError && error.status === status;
}

/** A rule as `verb resource(.group)` pairs, so rules written differently but granting the same compare equal. */
function grants(rules: readonly (PolicyRule & { resourceNames?: string[]; nonResourceURLs?: string[] })[] | undefined): Set<string> {
  const result = new Set<string>();
  for (const rule of rules ?? []) {
    const names = rule.resourceNames?.length ? ` [${[...rule.resourceNames].sort().join(",")}]` : "";
    for (const verb of rule.verbs ?? []) {
      for (const url of rule.nonResourceURLs ?? []) result.add(`${verb} ${url}`);
      for (const group of rule.apiGroups ?? []) for (const resource of rule.resources ?? []) result.add(`${verb} ${resource}${group ? `.${group}` : ""}${names}`);
    }
  }
  return result;
}

function subjectKey(subject: { kind?: string; name?: string; namespace?: string }): string {
  return `${subject.kind} ${subject.namespace ? `${subject.namespace}/` : ""}${subject.name}`;
}

/** The differences between what is stored and what Caretaker ships, as sentences; empty when they agree. */
function differences(stored: StoredObject, desired: RbacObject): { changes: string[]; roleRefChanged: boolean } {
  const changes: string[] = [];
  const labels = stored.metadata?.labels ?? {};
  for (const [key, value] of Object.entries(desired.metadata.labels)) {
    if (labels[key] !== value) changes.push(`${key in labels ? "sets" : "adds"} label ${key}=${value}`);
  }
  let roleRefChanged = false;
  if (desired.kind === "ClusterRole") {
    const role = stored as V1ClusterRole;
    const [have, want] = [grants(role.rules as never), grants(desired.rules)];
    for (const grant of [...want].filter((g) => !have.has(g)).sort()) changes.push(`adds ${grant}`);
    for (const grant of [...have].filter((g) => !want.has(g)).sort()) changes.push(`removes ${grant}`);
    if (role.aggregationRule) changes.push("removes aggregationRule (its controller would overwrite the rules)");
  } else {
    const binding = stored as V1ClusterRoleBinding;
    const ref = binding.roleRef;
    if (ref?.apiGroup !== desired.roleRef?.apiGroup || ref?.kind !== desired.roleRef?.kind || ref?.name !== desired.roleRef?.name) {
      roleRefChanged = true;
      changes.push(`roleRef ${ref?.kind}/${ref?.name} → ${desired.roleRef?.kind}/${desired.roleRef?.name} (immutable: the binding is re-created)`);
    }
    const [have, want] = [new Set((binding.subjects ?? []).map(subjectKey)), new Set((desired.subjects ?? []).map(subjectKey))];
    for (const subject of [...want].filter((s) => !have.has(s))) changes.push(`adds subject ${subject}`);
    for (const subject of [...have].filter((s) => !want.has(s))) changes.push(`removes subject ${subject}`);
  }
  return { changes, roleRefChanged };
}

/**
 * The object to PUT: Caretaker's rules/roleRef/subjects and labels over what is stored, keeping everything else the
 * object carries for others (other labels and annotations, owner references, finalizers) and its resourceVersion,
 * so a concurrent change is a 409 instead of being overwritten. managedFields are left out: the server keeps them.
 */
function replacement(stored: StoredObject, desired: RbacObject): StoredObject {
  const { managedFields: _managed, ...metadata } = stored.metadata ?? {};
  const merged = { ...metadata, name: desired.metadata.name, labels: { ...metadata.labels, ...desired.metadata.labels } };
  if (desired.kind === "ClusterRole") return { apiVersion: desired.apiVersion, kind: desired.kind, metadata: merged, rules: desired.rules } as V1ClusterRole;
  return { apiVersion: desired.apiVersion, kind: desired.kind, metadata: merged, roleRef: desired.roleRef, subjects: desired.subjects } as V1ClusterRoleBinding;
}

function rbacApi(connection: ClusterConnection) {
  const api = connection.api(RbacAuthorizationV1Api);
  const dry = (dryRun: boolean) => (dryRun ? { dryRun: "All" } : {});
  return {
    read: (object: RbacObject) =>
      object.kind === "ClusterRole"
        ? connection.call(`read ClusterRole ${object.metadata.name}`, () => api.readClusterRole({ name: object.metadata.name }))
        : connection.call(`read ClusterRoleBinding ${object.metadata.name}`, () => api.readClusterRoleBinding({ name: object.metadata.name })),
    create: (object: RbacObject, dryRun: boolean) =>
      object.kind === "ClusterRole"
        ? connection.call(`create ClusterRole ${object.metadata.name}`, () => api.createClusterRole({ body: object as V1ClusterRole, ...dry(dryRun) }))
        : connection.call(`create ClusterRoleBinding ${object.metadata.name}`, () => api.createClusterRoleBinding({ body: object as V1ClusterRoleBinding, ...dry(dryRun) })),
    replace: (body: StoredObject, kind: RbacObject["kind"], dryRun: boolean) => {
      const name = body.metadata?.name as string;
      return kind === "ClusterRole"
        ? connection.call(`update ClusterRole ${name}`, () => api.replaceClusterRole({ name, body: body as V1ClusterRole, ...dry(dryRun) }))
        : connection.call(`update ClusterRoleBinding ${name}`, () => api.replaceClusterRoleBinding({ name, body: body as V1ClusterRoleBinding, ...dry(dryRun) }));
    },
    deleteBinding: (stored: StoredObject, dryRun: boolean) => {
      const name = stored.metadata?.name as string;
      const preconditions = { uid: stored.metadata?.uid as string, resourceVersion: stored.metadata?.resourceVersion as string };
      return connection.call(`delete ClusterRoleBinding ${name}`, () => api.deleteClusterRoleBinding({ name, body: { preconditions }, ...dry(dryRun) }));
    },
  };
}

async function readOrUndefined(api: ReturnType<typeof rbacApi>, object: RbacObject): Promise<StoredObject | undefined> {
  try {
    return await api.read(object);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    throw error;
  }
}

/**
 * Applies one shipped object idempotently: create when missing; when it differs, replace Caretaker's fields and keep
 * everything else (a changed roleRef, which is immutable, re-creates the binding with UID/resourceVersion
 * preconditions); leave it alone when it agrees. A 409 (someone changed it meanwhile) re-reads and tries again.
 * `dryRun` sends the writes with `dryRun=All`, so the server validates and authorizes them and stores nothing.
 */
async function applyObject(connection: ClusterConnection, desired: RbacObject, dryRun: boolean): Promise<AppliedObject> {
  const api = rbacApi(connection);
  const base = { kind: desired.kind, name: desired.metadata.name };
  for (let attempt = 1; ; attempt++) {
    try {
      const stored = await readOrUndefined(api, desired);
      if (!stored) {
        await api.create(desired, dryRun);
        return { ...base, outcome: "created", changes: [] };
      }
      const { changes, roleRefChanged } = differences(stored, desired);
      if (changes.length === 0) return { ...base, outcome: "unchanged", changes };
      if (roleRefChanged) {
        await api.deleteBinding(stored, dryRun);
        // In a dry run the old binding is still there, so a dry-run create would only answer AlreadyExists.
        if (!dryRun) await api.create(desired, false);
        return { ...base, outcome: "recreated", changes };
      }
      await api.replace(replacement(stored, desired), desired.kind, dryRun);
      return { ...base, outcome: "updated", changes };
    } catch (error) {
      if (!isStatus(error, 409) || attempt >= MAX_CONFLICT_RETRIES) throw error;
    }
  }
}

/** Applies the shipped objects in order (roles before the bindings that name them). */
async function applyRbac(connection: ClusterConnection, objects: readonly RbacObject[], options: { dryRun: boolean }): Promise<AppliedObject[]> {
  const ordered = [...objects.filter((o) => o.kind === "ClusterRole"), ...objects.filter((o) => o.kind === "ClusterRoleBinding")];
  const results: AppliedObject[] = [];
  for (const object of ordered) results.push(await applyObject(connection, object, options.dryRun));
  return results;
}

export { applyRbac };
export type { AppliedObject, ApplyOutcome };
