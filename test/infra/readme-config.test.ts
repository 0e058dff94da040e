import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseCaretakerConfig } from "../../infra/caretaker-config";
import { planDrain } from "../../infra/drain-plan";
import { planDrift } from "../../infra/drift-plan";
import { planImageGc } from "../../infra/image-gc-plan";

describe("the README's deploy example", () => {
  it("is a configuration every capability's plan accepts", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const json = /export CARETAKER_CONFIG='([^']*)'/.exec(readme)?.[1];
    expect(json).toBeDefined();
    const config = parseCaretakerConfig(json);
    expect(Object.keys(config).sort()).toEqual(["autoScalingGroups", "clusters", "drain", "drift", "gc", "hook", "rebalance"]);
    expect(planDrain(config).rules.length).toBeGreaterThan(0);
    expect(planImageGc(config).deletableRepositories).toEqual([]);
    expect(planDrift(config).schedule).toBe("cron(0 5 * * ? *)");
  });
});
