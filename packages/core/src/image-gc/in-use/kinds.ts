import type { AppsV1Api, BatchV1Api, ConfigurationOptions, CoreV1Api, V1ListMeta, V1ObjectMeta } from "@kubernetes/client-node";
import { type FoundReference, podReferences, podSpecReferences, revisionReferences } from "./references";

/** The kinds whose objects can name an image some pod runs now or may run later (image-gc.md §10, §13 item 5). */
type ScannedKind = "Pod" | "Deployment" | "ReplicaSet" | "StatefulSet" | "ControllerRevision" | "DaemonSet" | "Job" | "CronJob";

interface KubeApis {
  core: CoreV1Api;
  apps: AppsV1Api;
  batch: BatchV1Api;
}

interface PageRequest {
  limit: number;
  _continue?: string;
}

interface ListPage<T> {
  items: T[];
  metadata?: V1ListMeta;
}

/** How to list one kind across all namespaces, and where its objects keep image references. */
interface KindScanner<T extends { metadata?: V1ObjectMeta } = { metadata?: V1ObjectMeta }> {
  kind: ScannedKind;
  /** API group ("" for core) and resource, for RBAC and for error messages. */
  group: string;
  resource: string;
  list(apis: KubeApis, page: PageRequest, options: ConfigurationOptions): Promise<ListPage<T>>;
  references(object: T): FoundReference[];
}

/** Keeps each scanner's object type for its own functions while the table holds them side by side. */
function scanner<T extends { metadata?: V1ObjectMeta }>(definition: KindScanner<T>): KindScanner {
  return definition as unknown as KindScanner;
}

/**
 * Each kind is here for a reason: Pods run now (specs, and the digests the runtime resolved); Deployments at any
 * replica count can scale up or redeploy; every ReplicaSet is rollback history (`kubectl rollout undo`);
 * StatefulSets and DaemonSets roll back through ControllerRevisions; Jobs retry; CronJobs run next from their template.
 */
const SCANNED_KINDS: readonly KindScanner[] = [
  scanner({
    kind: "Pod",
    group: "",
    resource: "pods",
    list: ({ core }, page, options) => core.listPodForAllNamespaces(page, options),
    references: podReferences,
  }),
  scanner({
    kind: "Deployment",
    group: "apps",
    resource: "deployments",
    list: ({ apps }, page, options) => apps.listDeploymentForAllNamespaces(page, options),
    references: (deployment) => podSpecReferences(deployment.spec?.template.spec),
  }),
  scanner({
    kind: "ReplicaSet",
    group: "apps",
    resource: "replicasets",
    list: ({ apps }, page, options) => apps.listReplicaSetForAllNamespaces(page, options),
    references: (replicaSet) => podSpecReferences(replicaSet.spec?.template?.spec),
  }),
  scanner({
    kind: "StatefulSet",
    group: "apps",
    resource: "statefulsets",
    list: ({ apps }, page, options) => apps.listStatefulSetForAllNamespaces(page, options),
    references: (statefulSet) => podSpecReferences(statefulSet.spec?.template.spec),
  }),
  scanner({
    kind: "ControllerRevision",
    group: "apps",
    resource: "controllerrevisions",
    list: ({ apps }, page, options) => apps.listControllerRevisionForAllNamespaces(page, options),
    references: (revision) => revisionReferences(revision.data),
  }),
  scanner({
    kind: "DaemonSet",
    group: "apps",
    resource: "daemonsets",
    list: ({ apps }, page, options) => apps.listDaemonSetForAllNamespaces(page, options),
    references: (daemonSet) => podSpecReferences(daemonSet.spec?.template.spec),
  }),
  scanner({
    kind: "Job",
    group: "batch",
    resource: "jobs",
    list: ({ batch }, page, options) => batch.listJobForAllNamespaces(page, options),
    references: (job) => podSpecReferences(job.spec?.template.spec),
  }),
  scanner({
    kind: "CronJob",
    group: "batch",
    resource: "cronjobs",
    list: ({ batch }, page, options) => batch.listCronJobForAllNamespaces(page, options),
    references: (cronJob) => podSpecReferences(cronJob.spec?.jobTemplate.spec?.template.spec),
  }),
];

export { SCANNED_KINDS };
export type { KindScanner, KubeApis, ListPage, PageRequest, ScannedKind };
