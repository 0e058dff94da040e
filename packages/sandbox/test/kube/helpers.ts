import { KubeConfig } from "@kubernetes/client-node";
import { ApiException } from "@kubernetes/client-node";
import type { SandboxCluster } from "../../src/kube/cluster";

/** A client-node KubeConfig for the sandbox cluster, trusting only its CA (no skipTLSVerify). */
function kubeConfigFor(cluster: SandboxCluster, user?: Parameters<SandboxCluster["kubeconfig"]>[0]): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(cluster.kubeconfig(user)));
  return kubeConfig;
}

/** The parsed Status of a failed client-node call (ApiException.body is the raw JSON text). */
async function failureOf(promise: Promise<unknown>): Promise<{ code: number; status: { reason?: string; message?: string; details?: { causes?: Array<{ reason?: string; message?: string }>; retryAfterSeconds?: number } }; headers: Record<string, string> }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiException) {
      return { code: error.code, status: typeof error.body === "string" ? JSON.parse(error.body) : error.body, headers: error.headers };
    }
    throw error;
  }
  throw new Error("expected the request to fail, but it succeeded");
}

export { failureOf, kubeConfigFor };
