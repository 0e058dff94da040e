import { applyRbac, drainerRbac } from "@caretaker/core/access";
import { ClusterConnection } from "@caretaker/core/eks";
import { type SandboxCluster, startCluster } from "@caretaker/sandbox";
import { KubeConfig, RbacAuthorizationV1Api } from "@kubernetes/client-node";
import { afterEach, describe, expect, it } from "vitest";

let cluster: SandboxCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

const SHIPPED = drainerRbac({ forceDelete: false });

async function start(objects: object[] = []) {
  cluster = await startCluster({ name: "prod", nodes: [{ name: "node-a" }], objects: objects as never });
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromString(JSON.stringify(cluster.kubeconfig()));
  return { cluster, connection: new ClusterConnection({ cluster: "prod", kubeConfig, source: "kubeconfig" }), rbac: kubeConfig.makeApiClient(RbacAuthorizationV1Api) };
}

describe("applyRbac (the shipped objects, idempotently)", () => {
  it("takes rules written differently but granting the same as unchanged", async () => {
    const [role, binding] = SHIPPED;
    // The same grants, one verb per rule and in another order.
    const rewritten = { ...role, rules: [...(role?.rules ?? [])].reverse().flatMap((rule) => rule.verbs.map((verb) => ({ ...rule, verbs: [verb] }))) };
    const { connection } = await start([rewritten, binding as object]);
    const results = await applyRbac(connection, SHIPPED, { dryRun: false });
    expect(results.map((result) => result.outcome)).toEqual(["unchanged", "unchanged"]);
  });

  it("adds Caretaker's labels to an object that lacks them, keeping its rules", async () => {
    const [role, binding] = SHIPPED;
    const { connection, rbac } = await start([{ ...role, metadata: { name: "caretaker-drainer" } }, binding as object]);
    const [result] = await applyRbac(connection, SHIPPED, { dryRun: false });
    expect(result).toEqual({ kind: "ClusterRole", name: "caretaker-drainer", outcome: "updated", changes: ["adds label app.kubernetes.io/name=caretaker", "adds label app.kubernetes.io/component=access"] });
    expect((await rbac.readClusterRole({ name: "caretaker-drainer" })).metadata?.labels).toEqual(role?.metadata.labels);
  });

  it("re-reads and tries again when someone changed the object between read and write (409)", async () => {
    const [role, binding] = SHIPPED;
    const { cluster: sandbox, connection } = await start([{ ...role, rules: [] }, binding as object]);
    sandbox.faults.script({
      method: "PUT",
      path: "/apis/rbac.authorization.k8s.io/v1/clusterroles/caretaker-drainer",
      status: 409,
      body: { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", reason: "Conflict", code: 409, message: 'Operation cannot be fulfilled on clusterroles.rbac.authorization.k8s.io "caretaker-drainer": the object has been modified; please apply your changes to the latest version and try again' },
      times: 1,
    });
    const [result] = await applyRbac(connection, SHIPPED, { dryRun: false });
    expect(result?.outcome).toBe("updated");
    expect(sandbox.requests.filter((entry) => entry.method === "PUT").map((entry) => entry.status)).toEqual([409, 200]);
    expect(sandbox.get("rbac.authorization.k8s.io/v1", "ClusterRole", undefined, "caretaker-drainer")?.rules).toEqual(role?.rules);
  });

  it("sends a dry run's writes with dryRun=All and stores nothing", async () => {
    const { cluster: sandbox, connection } = await start();
    const results = await applyRbac(connection, SHIPPED, { dryRun: true });
    expect(results.map((result) => result.outcome)).toEqual(["created", "created"]);
    expect(sandbox.requests.filter((entry) => entry.method === "POST").map((entry) => entry.query)).toEqual(["?dryRun=All", "?dryRun=All"]);
    expect(sandbox.list("rbac.authorization.k8s.io/v1", "ClusterRole").map((object) => object.metadata.name)).not.toContain("caretaker-drainer");
  });
});
