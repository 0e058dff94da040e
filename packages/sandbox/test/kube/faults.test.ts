import { CoreV1Api } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";
import { SandboxClock } from "../../src/clock";
import { type SandboxCluster, startCluster } from "../../src/kube/cluster";
import { failureOf, kubeConfigFor } from "./helpers";

let cluster: SandboxCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

async function start(seed = 7) {
  cluster = await startCluster({ name: "prod", nodes: [{ name: "node-a" }], deployments: [{ name: "web", namespace: "shop", replicas: 2 }] }, { seed, clock: new SandboxClock({ scale: 1000 }) });
  return { cluster, core: kubeConfigFor(cluster).makeApiClient(CoreV1Api) };
}

async function outcomes(core: CoreV1Api, count: number): Promise<number[]> {
  const codes: number[] = [];
  for (let i = 0; i < count; i++) codes.push(await core.listNode().then(() => 200, (error: { code: number }) => error.code));
  return codes;
}

describe("fault injection", () => {
  it("fails a seeded share of requests with 5xx, identically for the same seed", async () => {
    const first = await start(11);
    first.cluster.faults.errorRate = 0.3;
    const codesA = await outcomes(first.core, 60);
    await first.cluster.stop();
    const second = await start(11);
    second.cluster.faults.errorRate = 0.3;
    const codesB = await outcomes(second.core, 60);
    expect(codesA).toEqual(codesB);
    const failures = codesA.filter((code) => code >= 500).length;
    expect(failures).toBeGreaterThan(6);
    expect(failures).toBeLessThan(36);
    expect(second.cluster.requests.filter((entry) => entry.fault === "random-error")).toHaveLength(failures);
  });

  it("answers scripted responses a given number of times, then normally", async () => {
    const { cluster, core } = await start();
    cluster.faults.script({ method: "GET", path: "/api/v1/nodes", status: 429, body: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "TooManyRequests", code: 429 }, headers: { "Retry-After": "2" }, times: 2 });
    expect(await outcomes(core, 3)).toEqual([429, 429, 200]);
  });

  it("delays every request by the configured latency in simulated time", async () => {
    const { cluster, core } = await start();
    cluster.faults.latencyMs = 5_000;
    const before = cluster.clock.nowMs();
    await core.listNode();
    expect(cluster.clock.nowMs() - before).toBeGreaterThanOrEqual(5_000);
  });

  it("logs each request with verb, resource, user and status", async () => {
    const { cluster, core } = await start();
    await core.listNamespacedPod({ namespace: "shop", fieldSelector: "spec.nodeName=node-a", limit: 500 });
    await failureOf(core.readNamespacedPod({ namespace: "shop", name: "ghost" }));
    expect(cluster.requests.slice(-2)).toEqual([
      expect.objectContaining({ method: "GET", path: "/api/v1/namespaces/shop/pods", query: "?fieldSelector=spec.nodeName%3Dnode-a&limit=500", verb: "list", resource: "pods", user: "kubernetes-admin", status: 200 }),
      expect.objectContaining({ verb: "get", resource: "pods", status: 404 }),
    ]);
  });
});

describe("namespace deletion", () => {
  it("terminates the namespace's pods gracefully and removes the namespace once it is empty", async () => {
    const { cluster, core } = await start();
    await core.deleteNamespace({ name: "shop" });
    expect((await core.readNamespace({ name: "shop" })).status?.phase).toBe("Terminating");
    await expect(core.createNamespacedConfigMap({ namespace: "shop", body: { metadata: { name: "late" } } })).rejects.toMatchObject({ code: 403 });
    cluster.clock.advance(31_000);
    cluster.clock.advance(1_000);
    expect((await failureOf(core.readNamespace({ name: "shop" }))).code).toBe(404);
    expect(cluster.counters.total).toBe(0);
  });
});
