import type { ConfigurationOptions } from "@kubernetes/client-node";
import { abortableBy } from "../../eks/abortable";
import type { ClusterConnection } from "../../eks/connection";
import type { CollectContext } from "./context";

/**
 * How long one Kubernetes request may take. A private endpoint the function cannot reach, or a stuck API server,
 * must cost one cluster a problem, not the whole run its Lambda time.
 */
const KUBE_REQUEST_TIMEOUT_MS = 30_000;

/**
 * One counted Kubernetes request with a deadline on the collector's clock, through the connection (which explains
 * failures and re-signs the token once on a 401). A request past the deadline is aborted and fails saying so.
 */
async function kubeRequest<T>(ctx: CollectContext, connection: ClusterConnection, operation: string, send: (options: ConfigurationOptions) => Promise<T>): Promise<T> {
  const deadline = new AbortController();
  const settled = new AbortController();
  const timeoutMs = ctx.deps.kubeRequestTimeoutMs ?? KUBE_REQUEST_TIMEOUT_MS;
  ctx.deps.clock.sleep(timeoutMs, settled.signal).then(
    () => deadline.abort(new Error(`Cluster "${connection.cluster}" did not answer within ${timeoutMs / 1000} s while trying to ${operation}.`)),
    () => undefined,
  );
  try {
    return await ctx.kube(operation, () => connection.call(operation, () => send(abortableBy(deadline.signal))));
  } catch (error) {
    throw deadline.signal.aborted ? deadline.signal.reason : error;
  } finally {
    settled.abort();
  }
}

export { KUBE_REQUEST_TIMEOUT_MS, kubeRequest };
