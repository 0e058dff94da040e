import { readFileSync } from "node:fs";
import { caretakerConfig } from "@caretaker/core/config";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { EXAMPLE, OUTPUT, renderConfigurationDocs } from "../../.ci/config-docs";

describe("docs/configuration.md", () => {
  it("is what the schema renders today", () => {
    expect(readFileSync(OUTPUT, "utf8"), "docs/configuration.md is stale: run npm run docs:config").toBe(renderConfigurationDocs());
  });

  it("documents every top-level key and shows an example the schema accepts", () => {
    const docs = renderConfigurationDocs();
    for (const key of ["region", "clusters", "autoScalingGroups", "hook", "rebalance", "drain", "functionTimeoutSeconds", "visibilityTimeoutSeconds", "gc", "drift", "notifications", "vpc"]) {
      expect(docs).toContain(`\n### ${key}\n`);
    }
    expect(docs).toContain("| `gc.enabled` | boolean | `false` |");
    expect(() => caretakerConfig(EXAMPLE)).not.toThrow();
  });
});

describe("what infra imports from core", () => {
  it.each(["config", "discovery"])("@caretaker/core/%s bundles without Node-only or Kubernetes code (the deploy bundles it)", async (module) => {
    // Act
    const result = await build({ stdin: { contents: `export * from "@caretaker/core/${module}";`, resolveDir: process.cwd(), loader: "ts" }, bundle: true, write: false, metafile: true, platform: "neutral", format: "esm", mainFields: ["module", "main"], logLevel: "silent", external: ["@aws-sdk/*"] });

    // Assess
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /@kubernetes|node_modules\/(undici|ws)\/|packages\/core\/src\/(eks|notify|state)\//.test(input))).toEqual([]);
    if (module === "config") expect(inputs.filter((input) => input.includes("node_modules") && !input.includes("node_modules/zod/"))).toEqual([]);
  });
});
