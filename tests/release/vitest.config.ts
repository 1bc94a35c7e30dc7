import { defineConfig } from "vitest/config";

/**
 * The release tests work on packed tarballs, installed with npm into temporary
 * projects outside the workspace; `globalSetup` packs every publishable
 * package once. They spawn npm, tsc, esbuild, publint, attw and API Extractor,
 * so they get generous timeouts (never timed assertions) and run one file per
 * worker on CI's two cores.
 */
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["./test/globalSetup.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    maxWorkers: 2,
  },
});
