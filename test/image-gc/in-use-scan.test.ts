import { READER_GROUP } from "@caretaker/core/access";
import { ClusterConnection } from "@caretaker/core/eks";
import { IMAGE_SCAN_RULES, imageScannerRbac, type InUseScan, scanClusterImages } from "@caretaker/core/image-gc/in-use";
import { type ClusterSpec, type SandboxCluster, startCluster } from "@caretaker/sandbox";
import { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const R = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const digest = (byte: string) => `sha256:${byte.repeat(32)}`;
const SCANNER_TOKEN = "image-scanner-token";

/** Objects seeded verbatim have no controller behind them: each image below lives in exactly one kind of object. */
const template = (image: string, extra: Record<string, unknown> = {}) => ({ metadata: { labels: { app: "x" } }, spec: { containers: [{ name: "main", image }], ...extra } });
const SPEC: ClusterSpec = {
  name: "prod",
  nodes: [{ name: "node-a" }],
  deployments: [{ name: "web", namespace: "shop", replicas: 1, image: `${R}/web:v3`, history: [`${R}/web:v1`, `${R}/web:v2`] }],
  statefulSets: [{ name: "db", namespace: "shop", replicas: 1, image: `${R}/db:15`, history: [`${R}/db:14`] }],
  cronJobs: [{ name: "report", namespace: "shop", image: `${R}/report:5` }],
  objects: [
    ...(imageScannerRbac() as never[]),
    { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "idle", namespace: "shop" }, spec: { replicas: 0, selector: { matchLabels: { app: "x" } }, template: template(`${R}/idle:v1`) } },
    { apiVersion: "apps/v1", kind: "StatefulSet", metadata: { name: "archive", namespace: "shop" }, spec: { replicas: 0, serviceName: "archive", selector: { matchLabels: { app: "x" } }, template: template(`${R}/archive:1`) } },
    {
      apiVersion: "apps/v1",
      kind: "DaemonSet",
      metadata: { name: "agent", namespace: "kube-system" },
      spec: { selector: { matchLabels: { app: "x" } }, template: template(`${R}/agent:2`, { nodeSelector: { "caretaker.dev/none": "true" } }) },
    },
    // A DaemonSet's ControllerRevision stores its template as a strategic-merge patch.
    {
      apiVersion: "apps/v1",
      kind: "ControllerRevision",
      metadata: { name: "agent-5d8f", namespace: "kube-system" },
      revision: 1,
      data: { spec: { template: { $patch: "replace", spec: { containers: [{ name: "main", image: `${R}/agent:1` }], initContainers: [{ name: "setup", image: `${R}/agent-setup:1` }] } } } },
    },
    { apiVersion: "batch/v1", kind: "Job", metadata: { name: "migrate", namespace: "shop" }, spec: { template: template(`${R}/migrate:7`, { restartPolicy: "Never" }) } },
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "debugged", namespace: "shop" },
      spec: {
        nodeName: "node-a",
        containers: [{ name: "app", image: `${R}/app:1` }],
        initContainers: [{ name: "init", image: `${R}/init:1` }],
        ephemeralContainers: [{ name: "debugger", image: `${R}/debug:1` }],
        volumes: [{ name: "model", image: { reference: `${R}/model:3` } }],
      },
      status: {
        phase: "Running",
        containerStatuses: [
          { name: "app", image: `${R}/app:1`, imageID: `${R}/app@${digest("a1")}`, ready: true, restartCount: 0, volumeMounts: [{ name: "model", mountPath: "/model", volumeStatus: { image: { imageRef: `${R}/model@${digest("e5")}` } } }] },
        ],
        initContainerStatuses: [{ name: "init", image: `${R}/init:1`, imageID: `docker-pullable://${R}/init@${digest("b2")}`, ready: true, restartCount: 0 }],
        ephemeralContainerStatuses: [{ name: "debugger", image: `${R}/debug:1`, imageID: `${R}/debug@${digest("c3")}`, ready: false, restartCount: 0 }],
      },
    },
    // containerd names an imageID after whichever repository the node first pulled that manifest under.
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "aliased", namespace: "shop" },
      spec: { nodeName: "node-a", containers: [{ name: "app", image: `${R}/app-b:1` }] },
      status: { phase: "Running", containerStatuses: [{ name: "app", image: `${R}/app-b:1`, imageID: `${R}/app-a@${digest("f6")}`, ready: true, restartCount: 0 }] },
    },
    // The Docker runtime reports a bare image id for images it cannot name a repository for.
    {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "local", namespace: "shop" },
      spec: { nodeName: "node-a", containers: [{ name: "app", image: `${R}/local:1` }] },
      status: { phase: "Running", containerStatuses: [{ name: "app", image: `${R}/local:1`, imageID: `docker://${digest("a7")}`, ready: true, restartCount: 0 }] },
    },
  ] as never[],
  staticTokens: { [SCANNER_TOKEN]: { username: "caretaker-scanner", groups: [READER_GROUP] } },
};

let cluster: SandboxCluster;
beforeAll(async () => {
  cluster = await startCluster(SPEC, { resolveImage: (image) => (image === `${R}/web:v3` ? digest("d4") : undefined) });
});
afterAll(() => cluster.stop());

/** The scanner as deployed: a static token whose group is bound to exactly the image scanner's ClusterRole. */
function scannerConnection(): ClusterConnection {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(cluster.kubeconfig({ name: "scanner", token: SCANNER_TOKEN })));
  return new ClusterConnection({ cluster: "prod", kubeConfig, source: "kubeconfig" });
}

/** `<source> <field>` of every use of one image text, sorted. */
function whereUsed(scan: InUseScan, raw: string): string[] {
  return scan.uses.filter((use) => use.raw === raw).map((use) => `${use.source} ${use.field}`).sort();
}

describe("scanClusterImages", () => {
  it("needs exactly list on pods, the apps workloads with their ControllerRevisions, jobs and cronjobs", () => {
    // Assess
    expect(IMAGE_SCAN_RULES).toEqual([
      { apiGroups: [""], resources: ["pods"], verbs: ["list"] },
      { apiGroups: ["apps"], resources: ["controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"], verbs: ["list"] },
      { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: ["list"] },
    ]);
  });

  it("completes with only those rules and counts every object of every kind", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(scan).toMatchObject({ cluster: "prod", complete: true, failures: [] });
    expect(scan.counts).toEqual({ Pod: 5, Deployment: 2, ReplicaSet: 3, StatefulSet: 2, ControllerRevision: 3, DaemonSet: 1, Job: 1, CronJob: 1 });
  });

  it("records a pod's containers, init containers, ephemeral containers and image volumes", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    for (const image of ["app:1", "init:1", "debug:1", "model:3"]) expect(whereUsed(scan, `${R}/${image}`)).toEqual(["prod/shop/Pod/debugged spec"]);
  });

  it("records the digest the runtime reports for every container status and image volume", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/app@${digest("a1")}`)).toEqual(["prod/shop/Pod/debugged status.imageID"]);
    expect(whereUsed(scan, `docker-pullable://${R}/init@${digest("b2")}`)).toEqual(["prod/shop/Pod/debugged status.imageID"]);
    expect(whereUsed(scan, `${R}/debug@${digest("c3")}`)).toEqual(["prod/shop/Pod/debugged status.imageID"]);
    expect(whereUsed(scan, `${R}/model@${digest("e5")}`)).toEqual(["prod/shop/Pod/debugged status.imageID"]);
    expect(scan.uses.find((use) => use.raw === `docker-pullable://${R}/init@${digest("b2")}`)?.ref).toEqual({ registry: R, repository: "init", digest: digest("b2") });
  });

  it("records the runtime's digest also against the repository a container asked for when the imageID names another", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    const refs = scan.uses.filter((use) => use.source === "prod/shop/Pod/aliased" && use.field === "status.imageID").map((use) => use.ref);
    expect(refs).toEqual([
      { registry: R, repository: "app-a", digest: digest("f6") },
      { registry: R, repository: "app-b", digest: digest("f6") },
    ]);
  });

  it("keeps imageIDs that name no repository aside as unreadable, and the spec's reference still counts", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(scan.unreadable).toEqual([{ raw: `docker://${digest("a7")}`, source: "prod/shop/Pod/local", field: "status.imageID" }]);
    expect(whereUsed(scan, `${R}/local:1`)).toEqual(["prod/shop/Pod/local spec"]);
  });

  it("records a Deployment's template at zero replicas", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/idle:v1`)).toEqual(["prod/shop/Deployment/idle spec"]);
  });

  it("records the images of scaled-down ReplicaSets kept for rollback", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    for (const image of ["web:v1", "web:v2"]) expect(whereUsed(scan, `${R}/${image}`)).toEqual([expect.stringMatching(/^prod\/shop\/ReplicaSet\/web-\w+ spec$/)]);
    expect(whereUsed(scan, `${R}/web:v3`)).toEqual([
      "prod/shop/Deployment/web spec",
      expect.stringMatching(/^prod\/shop\/Pod\/web-\w+-\w+ spec$/),
      expect.stringMatching(/^prod\/shop\/ReplicaSet\/web-\w+ spec$/),
    ]);
    expect(whereUsed(scan, `${R}/web@${digest("d4")}`)).toEqual([expect.stringMatching(/^prod\/shop\/Pod\/web-\w+-\w+ status.imageID$/)]);
  });

  it("records a StatefulSet's template at zero replicas", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/archive:1`)).toEqual(["prod/shop/StatefulSet/archive spec"]);
  });

  it("records StatefulSet and DaemonSet history kept in ControllerRevisions", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/db:14`)).toEqual([expect.stringMatching(/^prod\/shop\/ControllerRevision\/db-\w+ spec$/)]);
    expect(whereUsed(scan, `${R}/agent:1`)).toEqual(["prod/kube-system/ControllerRevision/agent-5d8f spec"]);
    expect(whereUsed(scan, `${R}/agent-setup:1`)).toEqual(["prod/kube-system/ControllerRevision/agent-5d8f spec"]);
  });

  it("records a DaemonSet's template while it runs no pods", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/agent:2`)).toEqual(["prod/kube-system/DaemonSet/agent spec"]);
  });

  it("records a Job's template when it has no pods", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/migrate:7`)).toEqual(["prod/shop/Job/migrate spec"]);
  });

  it("records a CronJob's job template before its next run", async () => {
    // Act
    const scan = await scanClusterImages(scannerConnection());
    // Assess
    expect(whereUsed(scan, `${R}/report:5`)).toEqual(["prod/shop/CronJob/report spec"]);
  });
});
