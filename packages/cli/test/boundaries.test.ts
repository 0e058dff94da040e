import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const SRC = fileURLToPath(new URL("../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith(".ts") ? [join(dir, entry.name)] : []));
}

describe("the CLI's sandbox boundary", () => {
  it("imports the sandbox only under src/demo/, which only the demo and sandbox commands load, lazily", () => {
    const importers = sources(SRC)
      .filter((file) => /from "@caretaker\/sandbox/.test(readFileSync(file, "utf8")))
      .map((file) => relative(SRC, file));
    expect(importers.filter((file) => !file.startsWith("demo/"))).toEqual([]);
    const staticDemoImports = sources(SRC)
      .filter((file) => !relative(SRC, file).startsWith("demo/"))
      .filter((file) => /^import (?!type )[^;]*from "\.\.?\/(\.\.\/)?demo\//m.test(readFileSync(file, "utf8")));
    expect(staticDemoImports.map((file) => relative(SRC, file))).toEqual([]);
  });
});
