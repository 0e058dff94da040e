import type { SandboxClock } from "../clock";
import { refreshPdbStatuses, computePdbStatus, pdbsFor } from "./disruption";
import type { InvariantCounters } from "./invariants";
import { applyPatch, type Json, type PatchType } from "./patch";
import { isDaemonSetPod, isDeleting, isMirrorPod, isPodReady, isTerminal, nodeNameOf, podGracePeriodSeconds } from "./pod-state";
import { findResource, type ResourceType } from "./resources";
import { type FieldMatcher, type LabelMatcher, parseFieldSelector, parseLabelSelector } from "./selectors";
import { errors, failure } from "./status";
import { isoSeconds, type KubeObject, type ObjectStore } from "./store";

const NAMESPACES = findResource("", "v1", "namespaces") as ResourceType;
const PODS = findResource("", "v1", "pods") as ResourceType;
const PDBS = findResource("policy", "v1", "poddisruptionbudgets") as ResourceType;
/** How long a continue token stays valid (the API server's etcd compaction window is 5 minutes). */
const CONTINUE_TTL_MS = 5 * 60_000;
/** Annotation a test can set on a pod to say how long its process really takes to stop after SIGTERM. */
const SHUTDOWN_SECONDS_ANNOTATION = "sandbox.caretaker.dev/shutdown-seconds";

interface DeleteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Orphan" | "Background" | "Foreground";
  dryRun?: string[];
}

interface ListOptions {
  labelSelector?: string | null;
  fieldSelector?: string | null;
  limit?: number;
  continueToken?: string | null;
}

interface ListResult {
  items: KubeObject[];
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
}

/**
 * Update validation the API server applies before storing: a (Cluster)RoleBinding's roleRef cannot change
 * (`ValidateRoleBindingUpdate`: delete and re-create the binding instead).
 */
function checkImmutableFields(type: ResourceType, current: KubeObject, next: KubeObject): void {
  if (type.group !== "rbac.authorization.k8s.io" || (type.resource !== "clusterrolebindings" && type.resource !== "rolebindings")) return;
  const ref = (object: KubeObject) => (object.roleRef ?? {}) as { apiGroup?: string; kind?: string; name?: string };
  const [before, after] = [ref(current), ref(next)];
  if (before.apiGroup === after.apiGroup && before.kind === after.kind && before.name === after.name) return;
  const value = `rbac.RoleRef{APIGroup:${JSON.stringify(after.apiGroup ?? "")}, Kind:${JSON.stringify(after.kind ?? "")}, Name:${JSON.stringify(after.name ?? "")}}`;
  const message = `Invalid value: ${value}: cannot change roleRef`;
  throw failure(422, "Invalid", `${type.kind}.${type.group} "${current.metadata.name}" is invalid: roleRef: ${message}`, {
    name: current.metadata.name,
    group: type.group,
    kind: type.kind,
    causes: [{ reason: "FieldValueInvalid", message, field: "roleRef" }],
  });
}

/** Who asked: client requests count towards the invariants, the simulator's own controllers do not. */
type Actor = "client" | "system";

/**
 * The API server's registry layer: validation and semantics on top of the store — namespaces that must exist (and
 * refuse new content while terminating), list snapshots with limit/continue, patches, preconditions, graceful pod
 * deletion handed to a simulated kubelet, finalizers, and the invariant counters.
 */
class Registry {
  readonly store: ObjectStore;
  readonly clock: SandboxClock;
  readonly counters: InvariantCounters;
  readonly #snapshots = new Map<string, { items: KubeObject[]; resourceVersion: string; expiresAt: number }>();
  #nextSnapshot = 1;

  constructor(store: ObjectStore, clock: SandboxClock, counters: InvariantCounters) {
    this.store = store;
    this.clock = clock;
    this.counters = counters;
  }

  #checkNamespace(type: ResourceType, namespace: string | undefined, resourceName: string): void {
    if (!type.namespaced || !namespace) return;
    const ns = this.store.peek(NAMESPACES, undefined, namespace);
    if (!ns) throw errors.notFound("namespaces", "", namespace);
    if (isDeleting(ns)) {
      throw errors.forbidden(
        `${type.group ? `${type.resource}.${type.group}` : type.resource} "${resourceName}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`,
        { name: resourceName, group: type.group, kind: type.resource, causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }] },
      );
    }
  }

  create(type: ResourceType, namespace: string | undefined, body: KubeObject, options: { dryRun?: boolean } = {}): KubeObject {
    if (!body || typeof body !== "object" || !body.metadata) throw errors.badRequest("the body of the request is not a Kubernetes object");
    const ns = type.namespaced ? (namespace ?? body.metadata.namespace ?? "default") : undefined;
    this.#checkNamespace(type, ns, body.metadata.name ?? body.metadata.generateName ?? "");
    if (type.resource === "pods") body.status = { phase: "Pending", ...((body.status as object) ?? {}) };
    if (type.resource === "namespaces") {
      body.spec = { finalizers: ["kubernetes"], ...((body.spec as object) ?? {}) };
      body.status = { phase: "Active" };
    }
    if (options.dryRun) return { ...structuredClone(body), metadata: { ...body.metadata, ...(ns ? { namespace: ns } : {}) } };
    return this.store.create(type, body, ns);
  }

  get(type: ResourceType, namespace: string | undefined, name: string): KubeObject {
    if (type === PDBS) refreshPdbStatuses(this.store, this.clock.nowMs(), namespace);
    return this.store.get(type, namespace, name);
  }

  list(type: ResourceType, namespace: string | undefined, options: ListOptions = {}): ListResult {
    const limit = options.limit && options.limit > 0 ? options.limit : undefined;
    let items: KubeObject[];
    let resourceVersion: string;
    if (options.continueToken) {
      const snapshot = this.#snapshots.get(options.continueToken);
      if (!snapshot || snapshot.expiresAt < this.clock.nowMs()) {
        throw errors.gone("The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.");
      }
      this.#snapshots.delete(options.continueToken);
      ({ items, resourceVersion } = snapshot);
    } else {
      if (type === PDBS) refreshPdbStatuses(this.store, this.clock.nowMs(), namespace);
      const labels: LabelMatcher = parseLabelSelector(options.labelSelector);
      const fields: FieldMatcher = parseFieldSelector(options.fieldSelector, type.fieldSelectors ?? [], type.kind);
      items = this.store.list(type, namespace).filter((object) => labels(object.metadata.labels) && fields(object));
      resourceVersion = this.store.revision;
    }
    if (!limit || items.length <= limit) return { items, metadata: { resourceVersion } };
    const token = `${Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: resourceVersion, n: this.#nextSnapshot++ })).toString("base64url")}`;
    const rest = items.slice(limit);
    this.#snapshots.set(token, { items: rest, resourceVersion, expiresAt: this.clock.nowMs() + CONTINUE_TTL_MS });
    const filtered = Boolean(options.labelSelector || options.fieldSelector);
    return { items: items.slice(0, limit), metadata: { resourceVersion, continue: token, ...(filtered ? {} : { remainingItemCount: rest.length }) } };
  }

  replace(type: ResourceType, namespace: string | undefined, name: string, body: KubeObject, options: { subresource?: "status"; dryRun?: boolean } = {}): KubeObject {
    if (!body?.metadata) throw errors.badRequest("the body of the request is not a Kubernetes object");
    if (body.metadata.name !== name) throw errors.badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
    const merged = { ...body, metadata: { ...body.metadata, ...(type.namespaced ? { namespace } : {}) } } as KubeObject;
    const current = this.store.peek(type, namespace, name);
    if (current) checkImmutableFields(type, current, merged);
    if (options.dryRun) return merged;
    return this.store.update(type, merged, options.subresource ? { subresource: options.subresource } : {});
  }

  patch(type: ResourceType, namespace: string | undefined, name: string, patchType: PatchType, patch: unknown, options: { subresource?: "status"; dryRun?: boolean } = {}): KubeObject {
    const current = this.store.get(type, namespace, name);
    const patched = applyPatch(patchType, current as unknown as Json, patch, type.kind, name) as unknown as KubeObject;
    if (!patched || typeof patched !== "object" || !patched.metadata) throw errors.badRequest("the patch removed the object's metadata");
    if (patched.metadata.name !== name) throw errors.badRequest("metadata.name cannot be changed by a patch");
    checkImmutableFields(type, current, patched);
    // A patch that does not name a resourceVersion applies to whatever is current (no conflict possible).
    const explicitVersion = (patch as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    patched.metadata.resourceVersion = patchType !== "json" && explicitVersion ? explicitVersion : current.metadata.resourceVersion;
    if (options.dryRun) return patched;
    return this.store.update(type, patched, options.subresource ? { subresource: options.subresource } : {});
  }

  #checkPreconditions(type: ResourceType, current: KubeObject, preconditions: DeleteOptions["preconditions"]): void {
    const name = current.metadata.name;
    if (preconditions?.uid && preconditions.uid !== current.metadata.uid) {
      throw errors.conflict(type.resource, type.group, name, `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${current.metadata.uid}`);
    }
    if (preconditions?.resourceVersion && preconditions.resourceVersion !== current.metadata.resourceVersion) {
      throw errors.conflict(type.resource, type.group, name, `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
    }
  }

  delete(type: ResourceType, namespace: string | undefined, name: string, options: DeleteOptions = {}, actor: Actor = "client"): KubeObject {
    if (type === PODS) return this.deletePod(namespace, name, options, actor);
    const current = this.store.get(type, namespace, name);
    this.#checkPreconditions(type, current, options.preconditions);
    if (options.dryRun?.length) return current;
    if (type === NAMESPACES) {
      if (isDeleting(current)) return current;
      const marked = this.store.markDeleting(type, undefined, name, this.clock.now());
      return this.store.update(type, { ...marked, status: { phase: "Terminating" } }, { subresource: "status" });
    }
    if ((current.metadata.finalizers ?? []).length > 0) {
      return isDeleting(current) ? current : this.store.markDeleting(type, namespace, name, this.clock.now());
    }
    return this.store.remove(type, namespace, name);
  }

  /**
   * Pod deletion with the pod strategy's rules: unscheduled or terminal pods go at once; others get a deletion
   * timestamp `grace` seconds ahead and the kubelet removes them when the process has stopped (at most the grace
   * period). A second delete may shorten the grace period, never lengthen it; 0 removes the pod immediately.
   */
  deletePod(namespace: string | undefined, name: string, options: DeleteOptions = {}, actor: Actor = "client"): KubeObject {
    const current = this.store.get(PODS, namespace, name);
    this.#checkPreconditions(PODS, current, options.preconditions);
    if (options.dryRun?.length) return current;
    const requested = options.gracePeriodSeconds;
    if (requested !== undefined && (!Number.isInteger(requested) || requested < 0)) {
      throw errors.invalid("DeleteOptions", "", name, [{ field: "gracePeriodSeconds", message: `Invalid value: ${requested}: must be >= 0` }]);
    }
    let grace = requested ?? podGracePeriodSeconds(current);
    if (!nodeNameOf(current) || isTerminal(current)) grace = 0;
    if (actor === "client") this.#recordClientDeletion(current, requested);

    if (isDeleting(current)) {
      const remainingMs = Date.parse(current.metadata.deletionTimestamp as string) - this.clock.nowMs();
      if (grace * 1000 >= remainingMs && grace !== 0) return current; // only shortening is allowed
    }
    if (grace === 0) {
      if ((current.metadata.finalizers ?? []).length > 0) return this.store.markDeleting(PODS, namespace, name, this.clock.now(), 0);
      return this.store.remove(PODS, namespace, name);
    }
    const deadline = new Date(this.clock.nowMs() + grace * 1000);
    const marked = this.store.markDeleting(PODS, namespace, name, deadline, grace);
    this.#scheduleKubeletStop(marked, grace);
    return marked;
  }

  /** The kubelet sends SIGTERM, the process exits after its shutdown time (≤ grace), then the pod object goes. */
  #scheduleKubeletStop(pod: KubeObject, graceSeconds: number): void {
    const declared = Number(pod.metadata.annotations?.[SHUTDOWN_SECONDS_ANNOTATION]);
    const stopSeconds = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, graceSeconds) : graceSeconds;
    const { namespace, name, uid } = pod.metadata;
    this.clock.setTimeout(() => {
      const still = this.store.peek(PODS, namespace, name);
      if (!still || still.metadata.uid !== uid) return;
      if ((still.metadata.finalizers ?? []).length > 0) {
        // Terminated, but held by finalizers: the object stays until they are removed.
        this.store.update(PODS, { ...structuredClone(still), status: { ...(still.status as object), phase: "Failed" }, metadata: { ...still.metadata, resourceVersion: "" } }, { subresource: "status" });
        return;
      }
      this.store.remove(PODS, namespace, name);
    }, stopSeconds * 1000);
  }

  #recordClientDeletion(pod: KubeObject, requestedGrace: number | undefined): void {
    const id = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const at = this.store.now();
    this.counters.podDeletions++;
    if (requestedGrace === 0) this.counters.record("grace-zero-deletion", id, "DELETE with gracePeriodSeconds=0", at);
    if (isDeleting(pod)) return;
    if (isDaemonSetPod(pod) && !isTerminal(pod)) this.counters.record("daemonset-pod-evicted", id, "DaemonSet-managed pod removed by a client", at);
    if (isMirrorPod(pod)) this.counters.record("mirror-pod-evicted", id, "mirror pod removed by a client", at);
    if (isPodReady(pod) && !isTerminal(pod)) {
      for (const pdb of pdbsFor(this.store, pod)) {
        const status = computePdbStatus(this.store, pdb, this.clock.nowMs());
        if (status && status.disruptionsAllowed <= 0 && !status.disruptedPods?.[pod.metadata.name]) {
          this.counters.record("pdb-violated", id, `PodDisruptionBudget ${pdb.metadata.name} allowed no disruption`, at);
        }
      }
    }
  }
}

export { Registry, SHUTDOWN_SECONDS_ANNOTATION, isoSeconds };
export type { Actor, DeleteOptions, ListOptions, ListResult };
