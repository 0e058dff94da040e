/**
 * Generates SST's platform types (.sst/platform/config.d.ts) without AWS or Pulumi, so that sst.config.ts and
 * infra/ can be type-checked anywhere (platform.md §2.13): bun from the npm `bun` package, a stage, no telemetry,
 * and no start-up download of Pulumi/bun.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

for (const tool of ["sst", "bun"]) {
  if (!existsSync(bin(tool))) {
    console.error(`sst-types: node_modules/.bin/${tool} is missing; run \`npm install\` first.`);
    process.exit(1);
  }
}

const result = spawnSync(bin("sst"), ["install"], {
  cwd: root,
  stdio: "inherit",
  env: {
    ...process.env,
    SST_BUN_PATH: bin("bun"),
    SST_STAGE: process.env.SST_STAGE ?? "typecheck",
    SST_TELEMETRY_DISABLED: "1",
    SST_SKIP_DEPENDENCY_CHECK: "1",
  },
});
if (result.status !== 0 || !existsSync(new URL("../.sst/platform/config.d.ts", import.meta.url))) {
  console.error(`sst-types: \`sst install\` failed (exit ${result.status ?? result.signal}); infra cannot be type-checked.`);
  process.exit(1);
}
