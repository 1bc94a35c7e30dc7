import { defineConfig } from "vitest/config";

/**
 * Shared test configuration. Every package resolves workspace imports through
 * the `@oris/source` export condition, so tests and type tests run on the
 * TypeScript sources of all packages without a build first.
 */
export const sharedConfig = defineConfig({
  resolve: { conditions: ["@oris/source"] },
  ssr: { resolve: { conditions: ["@oris/source"] } },
  test: {
    // Generous: CI machines have 2 cores and turbo runs several suites at once.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    typecheck: {
      enabled: true,
      include: ["src/**/*.test-d.ts", "test/**/*.test-d.ts"],
      tsconfig: "./tsconfig.json",
    },
  },
});
