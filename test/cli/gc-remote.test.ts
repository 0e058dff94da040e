import { READER_GROUP } from "@caretaker/core/access";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import type { GcRunReport } from "@caretaker/core/image-gc/run";
import { createSandboxAccount, demoSpec, type SandboxAccount } from "@caretaker/sandbox";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fitResponse, handler } from "../../functions/image-gc";
import { clusters } from "../../functions/lib/clients";
import { resetGcDeps } from "../../functions/lib/gc-deps";
import { useClock } from "../../functions/lib/runtime-clock";
import { runCli } from "../../packages/cli/test/run-cli";
import { clockOf } from "../drain/harness";
import { mockLambda, serveFunctions } from "../helpers/serve-functions";

const CARETAKER = "arn:aws:iam::111122223333:role/caretaker-functions";
const FUNCTION = "caretaker-prod-ImageGc";
/** Keeps one image per repository and deletes the rest, whatever their age: plenty of candidates in the demo account. */
const AGGRESSIVE = { rules: { keepNewest: 1, minAgeDays: 0 } };

let sandbox: SandboxAccount | undefined;
let restore: (() => void) | undefined;
const lambda = mockLambda();

afterEach(async () => {
  restore?.();
  await sandbox?.stop();
  sandbox = undefined;
  clusters.forget("prod-eu");
  clusters.forget("staging-eu");
  resetGcDeps();
});

/**
 * Lambda's Invoke, served in-process by the real image GC handler (what the deployed function would run);
 * `responseLimit` shrinks the response budget to see what the CLI does with a report that had to leave parts out.
 */
function deployGcFunction(options: { responseLimit?: number } = {}) {
  const { responseLimit } = options;
  const served = serveFunctions(
    lambda,
    { [FUNCTION]: responseLimit ? async (event, context) => fitResponse((await handler(event, context)) as GcRunReport, responseLimit) : handler },
    { remainingMs: 900_000 },
  );
  return served.received[FUNCTION] as unknown[];
}

/** The demo account with the function's role mapped to the reader group, deployed with this CARETAKER_GC_CONFIG. */
async function start(deployedConfig: object) {
  const spec = demoSpec(new Date("2026-11-21T00:00:00Z"));
  sandbox = await createSandboxAccount({
    ...spec,
    clusters: (spec.clusters ?? []).map((cluster) => ({
      ...cluster,
      eks: { ...cluster.eks, accessEntries: [{ principalArn: CARETAKER, kubernetesGroups: [READER_GROUP] }] },
      objects: [...(cluster.objects ?? []), ...(imageScannerRbac() as never[])],
    })),
  });
  restore = sandbox.useCaretakerCredentials();
  useClock(clockOf(sandbox.clock));
  vi.stubEnv("CARETAKER_GC_CONFIG", JSON.stringify(deployedConfig));
  return sandbox;
}

describe("caretaker gc --remote", () => {
  it("has the deployed function plan, and prints its report like a local run", async () => {
    // Prepare
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    const invoked = deployGcFunction();
    // Act
    const { code, stdout, stderr } = await runCli(["gc", "plan", "--remote", "--function", FUNCTION, "--details"], {});
    // Assess
    expect(code).toBe(0);
    expect(invoked).toEqual([{ dryRun: true }]);
    expect(stdout).toMatch(/^shop\/web\s+\d+\s+in-use \d+/m);
    expect(stdout).toMatch(/^shop\/web\s+sha256:[0-9a-f]{12}\s+<untagged>\s+image\s+45\.0 MB\s+delete\s+beyond-keep-n:1$/m);
    expect(stderr).toMatch(/plan only: \d+ image\(s\) would be deleted/);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("deletes with run --apply when the deployment enables deletion, finding the function in CARETAKER_GC_FUNCTION", async () => {
    const sb = await start({ ...AGGRESSIVE, enabled: true });
    const invoked = deployGcFunction();
    const { code, stderr } = await runCli(["gc", "run", "--apply", "--remote"], { CARETAKER_GC_FUNCTION: FUNCTION });
    expect(code).toBe(0);
    expect(invoked).toEqual([{ dryRun: false }]);
    expect(stderr).toMatch(/deleted \d+ image\(s\)/);
    expect(sb.aws.ecr.deletedDigests("shop/web").length).toBeGreaterThan(0);
  });

  it("only plans with run --apply when the deployment leaves deletion off, and says so", async () => {
    // Prepare
    const sb = await start(AGGRESSIVE);
    const invoked = deployGcFunction();
    // Act
    const { code, stderr } = await runCli(["gc", "run", "--apply", "--remote", "--function", FUNCTION], {});
    // Assess
    expect(code).toBe(0);
    expect(invoked).toEqual([{ dryRun: false }]);
    expect(stderr).toMatch(/plan only: \d+ image\(s\) would be deleted; nothing was deleted \(deletion is off in the deployed configuration: gc\.enabled\)/);
    expect(sb.aws.calls.count("ecr:BatchDeleteImage")).toBe(0);
  });

  it("says what the function left out of a report too large to return", async () => {
    // Prepare: a response budget that fits the summary but not the per-image decisions.
    await start(AGGRESSIVE);
    deployGcFunction({ responseLimit: 6_000 });
    // Act
    const { code, stdout, stderr } = await runCli(["gc", "plan", "--remote", "--function", FUNCTION, "--details"], {});
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/^shop\/web\s+\d+/m);
    expect(stdout).toContain("(no per-image decisions in this report; see the notes on stderr)");
    expect(stderr).toMatch(/left out of the function's answer: plans: \d+ per-image decisions .*caretaker gc plan --details/);
  });

  it("needs the function's name, and invokes nothing otherwise", async () => {
    await start(AGGRESSIVE);
    const invoked = deployGcFunction();
    const { code, stderr } = await runCli(["gc", "plan", "--remote"], {});
    expect(code).toBe(2);
    expect(stderr).toContain("--remote needs --function NAME or CARETAKER_GC_FUNCTION");
    expect(invoked).toEqual([]);
  });

  it("reports the function's own error and exits 3", async () => {
    // Prepare: a deployment whose configuration enables deletion with no rule.
    const sb = await start({ enabled: true });
    deployGcFunction();
    // Act
    const { code, stderr } = await runCli(["gc", "run", "--apply", "--remote", "--function", FUNCTION], {});
    // Assess
    expect(code).toBe(3);
    expect(stderr).toMatch(/^caretaker gc run --remote: caretaker-prod-ImageGc failed: Error: CARETAKER_GC_CONFIG: Invalid image GC configuration: .*no rule selects images/m);
    expect(sb.aws.calls.count("ecr")).toBe(0);
  });
});
