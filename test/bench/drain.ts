import { drainNode, drainOptions } from "@caretaker/core/drain";
import type { ClusterSpec } from "@caretaker/sandbox";
import { drainHarness } from "../drain/harness";

/**
 * The drain benchmark: one node carrying 110 pods of 20 Deployments, each guarded by a PodDisruptionBudget with
 * maxUnavailable 1, with 5 ms of API latency. The lower bound is what the scenario itself forces: within a
 * Deployment, evictions are serialised by its PDB (each next one waits for the previous pod's replacement to be
 * created and become Ready), and the last evicted pod still takes its whole grace period; Deployments drain in
 * parallel. Times are simulated (the sandbox clock), so the ratio does not depend on this machine's speed.
 */
const GRACE_SECONDS = 10;
const RECREATE_MS = 1_000;
const READY_MS = 5_000;
const LATENCY_MS = 5;
const REPLICAS = [...Array.from({ length: 10 }, () => 5), ...Array.from({ length: 10 }, () => 6)];

function scenario(): ClusterSpec {
  return {
    name: "bench",
    nodes: [{ name: "node" }, ...Array.from({ length: 40 }, (_, i) => ({ name: `spare-${i}` }))],
    deployments: REPLICAS.map((replicas, i) => ({ name: `app-${i}`, namespace: `team-${i % 5}`, replicas, nodes: ["node"], terminationGracePeriodSeconds: GRACE_SECONDS })),
    pdbs: REPLICAS.map((_, i) => ({ name: `app-${i}`, namespace: `team-${i % 5}`, matchLabels: { app: `app-${i}` }, maxUnavailable: 1 })),
  };
}

/** The fastest any drainer could finish: the slowest Deployment's PDB-serialised chain plus its last grace period. */
function lowerBoundMs(): number {
  return Math.max(...REPLICAS.map((replicas) => (replicas - 1) * (RECREATE_MS + READY_MS) + GRACE_SECONDS * 1000));
}

async function benchDrain(): Promise<void> {
  // 5× real time: fast enough to run in seconds, slow enough that this process's own request handling (a few ms
  // per request, multiplied by the scale) stays small next to the scenario's seconds-long steps.
  const harness = await drainHarness(scenario(), { scale: 5 });
  try {
    harness.cluster.faults.latencyMs = LATENCY_MS;
    const pods = REPLICAS.reduce((sum, n) => sum + n, 0);
    const realStart = performance.now();
    const before = harness.cluster.requests.length;
    const result = await drainNode(harness.kube, harness.clock, { node: "node", reason: "bench", options: drainOptions({ excludeFromLoadBalancers: false, taint: false }) });
    const realMs = performance.now() - realStart;
    const wallMs = result.finishedAt - result.startedAt;
    const requests = harness.cluster.requests.length - before;
    const bound = lowerBoundMs();
    if (result.outcome !== "drained" || result.evicted.length !== pods) throw new Error(`drain benchmark did not drain: ${result.outcome}, ${result.evicted.length}/${pods} evicted`);
    if (harness.cluster.counters.total !== 0) throw new Error(`drain benchmark violated invariants: ${JSON.stringify(harness.cluster.counters.violations)}`);
    console.log(`drain: ${pods} pods, 20 PDB-guarded Deployments, ${LATENCY_MS} ms latency: ${(wallMs / 1000).toFixed(1)} s simulated (${realMs.toFixed(0)} ms real), lower bound ${(bound / 1000).toFixed(1)} s, ${requests} API requests`);
    console.log(JSON.stringify({ bench: "drain", wallMs, lowerBoundMs: bound, ratio: Number((wallMs / bound).toFixed(3)), requestsPerPod: Number((requests / pods).toFixed(2)) }));
  } finally {
    await harness.cluster.stop();
  }
}

export { benchDrain };
