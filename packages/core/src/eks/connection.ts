import { ApiException, type ApiConstructor, type ApiType, type KubeConfig } from "@kubernetes/client-node";
import { type CredentialSource, explainKubernetesError } from "./errors";
import type { EksTokenSource } from "./token-source";

/**
 * A connection to one cluster's API server: the configured `KubeConfig`, typed API clients, and `call()`, which
 * turns failures into errors that name the cluster, the operation and the remedy. For EKS connections a 401 (token
 * expired or clock skew) refreshes the token and retries once.
 */
class ClusterConnection {
  readonly cluster: string;
  readonly server: string;
  readonly kubeConfig: KubeConfig;
  readonly source: CredentialSource;
  readonly #tokens: EksTokenSource | undefined;

  constructor(options: { cluster: string; kubeConfig: KubeConfig; source: CredentialSource; tokens?: EksTokenSource }) {
    this.cluster = options.cluster;
    this.kubeConfig = options.kubeConfig;
    this.server = options.kubeConfig.getCurrentCluster()?.server ?? "";
    this.source = options.source;
    this.#tokens = options.tokens;
  }

  api<T extends ApiType>(apiClass: ApiConstructor<T>): T {
    return this.kubeConfig.makeApiClient(apiClass);
  }

  /** Runs one Kubernetes request; `operation` reads as a verb phrase ("list nodes") in error messages. */
  async call<T>(operation: string, request: () => Promise<T>): Promise<T> {
    const context = { cluster: this.cluster, server: this.server, operation, source: this.source };
    try {
      return await request();
    } catch (error) {
      if (!(this.#tokens && error instanceof ApiException && error.code === 401)) throw explainKubernetesError(error, context);
      this.#tokens.invalidate();
      try {
        return await request();
      } catch (retryError) {
        throw explainKubernetesError(retryError, context);
      }
    }
  }
}

export { ClusterConnection };
