import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { createEksToken } from "@caretaker/core/eks";
import { mockClient } from "aws-sdk-client-mock";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeApiServer, startFakeApiServer, TEST_CREDENTIALS, TEST_PRINCIPAL } from "../../../test/helpers/fake-api-server";
import { runCli } from "./run-cli";

let api: FakeApiServer;
beforeAll(async () => {
  api = await startFakeApiServer("prod");
});
afterAll(() => api.close());

async function kubeconfigWithEksToken(): Promise<string> {
  const { token } = await createEksToken({ clusterName: "prod", region: "eu-west-1", credentials: TEST_CREDENTIALS });
  const file = join(mkdtempSync(join(tmpdir(), "caretaker-cli-")), "config");
  writeFileSync(
    file,
    JSON.stringify({
      apiVersion: "v1",
      kind: "Config",
      "current-context": "prod-admin",
      clusters: [{ name: "prod", cluster: { server: api.url, "certificate-authority-data": Buffer.from(api.tls.caPem).toString("base64") } }],
      users: [{ name: "eks", user: { token } }, { name: "stale", user: { token: "k8s-aws-v1.bm90LWEtdXJs" } }],
      contexts: [
        { name: "prod-admin", context: { cluster: "prod", user: "eks" } },
        { name: "prod-stale", context: { cluster: "prod", user: "stale" } },
      ],
    }),
  );
  return file;
}

describe("caretaker probe", () => {
  it("prints a table with the server version and the identity the cluster sees, and exits 0", async () => {
    // Prepare
    const file = await kubeconfigWithEksToken();
    // Act
    const { code, stdout } = await runCli(["probe", "--kubeconfig", file]);
    // Assess
    expect(code).toBe(0);
    const [header, row] = stdout.trim().split("\n");
    expect(header).toMatch(/^CLUSTER\s+REACHABLE\s+VERSION\s+IDENTITY\s+GROUPS\s+TIME$/);
    expect(row).toMatch(new RegExp(`^prod-admin\\s+yes\\s+v1\\.31\\.4-eks-2d5f260\\s+${TEST_PRINCIPAL}\\s+caretaker:drainer,system:authenticated\\s+\\d+ms$`));
  });

  it("exits 1 and explains the rejection when the context's credentials are refused", async () => {
    // Prepare
    const file = await kubeconfigWithEksToken();
    // Act
    const { code, stdout, stderr } = await runCli(["probe", "--kubeconfig", file, "--context", "prod-stale", "--json"]);
    // Assess
    expect(code).toBe(1);
    expect(stderr).toBe("");
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ cluster: "prod-stale", ok: false, error: expect.objectContaining({ reason: "unauthenticated" }) })]);
  });

  it("finds the kubeconfig through $KUBECONFIG like kubectl", async () => {
    const file = await kubeconfigWithEksToken();
    const { code, stdout } = await runCli(["probe", "--json"], { KUBECONFIG: file });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0]).toMatchObject({ cluster: "prod-admin", ok: true });
  });

  it("names the file it could not find and exits 3", async () => {
    const { code, stderr } = await runCli(["probe", "--kubeconfig", "/nonexistent/kubeconfig"]);
    expect(code).toBe(3);
    expect(stderr).toContain("No kubeconfig found (looked for /nonexistent/kubeconfig)");
  });

  it("rejects --cluster combined with --kubeconfig as a usage error, before connecting anywhere", async () => {
    const eks = mockClient(EKSClient);
    const { code, stderr } = await runCli(["probe", "--cluster", "prod", "--kubeconfig", "/tmp/x"]);
    expect(code).toBe(2);
    expect(stderr).toContain("cannot be combined with --kubeconfig");
    expect(eks).toHaveReceivedCommandTimes(DescribeClusterCommand, 0);
    eks.restore();
  });
});

describe("caretaker", () => {
  it("exits 2 with a hint on an unknown command", async () => {
    const { code, stderr } = await runCli(["bogus"]);
    expect(code).toBe(2);
    expect(stderr).toContain("unknown command 'bogus'");
    expect(stderr).toContain("caretaker --help");
  });

  it("prints help and exits 0", async () => {
    const { code, stdout } = await runCli(["--help"]);
    expect(code).toBe(0);
    expect(stdout).toContain("probe");
    expect(stdout).toContain("demo");
  });
});
