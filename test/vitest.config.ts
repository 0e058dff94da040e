import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/** One run for every package: unit tests next to each package, cross-package and integration tests under test/. */
export default defineConfig({
  root: fileURLToPath(new URL("..", import.meta.url)),
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Deterministic output order and no flakiness from oversubscribing a 2-core machine.
    sequence: { shuffle: false },
    restoreMocks: true,
    unstubEnvs: true,
  },
});
