import { loadAllYaml } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

describe("caretaker rbac", () => {
  it("prints the drainer ClusterRole and its group binding as YAML, without pods delete by default", async () => {
    const { code, stdout } = await runCli(["rbac"]);
    expect(code).toBe(0);
    const [role, binding] = loadAllYaml(stdout) as Array<{ kind: string; rules?: Array<{ resources: string[]; verbs: string[] }>; subjects?: Array<{ name: string }> }>;
    expect(role?.kind).toBe("ClusterRole");
    expect(role?.rules?.find((rule) => rule.resources.includes("pods/eviction"))?.verbs).toEqual(["create"]);
    expect(role?.rules?.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(false);
    expect(binding?.subjects).toEqual([expect.objectContaining({ name: "caretaker:drainer" })]);
  });

  it("adds pods delete with --force-delete", async () => {
    const { stdout } = await runCli(["rbac", "--force-delete"]);
    const [role] = loadAllYaml(stdout) as Array<{ rules: Array<{ resources: string[]; verbs: string[] }> }>;
    expect(role?.rules.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(true);
  });
});
