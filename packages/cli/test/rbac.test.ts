import { loadAllYaml } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli";

type RbacObject = { kind: string; metadata: { name: string }; rules?: Array<{ apiGroups: string[]; resources: string[]; verbs: string[] }>; subjects?: Array<{ name: string }> };

const parse = (stdout: string) => loadAllYaml(stdout) as RbacObject[];
const role = (objects: RbacObject[], name: string) => objects.find((object) => object.kind === "ClusterRole" && object.metadata.name === name);

describe("caretaker rbac", () => {
  it("prints every role and binding Caretaker needs, without pods delete by default", async () => {
    const { code, stdout } = await runCli(["rbac"]);
    expect(code).toBe(0);
    const objects = parse(stdout);
    expect(objects.map((object) => `${object.kind}/${object.metadata.name}`)).toEqual([
      "ClusterRole/caretaker-drainer",
      "ClusterRoleBinding/caretaker-drainer",
      "ClusterRole/caretaker-image-scanner",
      "ClusterRoleBinding/caretaker-image-scanner",
      "ClusterRole/caretaker-drift-reader",
      "ClusterRoleBinding/caretaker-drift-reader",
    ]);
    expect(role(objects, "caretaker-drainer")?.rules?.find((rule) => rule.resources.includes("pods/eviction"))?.verbs).toEqual(["create"]);
    expect(role(objects, "caretaker-drainer")?.rules?.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(false);
    expect(objects.filter((object) => object.kind === "ClusterRoleBinding").map((binding) => binding.subjects?.[0]?.name)).toEqual(["caretaker:drainer", "caretaker:reader", "caretaker:reader"]);
  });

  it("gives the reader group nothing but reads", async () => {
    const objects = parse((await runCli(["rbac", "--only", "reader"])).stdout);
    const verbs = objects.flatMap((object) => object.rules ?? []).flatMap((rule) => rule.verbs);
    expect(new Set(verbs)).toEqual(new Set(["list", "get"]));
    expect(objects.some((object) => object.metadata.name === "caretaker-drainer")).toBe(false);
  });

  it("adds pods delete with --force-delete", async () => {
    const objects = parse((await runCli(["rbac", "--only", "drainer", "--force-delete"])).stdout);
    expect(role(objects, "caretaker-drainer")?.rules?.some((rule) => rule.resources.includes("pods") && rule.verbs.includes("delete"))).toBe(true);
  });

  it("refuses an unknown group", async () => {
    const { code, stderr } = await runCli(["rbac", "--only", "admin"]);
    expect(code).toBe(2);
    expect(stderr).toContain("Allowed choices are drainer, reader");
  });
});
