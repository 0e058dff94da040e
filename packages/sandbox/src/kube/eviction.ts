import { computePdbStatus, pdbsFor, recordDisruption, type PdbSpec } from "./disruption";
import { isDeleting, isPodReady, podPhase } from "./pod-state";
import type { DeleteOptions, Registry } from "./registry";
import { ACCEPTED_EVICTION_VERSIONS, findResource, type ResourceType } from "./resources";
import { ApiError, errors, failure } from "./status";
import type { KubeObject } from "./store";

const PODS = findResource("", "v1", "pods") as ResourceType;
const MAX_DISRUPTED_PODS = 2000;

interface EvictionBody {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  deleteOptions?: DeleteOptions;
}

/** What the eviction subresource answers on success: a Status with status Success (HTTP 201). */
const SUCCESS = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Success", code: 201 } as const;

/** pkg/registry/core/pod/storage/eviction.go `canIgnorePDB`. */
function canIgnorePdb(pod: KubeObject): boolean {
  const phase = podPhase(pod);
  return phase === "Succeeded" || phase === "Failed" || phase === "Pending" || isDeleting(pod);
}

function tooManyRequests(pdbName: string, detail: string, retryAfterSeconds: number): ApiError {
  return errors.tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", retryAfterSeconds, [{ reason: "DisruptionBudget", message: detail.replace("%s", pdbName) }]);
}

/**
 * `POST /api/v1/namespaces/{ns}/pods/{name}/eviction` with the API server's rules, in its order: body checks, the
 * pod (404), PDB-free deletion of terminal/pending/terminating pods, more than one PDB → 500, an unready pod
 * deleted when the budget is already met (or the PDB says AlwaysAllow), disruptionsAllowed 0 → 429, otherwise
 * record the disruption on the PDB and delete gracefully with the caller's delete options (UID precondition → 409).
 */
function evictPod(registry: Registry, namespace: string, name: string, body: EvictionBody): typeof SUCCESS {
  if (!body || typeof body !== "object") throw errors.badRequest("the body of the request is not an Eviction object");
  if (body.kind !== "Eviction" || !ACCEPTED_EVICTION_VERSIONS.has(body.apiVersion ?? "")) {
    throw errors.badRequest(`not a Eviction object: ${body.apiVersion ?? "(no apiVersion)"}, Kind=${body.kind ?? "(no kind)"}`);
  }
  if (body.metadata?.name !== name) throw errors.badRequest("name in URL does not match name in Eviction object");
  const options = body.deleteOptions ?? {};
  const { store, clock, counters } = registry;
  // Namespace lifecycle admission runs before the eviction handler.
  const nsObject = store.peek(findResource("", "v1", "namespaces") as ResourceType, undefined, namespace);
  if (nsObject && isDeleting(nsObject)) {
    throw errors.forbidden(`pods "${name}" is forbidden: unable to create new content in namespace ${namespace} because it is being terminated`, {
      name,
      group: "",
      kind: "pods",
      causes: [{ reason: "NamespaceTerminating", message: `namespace ${namespace} is being terminated`, field: "metadata.namespace" }],
    });
  }

  const pod = store.get(PODS, namespace, name);
  if (canIgnorePdb(pod)) {
    registry.deletePod(namespace, name, options);
    counters.evictions++;
    return SUCCESS;
  }

  const pdbs = pdbsFor(store, pod);
  if (pdbs.length > 1) {
    throw new ApiError({ kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.", reason: "", code: 500 });
  }
  const pdb = pdbs[0];
  if (pdb) {
    const status = computePdbStatus(store, pdb, clock.nowMs()) ?? {
      // The controller could not compute a status yet: the stored one (initially all zero) is what eviction sees.
      observedGeneration: 0,
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
      conditions: [],
    };
    const policy = (pdb.spec as PdbSpec).unhealthyPodEvictionPolicy ?? "IfHealthyBudget";
    const unready = !isPodReady(pod);
    if (unready && (policy === "AlwaysAllow" || (status.currentHealthy >= status.desiredHealthy && status.desiredHealthy > 0))) {
      registry.deletePod(namespace, name, { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion } });
      counters.evictions++;
      return SUCCESS;
    }
    if (status.observedGeneration < (pdb.metadata.generation ?? 1)) {
      throw tooManyRequests(pdb.metadata.name, "The disruption budget %s is still being processed by the server.", 10);
    }
    if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_PODS) {
      throw failure(403, "Forbidden", `poddisruptionbudget.policy "${pdb.metadata.name}" is forbidden: DisruptedPods map too big - too many evictions not confirmed by PDB controller`);
    }
    if (status.disruptionsAllowed <= 0) {
      throw tooManyRequests(pdb.metadata.name, `The disruption budget %s needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently`, 0);
    }
    // As on a real server the budget is spent before the delete: a delete that then fails its preconditions (409)
    // leaves the pod in disruptedPods until the controller's 2-minute timeout.
    if (!options.dryRun?.length) recordDisruption(store, pdb, name, status);
  }
  registry.deletePod(namespace, name, options);
  counters.evictions++;
  return SUCCESS;
}

export { evictPod };
export type { EvictionBody };
