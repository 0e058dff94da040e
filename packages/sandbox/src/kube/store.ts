import type { SandboxClock } from "../clock";
import type { SeededRandom } from "../random";
import { apiVersionOf, type ResourceType } from "./resources";
import { errors } from "./status";

interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

interface ObjectMeta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid: string;
  resourceVersion: string;
  generation?: number;
  creationTimestamp: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

type ChangeType = "ADDED" | "MODIFIED" | "DELETED";
type ChangeListener = (change: { type: ChangeType; resource: ResourceType; object: KubeObject; previous?: KubeObject }) => void;

const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
/** Kinds whose `spec` changes bump metadata.generation (everything with a spec in this simulator). */
const hasSpec = (object: KubeObject) => object.spec !== undefined;

function key(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The API server's storage: objects per resource, a cluster-wide resourceVersion counter, UIDs, generation bumps,
 * optimistic concurrency, finalizers, and change notifications for the simulated controllers. Reads return copies,
 * so nothing outside can mutate stored state by accident.
 */
class ObjectStore {
  readonly #collections = new Map<string, Map<string, KubeObject>>();
  readonly #listeners: ChangeListener[] = [];
  readonly #clock: SandboxClock;
  readonly #random: SeededRandom;
  #revision = 1000;

  constructor(clock: SandboxClock, random: SeededRandom) {
    this.#clock = clock;
    this.#random = random;
  }

  get revision(): string {
    return String(this.#revision);
  }

  onChange(listener: ChangeListener): void {
    this.#listeners.push(listener);
  }

  #collection(type: ResourceType): Map<string, KubeObject> {
    const id = `${type.group}/${type.resource}`;
    let collection = this.#collections.get(id);
    if (!collection) {
      collection = new Map();
      this.#collections.set(id, collection);
    }
    return collection;
  }

  #emit(type: ChangeType, resource: ResourceType, object: KubeObject, previous?: KubeObject): void {
    for (const listener of this.#listeners) listener({ type, resource, object: structuredClone(object), ...(previous ? { previous: structuredClone(previous) } : {}) });
  }

  #bump(): string {
    this.#revision += 1;
    return String(this.#revision);
  }

  now(): string {
    return isoSeconds(this.#clock.now());
  }

  /**
   * `generateName`: a random suffix; on a clash with an existing object another one, as the API server retries name
   * generation (KEP-4420, GA in 1.31) rather than failing with AlreadyExists.
   */
  #generateName(type: ResourceType, prefix: string, namespace: string): string {
    for (let attempt = 0; ; attempt++) {
      const name = `${prefix}${this.#random.suffix()}`;
      if (attempt >= 7 || !this.peek(type, type.namespaced ? namespace : undefined, name)) return name;
    }
  }

  /** A name for a seeded object that no object of `type` in `namespace` has yet (seeding mimics generateName). */
  freeName(type: ResourceType, namespace: string | undefined, prefix: string, length?: number): string {
    for (;;) {
      const name = `${prefix}${this.#random.suffix(length)}`;
      if (!this.peek(type, type.namespaced ? namespace : undefined, name)) return name;
    }
  }

  /** Raw read without copying; internal helpers only. */
  peek(type: ResourceType, namespace: string | undefined, name: string): KubeObject | undefined {
    return this.#collection(type).get(key(type.namespaced ? namespace : undefined, name));
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const object = this.peek(type, namespace, name);
    if (!object) throw errors.notFound(type.resource, type.group, name);
    return structuredClone(object);
  }

  /** Objects sorted by namespace/name (the etcd key order pagination relies on). */
  list(type: ResourceType, namespace?: string): KubeObject[] {
    const objects = [...this.#collection(type).entries()]
      .filter(([, object]) => !type.namespaced || namespace === undefined || object.metadata.namespace === namespace)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, object]) => object);
    return structuredClone(objects);
  }

  create(type: ResourceType, input: KubeObject, namespace?: string): KubeObject {
    const object = structuredClone(input);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    const metadata = (object.metadata ??= {} as ObjectMeta);
    if (!metadata.name && metadata.generateName) metadata.name = this.#generateName(type, metadata.generateName, namespace ?? metadata.namespace ?? "default");
    if (!metadata.name) throw errors.invalid(type.kind, type.group, "", [{ field: "metadata.name", message: "Required value: name or generateName is required" }]);
    // RBAC objects only need to be valid path segments ("system:discovery"); everything else is a DNS subdomain.
    const validName = type.group === "rbac.authorization.k8s.io" ? !/[/%]/.test(metadata.name) && metadata.name !== "." && metadata.name !== ".." : NAME.test(metadata.name);
    if (!validName || metadata.name.length > 253) {
      throw errors.invalid(type.kind, type.group, metadata.name, [{ field: "metadata.name", message: `Invalid value: "${metadata.name}": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'` }]);
    }
    if (type.namespaced) {
      const ns = namespace ?? metadata.namespace ?? "default";
      if (metadata.namespace && namespace && metadata.namespace !== namespace) {
        throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      metadata.namespace = ns;
    } else delete metadata.namespace;
    const collection = this.#collection(type);
    const id = key(metadata.namespace, metadata.name);
    if (collection.has(id)) throw errors.alreadyExists(type.resource, type.group, metadata.name);
    metadata.uid = this.#random.uuid();
    metadata.creationTimestamp = this.now();
    metadata.resourceVersion = this.#bump();
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    if (hasSpec(object)) metadata.generation = 1;
    collection.set(id, object);
    this.#emit("ADDED", type, object);
    return structuredClone(object);
  }

  /**
   * Replaces an object (PUT, or the result of a PATCH). A non-empty `metadata.resourceVersion` must match the stored
   * one (409 otherwise); `subresource: "status"` takes only the status, the main resource everything but the status.
   */
  update(type: ResourceType, input: KubeObject, options: { subresource?: "status"; expectedUid?: string } = {}): KubeObject {
    const name = input.metadata?.name;
    const namespace = type.namespaced ? input.metadata?.namespace : undefined;
    const current = this.peek(type, namespace, name);
    if (!current) throw errors.notFound(type.resource, type.group, name);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.staleResourceVersion(type.resource, type.group, name);
    }
    if (input.metadata.uid && input.metadata.uid !== current.metadata.uid) {
      throw errors.conflict(type.resource, type.group, name, `Precondition failed: UID in precondition: ${input.metadata.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    const next: KubeObject =
      options.subresource === "status"
        ? { ...structuredClone(current), status: structuredClone(input.status) }
        : { ...structuredClone(input), ...(current.status !== undefined ? { status: structuredClone(current.status) } : {}) };
    next.apiVersion = current.apiVersion;
    next.kind = current.kind;
    // Fields the server owns cannot be changed by clients.
    next.metadata = {
      ...next.metadata,
      name: current.metadata.name,
      uid: current.metadata.uid,
      creationTimestamp: current.metadata.creationTimestamp,
      ...(current.metadata.namespace ? { namespace: current.metadata.namespace } : {}),
      ...(current.metadata.deletionTimestamp ? { deletionTimestamp: current.metadata.deletionTimestamp } : {}),
      ...(current.metadata.deletionGracePeriodSeconds !== undefined ? { deletionGracePeriodSeconds: current.metadata.deletionGracePeriodSeconds } : {}),
    };
    if (!next.metadata.namespace) delete next.metadata.namespace;
    if (options.subresource === "status") next.metadata = structuredClone(current.metadata);
    if (current.metadata.generation !== undefined) {
      next.metadata.generation =
        options.subresource !== "status" && JSON.stringify(next.spec) !== JSON.stringify(current.spec) ? current.metadata.generation + 1 : current.metadata.generation;
    }
    if (JSON.stringify(next) === JSON.stringify({ ...current, metadata: { ...current.metadata, resourceVersion: next.metadata.resourceVersion } })) {
      // A no-op write does not bump the resourceVersion, as on a real API server.
      return structuredClone(current);
    }
    next.metadata.resourceVersion = this.#bump();
    return this.#store(type, next, current);
  }

  #store(type: ResourceType, next: KubeObject, previous: KubeObject): KubeObject {
    // An object marked for deletion disappears once its last finalizer is removed.
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && this.#mayRemove(type, next)) {
      this.#collection(type).delete(key(next.metadata.namespace, next.metadata.name));
      this.#emit("DELETED", type, next, previous);
      return structuredClone(next);
    }
    this.#collection(type).set(key(next.metadata.namespace, next.metadata.name), next);
    this.#emit("MODIFIED", type, next, previous);
    return structuredClone(next);
  }

  /**
   * Graceful pods wait for the kubelet even without finalizers, and namespaces for the namespace controller (their
   * `spec.finalizers: [kubernetes]`); everything else goes at once.
   */
  #mayRemove(type: ResourceType, object: KubeObject): boolean {
    if (type.group === "" && type.resource === "namespaces") return false;
    return !(type.group === "" && type.resource === "pods" && object.metadata.deletionTimestamp && this.#clock.nowMs() < Date.parse(object.metadata.deletionTimestamp));
  }

  /** Marks an object deleting (deletionTimestamp) without removing it: finalizers or a grace period pending. */
  markDeleting(type: ResourceType, namespace: string | undefined, name: string, at: Date, gracePeriodSeconds?: number): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw errors.notFound(type.resource, type.group, name);
    const next = structuredClone(current);
    next.metadata.deletionTimestamp = isoSeconds(at);
    if (gracePeriodSeconds !== undefined) next.metadata.deletionGracePeriodSeconds = gracePeriodSeconds;
    if (current.metadata.generation !== undefined) next.metadata.generation = current.metadata.generation + 1;
    next.metadata.resourceVersion = this.#bump();
    this.#collection(type).set(key(next.metadata.namespace, next.metadata.name), next);
    this.#emit("MODIFIED", type, next, current);
    return structuredClone(next);
  }

  /** Removes an object now (its finalizers are the caller's concern). */
  remove(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    const current = this.peek(type, namespace, name);
    if (!current) throw errors.notFound(type.resource, type.group, name);
    this.#collection(type).delete(key(current.metadata.namespace, current.metadata.name));
    const removed = structuredClone(current);
    removed.metadata.resourceVersion = this.#bump();
    this.#emit("DELETED", type, removed, current);
    return removed;
  }
}

export { ObjectStore, isoSeconds };
export type { ChangeListener, ChangeType, KubeObject, ObjectMeta, OwnerReference };
