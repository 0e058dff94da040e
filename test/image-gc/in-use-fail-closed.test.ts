import { type PolicyRule, READER_GROUP } from "@caretaker/core/access";
import { ClusterConnection } from "@caretaker/core/eks";
import { IMAGE_SCAN_RULES, imageScannerRbac, type InUseScan, scanClusterImages } from "@caretaker/core/image-gc/in-use";
import { type ClusterSpec, SandboxClock, type SandboxCluster, startCluster } from "@caretaker/sandbox";
import { KubeConfig } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";

const R = "111122223333.dkr.ecr.eu-west-1.amazonaws.com";
const SCANNER_TOKEN = "image-scanner-token";

let cluster: SandboxCluster | undefined;
let clock: SandboxClock | undefined;
afterEach(async () => {
  await cluster?.stop();
  clock?.dispose();
  cluster = undefined;
  clock = undefined;
});

/** A cluster where the scanner's group is bound to `rules` (the shipped ones unless a test takes some away). */
async function start(spec: Omit<ClusterSpec, "name">, options: { rules?: PolicyRule[]; clock?: SandboxClock } = {}): Promise<SandboxCluster> {
  clock = options.clock;
  const rbac = imageScannerRbac().map((object) => (object.kind === "ClusterRole" ? { ...object, rules: options.rules ?? IMAGE_SCAN_RULES } : object));
  cluster = await startCluster(
    { name: "prod", nodes: [{ name: "node-a" }], ...spec, objects: [...(rbac as never[]), ...(spec.objects ?? [])], staticTokens: { [SCANNER_TOKEN]: { username: "caretaker-scanner", groups: [READER_GROUP] } } },
    options.clock ? { clock: options.clock } : {},
  );
  return cluster;
}

function scannerConnection(target: SandboxCluster): ClusterConnection {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(target.kubeconfig({ name: "scanner", token: SCANNER_TOKEN })));
  return new ClusterConnection({ cluster: target.name, kubeConfig, source: "kubeconfig" });
}

/** A comparable fingerprint of what a scan found. */
function found(scan: InUseScan): string[] {
  return scan.uses.map((use) => `${use.source} ${use.field} ${use.raw}`).sort();
}

const WORKLOADS: Omit<ClusterSpec, "name"> = {
  deployments: [{ name: "web", namespace: "shop", replicas: 3, image: `${R}/web:v3`, history: [`${R}/web:v2`] }],
  statefulSets: [{ name: "db", namespace: "shop", replicas: 2, image: `${R}/db:15`, history: [`${R}/db:14`] }],
  daemonSets: [{ name: "agent", image: `${R}/agent:2` }],
  jobs: [{ name: "migrate", namespace: "shop", image: `${R}/migrate:7` }],
  cronJobs: [{ name: "report", namespace: "shop", image: `${R}/report:5` }],
};

describe("scanClusterImages fails closed", () => {
  it("reads a cluster with more pods than a page, page by page, missing none", async () => {
    // Prepare
    const target = await start({ pods: Array.from({ length: 12 }, (_, index) => ({ name: `pod-${index}`, namespace: "shop", image: `${R}/app:${index}` })) });
    // Act
    const scan = await scanClusterImages(scannerConnection(target), { pageSize: 5 });
    // Assess
    expect(scan.complete).toBe(true);
    expect(scan.counts.Pod).toBe(12);
    expect(new Set(scan.uses.filter((use) => use.field === "spec").map((use) => use.raw))).toEqual(new Set(Array.from({ length: 12 }, (_, index) => `${R}/app:${index}`)));
    const podPages = target.requests.filter((entry) => entry.path === "/api/v1/pods");
    expect(podPages.map((entry) => [entry.status, new URLSearchParams(entry.query).has("continue")])).toEqual([
      [200, false],
      [200, true],
      [200, true],
    ]);
  });

  it("is incomplete, naming the denied rule, when RBAC refuses one kind, and keeps what the other kinds use", async () => {
    // Prepare
    const withoutRevisions = IMAGE_SCAN_RULES.map((rule) => ({ ...rule, resources: rule.resources.filter((resource) => resource !== "controllerrevisions") }));
    const target = await start(WORKLOADS, { rules: withoutRevisions });
    // Act
    const scan = await scanClusterImages(scannerConnection(target));
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.failures).toEqual([expect.stringContaining('denied list on controllerrevisions (API group "apps", cluster scope) to caretaker-scanner')]);
    expect(scan.failures[0]).toContain("403 Forbidden");
    expect(scan.uses.some((use) => use.raw === `${R}/db:14`)).toBe(false);
    expect(scan.uses.filter((use) => use.raw === `${R}/web:v2`).map((use) => use.source)).toEqual([expect.stringMatching(/^prod\/shop\/ReplicaSet\//)]);
  });

  it("is incomplete with one reason per kind when the scanner has no RBAC at all", async () => {
    // Prepare
    const target = await start(WORKLOADS, { rules: [] });
    // Act
    const scan = await scanClusterImages(scannerConnection(target));
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.uses).toEqual([]);
    expect(scan.failures.map((failure) => /denied list on (\w+)/.exec(failure)?.[1])).toEqual(["pods", "deployments", "replicasets", "statefulsets", "controllerrevisions", "daemonsets", "jobs", "cronjobs"]);
  });

  it("retries random 5xx answers until every list is whole", async () => {
    // Prepare
    const sandboxClock = new SandboxClock({ scale: 100 });
    const target = await start(WORKLOADS, { clock: sandboxClock });
    const baseline = await scanClusterImages(scannerConnection(target));
    target.faults.errorRate = 0.2;
    // Backoff runs on simulated time; the deadline stays far above real request latency.
    const options = { pageSize: 2, attempts: 6, requestTimeoutMs: 600_000, clock: { now: () => sandboxClock.nowMs(), sleep: (ms: number, signal?: AbortSignal) => sandboxClock.sleep(ms, signal) } };
    // Act
    const scans = [];
    for (let run = 0; run < 5; run++) scans.push(await scanClusterImages(scannerConnection(target), options));
    // Assess
    expect(target.requests.filter((entry) => entry.fault === "random-error").length).toBeGreaterThan(5);
    for (const scan of scans) {
      expect(scan.complete).toBe(true);
      expect(found(scan)).toEqual(found(baseline));
    }
  });

  it("under random 5xx without retries, is either complete and exact or incomplete with the 5xx, never silently partial", async () => {
    // Prepare
    const target = await start(WORKLOADS);
    const baseline = await scanClusterImages(scannerConnection(target));
    target.faults.errorRate = 0.1;
    // Act
    const scans = [];
    for (let run = 0; run < 12; run++) scans.push(await scanClusterImages(scannerConnection(target), { attempts: 1 }));
    // Assess
    for (const scan of scans) {
      if (scan.complete) expect(found(scan)).toEqual(found(baseline));
      else {
        expect(scan.failures.length).toBeGreaterThan(0);
        for (const failure of scan.failures) expect(failure).toMatch(/answered (500|503)/);
        expect(found(baseline)).toEqual(expect.arrayContaining(found(scan)));
      }
    }
    // Both outcomes happened, so both branches above were checked.
    expect(new Set(scans.map((scan) => scan.complete))).toEqual(new Set([true, false]));
  });

  it("is incomplete when the API server does not answer in time", async () => {
    // Prepare
    const target = await start(WORKLOADS);
    target.faults.latencyMs = 5_000;
    // Act
    const scan = await scanClusterImages(scannerConnection(target), { requestTimeoutMs: 100, attempts: 2 });
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.failures).toHaveLength(8);
    expect(scan.failures[0]).toBe('Cluster "prod" (list pods in all namespaces): no answer within 100 ms');
  });

  it("is incomplete when the API server is unreachable", async () => {
    // Prepare
    const target = await start(WORKLOADS);
    const connection = scannerConnection(target);
    await target.stop();
    cluster = undefined;
    // Act
    const scan = await scanClusterImages(connection, { attempts: 2 });
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.failures).toHaveLength(8);
    expect(scan.failures[0]).toMatch(/^Cannot reach the API server of cluster "prod" at https:\/\/127\.0\.0\.1:\d+ while trying to list pods in all namespaces/);
  });

  it("starts a list again from the top when the server answers 410 Gone, counting nothing twice", async () => {
    // Prepare
    const target = await start({ pods: Array.from({ length: 5 }, (_, index) => ({ name: `pod-${index}`, namespace: "shop", image: `${R}/app:${index}` })) });
    target.faults.script({ method: "GET", path: "/api/v1/pods", status: 410, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410, message: "The provided continue parameter is too old" }, times: 1 });
    // Act
    const scan = await scanClusterImages(scannerConnection(target), { pageSize: 2 });
    // Assess
    expect(scan.complete).toBe(true);
    expect(scan.counts.Pod).toBe(5);
    expect(scan.uses.filter((use) => use.field === "spec")).toHaveLength(5);
  });

  it("is incomplete, not truncated, when every continue token expires before it is used", async () => {
    // Prepare: each request takes 6 simulated minutes; the sandbox keeps a list snapshot for 5.
    const target = await start({ pods: Array.from({ length: 3 }, (_, index) => ({ name: `pod-${index}`, namespace: "shop", image: `${R}/app:${index}` })) }, { clock: new SandboxClock({ scale: 2_000 }) });
    target.faults.latencyMs = 6 * 60_000;
    // Act
    const scan = await scanClusterImages(scannerConnection(target), { pageSize: 2 });
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.failures).toEqual([expect.stringMatching(/answered 410 Expired while trying to list pods in all namespaces.*\(after restarting the list 2 times\)$/)]);
  });

  it("is incomplete when it lists no pods at all (every cluster runs system pods), yet keeps the templates it found", async () => {
    // Prepare
    const target = await start({
      objects: [{ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "idle", namespace: "shop" }, spec: { replicas: 0, selector: { matchLabels: { app: "idle" } }, template: { metadata: { labels: { app: "idle" } }, spec: { containers: [{ name: "main", image: `${R}/idle:1` }] } } } }] as never[],
    });
    // Act
    const scan = await scanClusterImages(scannerConnection(target));
    // Assess
    expect(scan.complete).toBe(false);
    expect(scan.failures).toEqual([expect.stringContaining('Cluster "prod" listed 0 pods in all namespaces')]);
    expect(scan.uses.map((use) => use.source)).toEqual(["prod/shop/Deployment/idle"]);
  });

  it("refuses a page size below 1 before sending anything", async () => {
    // Prepare
    const target = await start(WORKLOADS);
    // Act
    const scanning = scanClusterImages(scannerConnection(target), { pageSize: 0 });
    // Assess
    await expect(scanning).rejects.toThrow(RangeError);
    expect(target.requests).toEqual([]);
  });
});
