import { driftReaderRbac } from "@caretaker/core/drift/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { clockOf } from "../../../test/drain/harness";
import { type CliRun, runCliWithClock } from "./drain-sandbox";

let account: SandboxAccount;
let restoreCredentials: () => void;
beforeEach(async () => {
  const spec = demoSpec();
  account = await createSandboxAccount({ ...spec, clusters: spec.clusters?.map((cluster) => ({ ...cluster, objects: [...(cluster.objects ?? []), ...(driftReaderRbac() as never[])] })) });
  restoreCredentials = account.useCaretakerCredentials();
});
afterEach(async () => {
  restoreCredentials();
  await account.stop();
});

const run = (argv: string[]): Promise<CliRun> => runCliWithClock(argv, { env: {}, clock: clockOf(account.clock) });

describe("caretaker drift", () => {
  it("reports every cluster of the Region with what to do, and exits 1 on warnings", async () => {
    const { code, stdout } = await run(["drift"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^prod-eu\s+Kubernetes 1\.31 \(eks\.12\)\s+ACTIVE\s+5 node\(s\)$/m);
    expect(stdout).toMatch(/^warning\s+addon-blocks-upgrade\s+add-on vpc-cni\s+Before upgrading the control plane to 1\.32/m);
    expect(stdout).toMatch(/^warning\s+forced-upgrade-approaching\s+control plane 1\.30\s+/m);
    expect(stdout).toMatch(/^2 cluster\(s\): 0 error\(s\), 3 warning\(s\), 2 info\.$/m);
    // One-off: nothing remembered, nothing notified.
    expect(account.aws.sns.published()).toHaveLength(0);
    expect(account.aws.calls.count("dynamodb:PutItem")).toBe(0);
  });

  it("checks only the named clusters, and exits 2 when a rule is made an error", async () => {
    const { code, stdout } = await run(["drift", "--cluster", "staging-eu", "--eks-strict", "error"]);
    expect(code).toBe(2);
    expect(stdout).not.toContain("prod-eu");
    expect(stdout).toMatch(/^error\s+eks-strict-version-mismatch\s+managed node group general/m);
  });

  it("prints the report with its facts as JSON", async () => {
    const { stdout } = await run(["drift", "--cluster", "prod-eu", "--json"]);
    const report = JSON.parse(stdout);
    expect(report.clusters[0]).toMatchObject({ cluster: "prod-eu", version: "1.31", status: "ACTIVE" });
    expect(report.clusters[0].facts.nodes).toHaveLength(5);
    expect(report.clusters[0].findings.map((finding: { fingerprint: string }) => finding.fingerprint)).toContain("111122223333/eu-west-1/prod-eu/addon-blocks-upgrade/add-on vpc-cni");
  });

  it("refuses bad arguments before calling AWS", async () => {
    const { code, stderr } = await run(["drift", "--alert-window-days", "0"]);
    expect(code).toBe(2);
    expect(stderr).toContain("expected whole days between 1 and 730");
    expect(account.aws.calls.count()).toBe(0);
  });

  it("reports a cluster it cannot read instead of passing it as clean", async () => {
    const { code, stdout } = await run(["drift", "--cluster", "nope"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/nope\s+Kubernetes \?\s+UNREADABLE/);
    expect(stdout).toMatch(/^warning\s+check-incomplete\s+check of the cluster\s+/m);
  });
});
