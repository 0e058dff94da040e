import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const ALL = ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"];
/**
 * Files that mock SDK clients (aws-sdk-client-mock patches client prototypes), mock modules, or run the functions'
 * module-level singletons (the Powertools logger, the cached cluster connector and dependencies): each gets fresh
 * modules, so nothing one of them sets up can leak into another file.
 */
const NEEDS_FRESH_MODULES = [
  "test/functions/**/*.test.ts",
  "test/cli/**/*.test.ts",
  "test/integration/**/*.test.ts",
  "test/infra/*-iam.test.ts",
  "packages/cli/test/probe.test.ts",
  "packages/core/test/notify/notifier.test.ts",
];

/** One run for every package: unit tests next to each package, cross-package and integration tests under test/. */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    setupFiles: ["test/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Deterministic output order and no flakiness from oversubscribing a 2-core machine.
    sequence: { shuffle: false },
    restoreMocks: true,
    unstubEnvs: true,
    projects: [
      // Modules are shared between the files of a worker: importing the SDKs and the Kubernetes client once per
      // worker instead of once per file halves the suite's time. Every file resets what it changes (env stubs,
      // mocks, cached dependencies) in its own hooks.
      { extends: true, test: { name: "shared", include: ALL, exclude: NEEDS_FRESH_MODULES, isolate: false } },
      { extends: true, test: { name: "isolated", include: NEEDS_FRESH_MODULES, isolate: true } },
    ],
  },
});
