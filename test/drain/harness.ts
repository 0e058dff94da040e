import type { Clock } from "@caretaker/core/clock";
import { ClusterConnection } from "@caretaker/core/eks";
import { createDrainKube, type DrainKube } from "@caretaker/core/drain";
import { SandboxClock, startCluster, type ClusterSpec, type SandboxCluster } from "@caretaker/sandbox";
import { KubeConfig } from "@kubernetes/client-node";

/** Core's Clock over the sandbox clock, so the drain's waits run on simulated time. */
function clockOf(sandbox: SandboxClock): Clock {
  return { now: () => sandbox.nowMs(), sleep: (ms, signal) => sandbox.sleep(ms, signal) };
}

interface DrainHarness {
  cluster: SandboxCluster;
  kube: DrainKube;
  clock: Clock;
  /** Requests the drain sent, by verb + resource, e.g. "create pods/eviction". */
  requestsFor(verbResource: string): number;
}

/** A sandbox cluster on a fast clock and the drain's Kubernetes port over the real client, as an admin. */
async function drainHarness(spec: ClusterSpec, options: { scale?: number; token?: string } = {}): Promise<DrainHarness> {
  // 200× real time: 30 s grace periods pass in 150 ms while real request latency (a few ms) stays small in simulated time.
  const sandboxClock = new SandboxClock({ scale: options.scale ?? 200 });
  const cluster = await startCluster(spec, { clock: sandboxClock, timing: { recreateDelayMs: 1_000, readyDelayMs: 5_000 } });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(cluster.kubeconfig(options.token ? { name: "caller", token: options.token } : undefined)));
  const connection = new ClusterConnection({ cluster: spec.name, kubeConfig, source: "kubeconfig" });
  const clock = clockOf(sandboxClock);
  return {
    cluster,
    kube: createDrainKube(connection, clock),
    clock,
    requestsFor: (verbResource) => cluster.requests.filter((entry) => `${entry.verb} ${entry.resource}` === verbResource).length,
  };
}

export { clockOf, drainHarness };
export type { DrainHarness };
