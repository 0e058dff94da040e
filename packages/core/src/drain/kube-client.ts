import { ApiException, AppsV1Api, CoreV1Api, PatchStrategy, PolicyV1Api, setHeaderOptions, StorageV1Api, type V1Node, type V1Pod } from "@kubernetes/client-node";
import type { Clock } from "../clock";
import type { ClusterConnection } from "../eks/connection";
import { ClusterAccessError, parseStatus } from "../eks/errors";
import type { DeleteOutcome, DrainKube, EvictionOutcome } from "./kube";

const MULTIPLE_PDBS = "more than one PodDisruptionBudget";
/** Attempts for requests that failed transiently (5xx other than the multi-PDB answer, connection errors). */
const MAX_ATTEMPTS = 5;

function isTransient(error: unknown): boolean {
  if (!(error instanceof ClusterAccessError)) return false;
  if (error.reason === "unreachable") return true;
  return error.reason === "api-error" && error.status !== undefined && (error.status >= 500 || error.status === 429);
}

/** Retries transient failures with exponential backoff (0.2 s … 3.2 s) on the given clock; others throw at once. */
async function withRetries<T>(clock: Clock, request: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request();
    } catch (error) {
      if (attempt >= MAX_ATTEMPTS || !isTransient(error)) throw error;
      await clock.sleep(200 * 2 ** (attempt - 1));
    }
  }
}

const STRATEGIES = { strategic: PatchStrategy.StrategicMergePatch, merge: PatchStrategy.MergePatch, json: PatchStrategy.JsonPatch } as const;

function statusOf(error: ApiException<unknown>): { message: string; reason?: string; causes: Array<{ reason?: string }> } {
  const status = parseStatus(error.body) as { message?: string; reason?: string; details?: { causes?: Array<{ reason?: string }> } } | undefined;
  return { message: status?.message ?? String(error.body ?? ""), ...(status?.reason ? { reason: status.reason } : {}), causes: status?.details?.causes ?? [] };
}

/** The DrainKube port over @kubernetes/client-node, with transient-failure retries and eviction classification. */
function createDrainKube(connection: ClusterConnection, clock: Clock): DrainKube {
  const core = connection.api(CoreV1Api);
  const apps = connection.api(AppsV1Api);
  const policy = connection.api(PolicyV1Api);
  const storage = connection.api(StorageV1Api);
  const call = <T>(operation: string, request: () => Promise<T>) => withRetries(clock, () => connection.call(operation, request));
  const orUndefinedOn404 = async <T>(request: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await request();
    } catch (error) {
      if (error instanceof ApiException && error.code === 404) return undefined;
      throw error;
    }
  };

  return {
    cluster: connection.cluster,
    getNode: (name) => call(`get node ${name}`, () => orUndefinedOn404(() => core.readNode({ name }))),
    async listNodes(labelSelector) {
      const nodes: V1Node[] = [];
      let token: string | undefined;
      do {
        const page = await call("list nodes", () => core.listNode({ limit: 500, ...(labelSelector ? { labelSelector } : {}), ...(token ? { _continue: token } : {}) }));
        nodes.push(...page.items);
        token = page.metadata?._continue || undefined;
      } while (token);
      return nodes;
    },
    patchNode: (name, patch, strategy) => call(`patch node ${name}`, () => core.patchNode({ name, body: patch }, setHeaderOptions("Content-Type", STRATEGIES[strategy]))),
    async listPodsOnNode(node, { podSelector, chunkSize }) {
      const pods: V1Pod[] = [];
      let token: string | undefined;
      do {
        const page = await call(`list pods on node ${node}`, () =>
          core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}`, limit: chunkSize, ...(podSelector ? { labelSelector: podSelector } : {}), ...(token ? { _continue: token } : {}) }),
        );
        pods.push(...page.items);
        token = page.metadata?._continue || undefined;
      } while (token);
      return pods;
    },
    getPod: (namespace, name) => call(`get pod ${namespace}/${name}`, () => orUndefinedOn404(() => core.readNamespacedPod({ namespace, name }))),
    evictPod(namespace, name, { uid, gracePeriodSeconds }): Promise<EvictionOutcome> {
      return call(`evict pod ${namespace}/${name}`, async (): Promise<EvictionOutcome> => {
        try {
          await core.createNamespacedPodEviction({
            namespace,
            name,
            body: {
              apiVersion: "policy/v1",
              kind: "Eviction",
              metadata: { name, namespace },
              deleteOptions: { preconditions: { uid }, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) },
            },
          });
          return { kind: "accepted" };
        } catch (error) {
          if (!(error instanceof ApiException)) throw error;
          const status = statusOf(error);
          if (error.code === 404) return { kind: "gone" };
          if (error.code === 409) return { kind: "replaced" };
          if (error.code === 429) {
            const retryAfter = Number(error.headers?.["retry-after"] ?? Number.NaN);
            return { kind: "pdb-blocked", message: status.message, ...(Number.isFinite(retryAfter) ? { retryAfterSeconds: retryAfter } : {}) };
          }
          if (error.code === 500 && status.message.includes(MULTIPLE_PDBS)) return { kind: "pdb-misconfigured", message: status.message };
          if (error.code === 403 && status.causes.some((cause) => cause.reason === "NamespaceTerminating")) return { kind: "namespace-terminating", message: status.message };
          throw error;
        }
      });
    },
    deletePod(namespace, name, { uid, gracePeriodSeconds }): Promise<DeleteOutcome> {
      return call(`delete pod ${namespace}/${name}`, async (): Promise<DeleteOutcome> => {
        try {
          await core.deleteNamespacedPod({ namespace, name, body: { preconditions: { uid }, ...(gracePeriodSeconds !== undefined ? { gracePeriodSeconds } : {}) } });
          return "deleted";
        } catch (error) {
          if (error instanceof ApiException && error.code === 404) return "gone";
          if (error instanceof ApiException && error.code === 409) return "replaced";
          throw error;
        }
      });
    },
    async daemonSetExists(namespace, name) {
      return (await call(`get daemonset ${namespace}/${name}`, () => orUndefinedOn404(() => apps.readNamespacedDaemonSet({ namespace, name })))) !== undefined;
    },
    async listPdbs(namespace) {
      try {
        return (await call(`list PodDisruptionBudgets in ${namespace}`, () => policy.listNamespacedPodDisruptionBudget({ namespace }))).items;
      } catch (error) {
        if (error instanceof ClusterAccessError && error.reason === "forbidden") return undefined;
        throw error;
      }
    },
    async pvcVolume(namespace, claim) {
      const pvc = await call(`get PersistentVolumeClaim ${namespace}/${claim}`, () => orUndefinedOn404(() => core.readNamespacedPersistentVolumeClaim({ namespace, name: claim })));
      return pvc?.spec?.volumeName || undefined;
    },
    async listVolumeAttachments() {
      const list = await call("list VolumeAttachments", () => storage.listVolumeAttachment());
      return list.items.map((attachment) => ({
        name: attachment.metadata?.name ?? "",
        nodeName: attachment.spec.nodeName,
        ...(attachment.spec.source.persistentVolumeName ? { persistentVolumeName: attachment.spec.source.persistentVolumeName } : {}),
      }));
    },
    async evictionVersion() {
      const resources = await call("discover the core API's resources", () => core.getAPIResources());
      const eviction = resources.resources.find((resource) => resource.name === "pods/eviction" && resource.kind === "Eviction");
      if (!eviction) return undefined;
      return eviction.group ? `${eviction.group}/${eviction.version}` : "v1";
    },
  };
}

export { createDrainKube, withRetries };
