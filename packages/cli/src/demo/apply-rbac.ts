import type { RbacObject } from "@caretaker/core/access";
import type { SandboxAccount } from "@caretaker/sandbox";
import { KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";

/** What `caretaker bootstrap` will do for real: apply Caretaker's shipped RBAC objects to clusters, as their admin. */
async function applyRbacAsAdmin(sandbox: SandboxAccount, clusters: readonly string[], objects: readonly RbacObject[]): Promise<void> {
  for (const cluster of clusters) {
    const admin = new KubeConfig();
    admin.loadFromString(JSON.stringify(sandbox.cluster(cluster).kubeconfig()));
    const rbac = admin.makeApiClient(RbacAuthorizationV1Api);
    for (const object of objects) {
      if (object.kind === "ClusterRole") await rbac.createClusterRole({ body: object as never });
      else await rbac.createClusterRoleBinding({ body: object as never });
    }
  }
}

export { applyRbacAsAdmin };
