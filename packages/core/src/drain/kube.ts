import type { V1Node, V1Pod, V1PodDisruptionBudget } from "@kubernetes/client-node";

/** How the API server answered one eviction request, classified the way the drain loop needs it. */
type EvictionOutcome =
  | { kind: "accepted" }
  /** 404: the pod is already gone. */
  | { kind: "gone" }
  /** 409 on the UID precondition: the name now belongs to a replacement pod; ours is gone. */
  | { kind: "replaced" }
  /** 429: a PodDisruptionBudget allows no disruption now. */
  | { kind: "pdb-blocked"; message: string; retryAfterSeconds?: number }
  /** 500 "more than one PodDisruptionBudget": eviction can never succeed until the PDBs are fixed. */
  | { kind: "pdb-misconfigured"; message: string }
  /** 403 NamespaceTerminating: new content (the Eviction) is refused while the namespace is deleted. */
  | { kind: "namespace-terminating"; message: string };

type DeleteOutcome = "deleted" | "gone" | "replaced";

/**
 * What the drain needs from the Kubernetes API — and, with the shipped RBAC, all it may do: nodes get/list/patch,
 * pods list/get, pods/eviction create, daemonsets get, volumeattachments list, and pods delete only for
 * --disable-eviction or deadline force-deletes.
 */
interface DrainKube {
  /** The cluster's name, for messages. */
  readonly cluster: string;
  getNode(name: string): Promise<V1Node | undefined>;
  /** Every node (paginated), optionally by label selector. */
  listNodes(labelSelector?: string): Promise<V1Node[]>;
  patchNode(name: string, patch: object, strategy: "strategic" | "merge" | "json"): Promise<V1Node>;
  /** Pods of every namespace on the node (fieldSelector spec.nodeName), paginated by `chunkSize`. */
  listPodsOnNode(node: string, options: { podSelector?: string; chunkSize: number }): Promise<V1Pod[]>;
  getPod(namespace: string, name: string): Promise<V1Pod | undefined>;
  /** policy/v1 Eviction with a UID precondition and, when given, a grace period. */
  evictPod(namespace: string, name: string, options: { uid: string; gracePeriodSeconds?: number }): Promise<EvictionOutcome>;
  deletePod(namespace: string, name: string, options: { uid: string; gracePeriodSeconds?: number }): Promise<DeleteOutcome>;
  /** Whether the DaemonSet still exists (kubectl's daemonSetFilter GETs it). */
  daemonSetExists(namespace: string, name: string): Promise<boolean>;
  /**
   * The namespace's PodDisruptionBudgets, to time evictions to the budget instead of hammering it with 429s;
   * undefined when the RBAC does not allow listing them (evictions then simply retry).
   */
  listPdbs(namespace: string): Promise<V1PodDisruptionBudget[] | undefined>;
  /** The PersistentVolume a claim is bound to (undefined when unbound or gone). */
  pvcVolume(namespace: string, claim: string): Promise<string | undefined>;
  /** VolumeAttachments (storage.k8s.io/v1): which PV is attached to which node. */
  listVolumeAttachments(): Promise<Array<{ name: string; nodeName: string; persistentVolumeName?: string }>>;
  /** The Eviction group/version the server advertises for pods/eviction, or undefined when it has none. */
  evictionVersion(): Promise<string | undefined>;
}

export type { DeleteOutcome, DrainKube, EvictionOutcome };
