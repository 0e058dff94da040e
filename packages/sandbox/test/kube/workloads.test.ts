import { AppsV1Api, BatchV1Api, CoreV1Api, StorageV1Api } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { kubeConfigFor } from "./helpers";

let cluster: SandboxCluster;
const REGISTRY = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const DIGEST = `sha256:${"ab".repeat(32)}`;

beforeAll(async () => {
  cluster = await startCluster(
    {
      name: "prod",
      nodes: [{ name: "node-a" }, { name: "node-b" }],
      deployments: [{ name: "api", namespace: "shop", replicas: 2, image: `${REGISTRY}/api:v3`, history: [`${REGISTRY}/api:v1`, `${REGISTRY}/api:v2`], initImages: [`${REGISTRY}/migrate:v3`] }],
      statefulSets: [{ name: "db", namespace: "shop", replicas: 2, image: `${REGISTRY}/db:15`, history: [`${REGISTRY}/db:14`] }],
      daemonSets: [{ name: "agent", image: `${REGISTRY}/agent@${DIGEST}` }],
      jobs: [{ name: "backfill", namespace: "shop", image: `${REGISTRY}/backfill:1`, completed: true }],
      cronJobs: [{ name: "report", namespace: "shop", image: `${REGISTRY}/report:7` }],
      objects: [{ apiVersion: "storage.k8s.io/v1", kind: "VolumeAttachment", metadata: { name: "csi-123" }, spec: { attacher: "ebs.csi.aws.com", nodeName: "node-a", source: { persistentVolumeName: "pv-1" } } } as never],
    },
    { resolveImage: (image) => (image === `${REGISTRY}/api:v3` ? `sha256:${"cd".repeat(32)}` : undefined) },
  );
});
afterAll(() => cluster.stop());

describe("workload objects", () => {
  it("keeps a Deployment's rollback history as scaled-down ReplicaSets owned by it", async () => {
    const apps = kubeConfigFor(cluster).makeApiClient(AppsV1Api);
    const deployment = await apps.readNamespacedDeployment({ name: "api", namespace: "shop" });
    const replicaSets = (await apps.listNamespacedReplicaSet({ namespace: "shop" })).items.filter((rs) => rs.metadata?.ownerReferences?.[0]?.uid === deployment.metadata?.uid);
    expect(replicaSets.map((rs) => [rs.spec?.template?.spec?.containers[0]?.image, rs.spec?.replicas]).sort()).toEqual([
      [`${REGISTRY}/api:v1`, 0],
      [`${REGISTRY}/api:v2`, 0],
      [`${REGISTRY}/api:v3`, 2],
    ]);
  });

  it("keeps StatefulSet history in ControllerRevisions", async () => {
    const apps = kubeConfigFor(cluster).makeApiClient(AppsV1Api);
    const revisions = (await apps.listNamespacedControllerRevision({ namespace: "shop" })).items;
    const images = revisions.map((revision) => (revision.data as { spec: { template: { spec: { containers: Array<{ image: string }> } } } }).spec.template.spec.containers[0]?.image);
    expect(images.sort()).toEqual([`${REGISTRY}/db:14`, `${REGISTRY}/db:15`]);
  });

  it("reports each container's imageID by digest, resolved through the registry when the image is a tag", async () => {
    const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
    const pods = (await core.listNamespacedPod({ namespace: "shop", labelSelector: "app=api" })).items;
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.status?.containerStatuses?.[0]?.imageID).toBe(`${REGISTRY}/api@sha256:${"cd".repeat(32)}`);
      expect(pod.status?.initContainerStatuses?.[0]?.image).toBe(`${REGISTRY}/migrate:v3`);
    }
    const agents = (await core.listNamespacedPod({ namespace: "kube-system", labelSelector: "app=agent" })).items;
    expect(agents.map((pod) => pod.spec?.nodeName).sort()).toEqual(["node-a", "node-b"]);
    expect(agents[0]?.status?.containerStatuses?.[0]?.imageID).toBe(`${REGISTRY}/agent@${DIGEST}`);
  });

  it("serves Jobs (with their finished pods) and CronJobs", async () => {
    const batch = kubeConfigFor(cluster).makeApiClient(BatchV1Api);
    expect((await batch.listNamespacedJob({ namespace: "shop" })).items.map((job) => job.metadata?.name)).toEqual(["backfill"]);
    const cronJob = await batch.readNamespacedCronJob({ name: "report", namespace: "shop" });
    expect(cronJob.spec?.jobTemplate.spec?.template.spec?.containers[0]?.image).toBe(`${REGISTRY}/report:7`);
    const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
    const jobPods = (await core.listNamespacedPod({ namespace: "shop", labelSelector: "app=backfill" })).items;
    expect(jobPods[0]?.status?.phase).toBe("Succeeded");
  });

  it("lists VolumeAttachments and accepts Events", async () => {
    const storage = kubeConfigFor(cluster).makeApiClient(StorageV1Api);
    expect((await storage.listVolumeAttachment()).items.map((va) => va.spec.nodeName)).toEqual(["node-a"]);
    const core = kubeConfigFor(cluster).makeApiClient(CoreV1Api);
    const event = await core.createNamespacedEvent({ namespace: "default", body: { metadata: { generateName: "node-a." }, involvedObject: { kind: "Node", name: "node-a" }, reason: "CaretakerDrain", message: "draining", type: "Normal" } });
    expect(event.metadata?.name).toMatch(/^node-a\./);
  });
});
