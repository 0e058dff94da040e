import { describeCheck, drainerRbac, forbiddenChecks, neededChecks, READER_GROUP, DRAINER_GROUP } from "@caretaker/core/access";
import { driftReaderRbac } from "@caretaker/core/drift/run";
import { imageScannerRbac } from "@caretaker/core/image-gc/in-use";
import { describe, expect, it } from "vitest";
import { ruleCovers } from "../../src/access/access-checks";

const readers = [...imageScannerRbac(), ...driftReaderRbac()];
const names = (checks: ReturnType<typeof forbiddenChecks>) => checks.map(describeCheck);

describe("what bootstrap verifies", () => {
  it("needs exactly what the shipped ClusterRoles bound to a group grant, each with its role", () => {
    const needs = neededChecks(drainerRbac({ forceDelete: false }), [DRAINER_GROUP]);
    expect(needs.map(describeCheck)).toEqual([
      "get nodes", "list nodes", "patch nodes", "get pods", "list pods", "create pods/eviction", "get daemonsets.apps",
      "list poddisruptionbudgets.policy", "get persistentvolumeclaims", "list volumeattachments.storage.k8s.io",
    ]);
    expect(new Set(needs.map((need) => need.clusterRole))).toEqual(new Set(["caretaker-drainer"]));
    expect(neededChecks(drainerRbac({ forceDelete: false }), [READER_GROUP])).toEqual([]);
  });

  it("forbids the drainer Secrets and pods delete (unless force-deletes are chosen), never what it needs", () => {
    const plain = names(forbiddenChecks(neededChecks(drainerRbac({ forceDelete: false }), [DRAINER_GROUP])));
    expect(plain).toEqual(expect.arrayContaining(["get secrets", "list secrets", "delete pods", "update nodes", "delete nodes", "create clusterrolebindings.rbac.authorization.k8s.io", "impersonate users"]));
    expect(plain.filter((check) => ["patch nodes", "create pods/eviction", "get pods"].includes(check))).toEqual([]);
    const forced = names(forbiddenChecks(neededChecks(drainerRbac({ forceDelete: true }), [DRAINER_GROUP])));
    expect(forced).not.toContain("delete pods");
    expect(forced).toContain("get secrets");
  });

  it("forbids the readers every write, to what they read and beyond", () => {
    const forbidden = names(forbiddenChecks(neededChecks(readers, [READER_GROUP])));
    for (const check of ["patch nodes", "create pods/eviction", "delete pods", "create deployments.apps", "patch daemonsets.apps", "delete jobs.batch", "deletecollection cronjobs.batch", "list secrets"]) {
      expect(forbidden).toContain(check);
    }
    expect(forbidden.filter((check) => /^(get|list|watch) /.test(check) && !check.includes("secrets"))).toEqual([]);
  });

  it("matches rules as the RBAC authorizer does: wildcards, subresources and resource names", () => {
    expect(ruleCovers({ apiGroups: ["*"], resources: ["*"], verbs: ["*"] }, { verb: "escalate", group: "rbac.authorization.k8s.io", resource: "clusterroles" })).toBe(true);
    expect(ruleCovers({ apiGroups: [""], resources: ["*/eviction"], verbs: ["create"] }, { verb: "create", group: "", resource: "pods", subresource: "eviction" })).toBe(true);
    expect(ruleCovers({ apiGroups: [""], resources: ["pods"], verbs: ["create"] }, { verb: "create", group: "", resource: "pods", subresource: "eviction" })).toBe(false);
    expect(ruleCovers({ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["alice"] }, { verb: "impersonate", group: "", resource: "users" })).toBe(false);
    expect(ruleCovers({ apiGroups: [""], resources: ["users"], verbs: ["impersonate"], resourceNames: ["alice"] }, { verb: "impersonate", group: "", resource: "users", name: "alice" })).toBe(true);
  });
});
