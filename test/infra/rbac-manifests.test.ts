import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { startCluster, type SandboxCluster } from "@caretaker/sandbox/kube/cluster";
import { loadAllYaml } from "@kubernetes/client-node";
import { afterAll, describe, expect, it } from "vitest";
import { DIRECTORY, renderRbacManifests } from "../../.ci/rbac-manifests";
import { shippedRbac } from "../../packages/cli/src/shipped-rbac";

describe("deploy/rbac (the RBAC manifests shipped in the repository)", () => {
  it("are exactly what core renders today, and nothing else is in the folder", () => {
    const rendered = renderRbacManifests();
    expect(readdirSync(DIRECTORY).sort()).toEqual(Object.keys(rendered).sort());
    for (const [file, text] of Object.entries(rendered)) expect(readFileSync(join(DIRECTORY, file), "utf8"), `deploy/rbac/${file} is stale: run npm run rbac:manifests`).toBe(text);
  });

  it("hold the same objects `caretaker rbac` prints and `caretaker bootstrap` applies", () => {
    const read = (file: string) => loadAllYaml(readFileSync(join(DIRECTORY, file), "utf8"));
    expect(read("drainer.yaml")).toEqual(shippedRbac({ forceDelete: false, only: "drainer" }));
    expect(read("drainer-force-delete.yaml")).toEqual(shippedRbac({ forceDelete: true, only: "drainer" }));
    expect(read("reader.yaml")).toEqual(shippedRbac({ forceDelete: false, only: "reader" }));
  });
});

const kubectlPath = (() => {
  try {
    return execFileSync("sh", ["-c", "command -v kubectl"], { encoding: "utf8" }).trim();
  } catch {
    return "";
  }
})();

describe.skipIf(!kubectlPath)("deploy/rbac with the real kubectl", () => {
  let cluster: SandboxCluster | undefined;
  afterAll(() => cluster?.stop());

  it("applies to a cluster, and applying again changes nothing", async () => {
    cluster = await startCluster({ name: "gitops", nodes: [{ name: "node-a" }] });
    const kubeconfig = join(mkdtempSync(join(tmpdir(), "caretaker-rbac-")), "config");
    writeFileSync(kubeconfig, JSON.stringify(cluster.kubeconfig()));
    const apply = async () => (await promisify(execFile)(kubectlPath, ["--kubeconfig", kubeconfig, "apply", "--validate=false", "-f", join(DIRECTORY, "drainer.yaml"), "-f", join(DIRECTORY, "reader.yaml")], { timeout: 60_000 })).stdout;
    expect(await apply()).toMatch(/clusterrole.rbac.authorization.k8s.io\/caretaker-drainer created/);
    expect(await apply()).not.toMatch(/created|configured/);
    const names = cluster.list("rbac.authorization.k8s.io/v1", "ClusterRole").map((role) => (role.metadata as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(shippedRbac({ forceDelete: false }).filter((object) => object.kind === "ClusterRole").map((object) => object.metadata.name)));
  });
});
