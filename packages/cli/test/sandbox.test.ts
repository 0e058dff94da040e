import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

const temp = () => mkdtempSync(join(tmpdir(), "caretaker-cli-sandbox-"));

describe("caretaker demo", () => {
  it("boots the demo account, reaches both clusters, drains a node through its lifecycle hook, collects images without touching any a pod runs, and shows the notifications", async () => {
    // Prepare
    const before = { key: process.env.AWS_ACCESS_KEY_ID, region: process.env.AWS_REGION };
    // Act
    const { code, stdout } = await runCli(["demo"], process.env);
    // Assess
    expect(code).toBe(0);
    expect(stdout).toMatch(/prod-eu\s+v1\.31\.4-eks-2d5f260\s+https:\/\/127\.0\.0\.1:\d+\s+5\s+\d+/);
    expect(stdout).toMatch(/prod-eu-general\s+managed\s+3\s+caretaker-drain \(300s, CONTINUE\)/);
    expect(stdout).toMatch(/shop\/web\s+12\s+3\s+1\s+1\s+6/);
    expect(stdout).toMatch(/prod-eu\s+yes\s+v1\.31\.4-eks-2d5f260\s+arn:aws:sts::111122223333:assumed-role\/caretaker-functions\//);
    expect(stdout).toMatch(/staging-eu\s+yes\s+v1\.30\.4/);
    expect(stdout).toMatch(/^Drain drained: \d+ pods evicted, 0 PodDisruptionBudget violations; lifecycle: CONTINUE \(completed: pods are gone\)$/m);
    expect(stdout).toMatch(/^Subject: \[Caretaker\] Drained ip-10-0-\d+-\d+\.eu-west-1\.compute\.internal \(prod-eu\)$/m);
    expect(stdout).toMatch(/^Pull-through cache repositories left alone: docker-hub\/library\/nginx\.$/m);
    const plan = stdout.slice(stdout.indexOf("Plan (deletion is off"), stdout.indexOf("The same run with deletion enabled"));
    const applied = stdout.slice(stdout.indexOf("The same run with deletion enabled"));
    const wouldDelete = Number(/shop\/web\s+12\s+.*in-use 3.*?\s(\d+)\s+-$/m.exec(plan)?.[1]);
    expect(wouldDelete).toBeGreaterThan(0);
    expect(applied).toMatch(new RegExp(`shop/web\\s+12\\s+.*in-use 3.*\\s${wouldDelete}\\s+\\d+ MB$`, "m"));
    expect(stdout).toMatch(/^Images running in the clusters: \d+ pod containers, 0 of their images deleted\.$/m);
    expect(stdout).toMatch(/^Subject: \[Caretaker\] Image GC run: deleted \d+ image\(s\), [\d.]+ MB reclaimed$/m);
    expect(stdout).toMatch(/^warning\s+forced-upgrade-approaching\s+control plane 1\.30\s+/m);
    expect(stdout).toMatch(/^  Subject: \[Caretaker\] WARNING: Drift in staging-eu: 3 new$/m);
    expect(stdout).toMatch(/^The next day's run: the same 5 findings, 0 notifications/m);
    // The demo signs as the sandbox's principal only while it runs.
    expect({ key: process.env.AWS_ACCESS_KEY_ID, region: process.env.AWS_REGION }).toEqual(before);
  });
});

describe("caretaker sandbox", () => {
  it("writes a kubeconfig with one context per cluster and stops after --duration", async () => {
    const kubeconfig = join(temp(), "kubeconfig");
    const { code, stdout } = await runCli(["sandbox", "--duration", "0.2", "--kubeconfig-out", kubeconfig]);
    expect(code).toBe(0);
    const config = JSON.parse(readFileSync(kubeconfig, "utf8"));
    expect(config.contexts.map((context: { name: string }) => context.name)).toEqual(["prod-eu", "staging-eu"]);
    expect(stdout).toContain(`export KUBECONFIG=${kubeconfig}`);
    expect(stdout).toContain("Sandbox stopped.");
  });

  it("runs a spec file", async () => {
    const dir = temp();
    writeFileSync(join(dir, "spec.json"), JSON.stringify({ clusters: [{ name: "tiny", nodeGroups: [{ name: "ng", nodes: 1 }] }] }));
    const { code, stdout } = await runCli(["sandbox", "--spec", join(dir, "spec.json"), "--duration", "0.1", "--kubeconfig-out", join(dir, "kc")]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/tiny\s+v1\.31\.4-eks-2d5f260\s+https:\/\/127\.0\.0\.1:\d+\s+1\s+0/);
  });

  it("explains a spec that is not JSON, and a bad --scale, without starting anything", async () => {
    const dir = temp();
    writeFileSync(join(dir, "spec.json"), "{ clusters: nope }");
    const broken = await runCli(["sandbox", "--spec", join(dir, "spec.json")]);
    expect(broken.code).toBe(3);
    expect(broken.stderr).toContain(`the sandbox spec ${join(dir, "spec.json")} is not valid JSON`);
    const scale = await runCli(["sandbox", "--scale", "-1"]);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain("must be a positive number");
  });
});
