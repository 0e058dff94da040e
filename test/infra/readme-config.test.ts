import { readFileSync } from "node:fs";
import { CaretakerConfigSchema } from "@caretaker/core/config";
import { describe, expect, it } from "vitest";
import { planDrain } from "../../infra/drain-plan";
import { planDrift } from "../../infra/drift-plan";
import { planImageGc } from "../../infra/image-gc-plan";
import { loadCaretakerConfig } from "../../infra/load-config";

describe("the README's deploy example", () => {
  it("is a configuration the schema and every capability's plan accept, in the Region it deploys to", async () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const json = /export CARETAKER_CONFIG='([^']*)'/.exec(readme)?.[1];
    expect(json).toBeDefined();
    expect(Object.keys(JSON.parse(json as string)).sort()).toEqual(["autoScalingGroups", "clusters", "drain", "drift", "gc", "hook", "notifications", "rebalance", "region"]);
    const { config } = await loadCaretakerConfig({ CARETAKER_CONFIG: json, SST_AWS_REGION: "eu-west-1" });
    expect(config.notifications.emails).toEqual(["oncall@example.com"]);
    expect(planDrain(config).rules.length).toBeGreaterThan(0);
    expect(planImageGc(config).deletableRepositories).toEqual([]);
    expect(planDrift(config).schedule).toBe("cron(0 5 * * ? *)");
  });
});

describe("the README's configuration reference", () => {
  it("names every top-level key of the schema, and no other", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const section = readme.slice(readme.indexOf("## Configuration reference"), readme.indexOf("## Security model"));
    const named = [...section.matchAll(/^\| (`[^|]+`) \|/gm)].flatMap(([, keys = ""]) => [...keys.matchAll(/`(\w+)`/g)].map(([, key]) => key));
    expect(named.sort()).toEqual(Object.keys(CaretakerConfigSchema.shape).sort());
  });
});
